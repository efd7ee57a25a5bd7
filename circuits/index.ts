import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The depth the contracts' verifier is generated for: up to 2^20 (about a million) members. */
export const DEFAULT_MAX_DEPTH = 20;

// This file runs from the package root (source) or from dist/ (built).
// Computed on use, not at import: the browser app imports this module (for its types) and has no file paths.
const packageRoot = () => fileURLToPath(new URL(import.meta.url.includes("/dist/") ? "../" : "./", import.meta.url));

/** Paths of the eligibility circuit's build outputs for one depth (`pnpm artifacts` builds them). */
export function eligibilityArtifactPaths(maxDepth: number = DEFAULT_MAX_DEPTH) {
  const dir = join(packageRoot(), "build", `eligibility_${maxDepth}`);
  return {
    maxDepth,
    wasm: join(dir, `eligibility_${maxDepth}_js`, `eligibility_${maxDepth}.wasm`),
    zkey: join(dir, `eligibility_${maxDepth}.zkey`),
    verificationKey: join(dir, "verification_key.json"),
    r1cs: join(dir, `eligibility_${maxDepth}.r1cs`),
    witnessCalculator: join(dir, `eligibility_${maxDepth}_js`, "witness_calculator.js"),
  };
}

/** Paths of the vote circuit's build outputs (anonymous ballots; built at the contracts' depth). */
export function voteArtifactPaths(maxDepth: number = DEFAULT_MAX_DEPTH) {
  const dir = join(packageRoot(), "build", `vote_${maxDepth}`);
  return {
    maxDepth,
    wasm: join(dir, `vote_${maxDepth}_js`, `vote_${maxDepth}.wasm`),
    zkey: join(dir, `vote_${maxDepth}.zkey`),
    verificationKey: join(dir, "verification_key.json"),
    r1cs: join(dir, `vote_${maxDepth}.r1cs`),
  };
}

/**
 * This package's built artifacts as a circuit artifact resolver (`@mutua/proofs`' CircuitArtifactResolver): the SDK's
 * default in Node. Files only: a browser passes URLs instead.
 */
export function builtCircuitArtifacts(circuit: "eligibility" | "vote", maxDepth: number = DEFAULT_MAX_DEPTH) {
  const paths = circuit === "vote" ? voteArtifactPaths(maxDepth) : eligibilityArtifactPaths(maxDepth);
  return { maxDepth, wasm: paths.wasm, zkey: paths.zkey, verificationKey: paths.verificationKey };
}
