import type { EligibilityPublicSignalName } from "@mutua/core";
import { ELIGIBILITY_PUBLIC_SIGNALS } from "@mutua/core";
import type { EligibilityArtifacts } from "./artifacts.ts";
import type { EligibilityClaim } from "./circuit-input.ts";
import { buildEligibilityInput } from "./circuit-input.ts";
import type { EligibilityProof } from "./eligibility-proof.ts";
import { WarmCircuitProver } from "./groth16-prover.ts";

/**
 * A prover that keeps the artifacts in memory, the witness wasm compiled and the curve's worker
 * threads warm between proofs (snarkjs alone recompiles the 2.7 MB wasm on every proof: ~95 ms).
 * Use it when proving more than once; `close()` (or `await using`) lets the process exit.
 */
export class EligibilityProver extends WarmCircuitProver<EligibilityClaim, EligibilityPublicSignalName> {
  constructor(artifacts: EligibilityArtifacts) {
    super(artifacts, ELIGIBILITY_PUBLIC_SIGNALS);
  }

  /** Checks the claim (typed errors for anything the circuit would reject), then proves it. */
  prove(claim: EligibilityClaim): Promise<EligibilityProof> {
    return this.proveNamed(claim);
  }

  protected buildInput(claim: EligibilityClaim, maxDepth: number) {
    return buildEligibilityInput(claim, maxDepth);
  }
}

/**
 * Proves one claim: that the claimant is a member of the tree, within coverage and policy period,
 * and that the proof is bound to this scope, evidence and recipient. Returns once the worker
 * threads are released; for many proofs keep an `EligibilityProver` open instead.
 */
export async function proveEligibility(claim: EligibilityClaim, artifacts: EligibilityArtifacts): Promise<EligibilityProof> {
  const prover = new EligibilityProver(artifacts);
  try {
    return await prover.prove(claim);
  } finally {
    await prover.close();
  }
}
