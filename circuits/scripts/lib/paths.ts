import { existsSync, readFileSync, realpathSync as realpath } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const circuitsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const repoRoot = join(circuitsDir, "..");
export const buildDir = join(circuitsDir, "build");
export const ptauDir = join(buildDir, "ptau");

/** The circuits the contracts verify: the claim's eligibility proof and the anonymous ballot. */
export const CIRCUITS = ["eligibility", "vote"] as const;
export type CircuitName = (typeof CIRCUITS)[number];

/** Solidity library name of a circuit's verifier: EligibilityVerifier, VoteVerifier. */
export function verifierLibraryName(circuit: CircuitName): string {
  return `${circuit[0]?.toUpperCase()}${circuit.slice(1)}Verifier`;
}

export function generatedVerifierPath(circuit: CircuitName): string {
  return join(repoRoot, "contracts", "src", "generated", `${verifierLibraryName(circuit)}.sol`);
}

export function parseCircuitName(value: string | undefined): CircuitName {
  const circuit = (value ?? "eligibility") as CircuitName;
  if (!CIRCUITS.includes(circuit)) throw new Error(`--circuit must be one of ${CIRCUITS.join(", ")}, got ${value}`);
  return circuit;
}

/** Real (symlink-free) directory of an installed package; works for packages whose exports hide package.json. */
export function packageDir(name: string): string {
  const entry =
    name === "circomlib" ? join(circuitsDir, "node_modules", "circomlib", "package.json") : fileURLToPath(import.meta.resolve(name));
  let dir = dirname(entry);
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return realpath(dir);
}

/** circom2 runs under WASI and cannot follow pnpm's links: give it real paths relative to the repo root. */
export function packageDirFromRoot(name: string): string {
  return relative(repoRoot, packageDir(name));
}

export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), "package.json"), "utf8")) as { version: string }).version;
}
