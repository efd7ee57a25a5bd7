import { MutuaError } from "@mutua/core";

/** The member leaf built from the secret and policy terms is not the leaf the Merkle proof is for, or the path does not reach the root. */
export class LeafNotInTreeError extends MutuaError {
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super("LEAF_NOT_IN_TREE", `member leaf not in tree: ${reason}`, details);
  }
}

/** A claim asks for more than the policy's coverage limit. */
export class CoverageExceededError extends MutuaError {
  constructor(claimAmount: bigint, coverageLimit: bigint) {
    super("COVERAGE_EXCEEDED", `claim amount ${claimAmount} exceeds the coverage limit ${coverageLimit}`, { claimAmount, coverageLimit });
  }
}

/** The loss happened after the policy ended. */
export class PolicyExpiredError extends MutuaError {
  constructor(now: bigint, policyExpiry: bigint) {
    super("POLICY_EXPIRED", `the policy ended at ${policyExpiry}, before the loss at ${now}`, { now, policyExpiry });
  }
}

/** The loss happened before the policy started. */
export class PolicyNotStartedError extends MutuaError {
  constructor(now: bigint, policyStart: bigint) {
    super("POLICY_NOT_STARTED", `the policy starts at ${policyStart}, after the loss at ${now}`, { now, policyStart });
  }
}

/** A parametric claim names a product the policy does not hold. */
export class ProductNotCoveredError extends MutuaError {
  constructor(product: number, held: readonly number[]) {
    const list = held.length === 0 ? "none" : held.join(", ");
    super("PRODUCT_NOT_COVERED", `the policy does not hold parametric product ${product} (it holds: ${list})`, { product, held });
  }
}

/** The tree is deeper than the circuit the artifacts were built for. */
export class TreeTooDeepError extends MutuaError {
  constructor(depth: number, maxDepth: number) {
    super("TREE_TOO_DEEP", `Merkle proof has depth ${depth}, the circuit supports at most ${maxDepth}`, { depth, maxDepth });
  }
}

/** A proving artifact (wasm, zkey, verification key) could not be read or is malformed. */
export class ArtifactError extends MutuaError {
  constructor(source: string, reason: string, options?: ErrorOptions) {
    super("ARTIFACT_UNAVAILABLE", `cannot load artifact ${source}: ${reason}`, { source }, options);
  }
}

/** A proof object is not shaped like a Groth16 eligibility proof. */
export class MalformedProofError extends MutuaError {
  constructor(reason: string) {
    super("MALFORMED_PROOF", `malformed eligibility proof: ${reason}`);
  }
}

/** The voter's own nullifier for the excluded scope is the excluded one: an assessor voting on their own claim. */
export class OwnClaimError extends MutuaError {
  constructor() {
    super("OWN_CLAIM", "you filed this claim: an assessor cannot vote on their own claim");
  }
}
