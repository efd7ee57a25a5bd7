import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { MutuaError } from "@mutua/core";
import { writeFileAtomic } from "@mutua/core/node";

/** True in Node; the member app bundles this package for the browser, where nothing is cached on disk. */
export const inNode = Boolean((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node);

/**
 * Where something derived from circomlibjs once is kept for later processes (the native hasher's framed constants,
 * the WebAssembly Poseidon's code): beside the native hasher, in native/target/ (the same depth from src/tree-build/
 * and dist/tree-build/). A variable, not a literal: bundlers would otherwise try to copy the file into the app.
 */
export function cachedArtifactPath(name: string): string {
  const relative = `../../native/target/${name}`;
  return fileURLToPath(new URL(/* @vite-ignore */ relative, import.meta.url));
}

/** The cached bytes, or undefined when not cached yet (or not in Node). */
export function readCachedArtifact(name: string): Uint8Array | undefined {
  if (!inNode) return undefined;
  try {
    return new Uint8Array(readFileSync(cachedArtifactPath(name)));
  } catch {
    return undefined;
  }
}

/** Keeps `bytes` for later processes (written whole or not at all); a read-only install keeps nothing. */
export function writeCachedArtifact(name: string, bytes: Uint8Array): void {
  if (!inNode) return;
  try {
    const path = cachedArtifactPath(name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, bytes);
  } catch {
    // read-only: derived again by the next process that needs it
  }
}

/** What the build derives from circomlibjs (scripts/derive-poseidon.ts) is missing: an unbuilt checkout. */
export class PoseidonArtifactMissingError extends MutuaError {
  constructor(file: string) {
    super("POSEIDON_ARTIFACT_MISSING", `${file} was not derived: run \`pnpm --filter @mutua/proofs run build:native\``, { file });
  }
}
