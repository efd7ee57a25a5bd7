import type { EligibilityArtifacts } from "./artifacts.ts";
import type { EligibilityClaim } from "./circuit-input.ts";
import { buildEligibilityInput } from "./circuit-input.ts";
import type { EligibilityProof } from "./eligibility-proof.ts";
import { namePublicSignals } from "./eligibility-proof.ts";
import { assertExpectedSignals, Groth16Prover } from "./groth16-prover.ts";

/**
 * A prover that keeps the artifacts in memory, the witness wasm compiled and the curve's worker
 * threads warm between proofs (snarkjs alone recompiles the 2.7 MB wasm on every proof: ~95 ms).
 * Use it when proving more than once; `close()` (or `await using`) lets the process exit.
 */
export class EligibilityProver implements AsyncDisposable {
  readonly #artifacts: EligibilityArtifacts;
  readonly #prover: Groth16Prover;

  constructor(artifacts: EligibilityArtifacts) {
    this.#artifacts = artifacts;
    this.#prover = new Groth16Prover(artifacts);
  }

  get maxDepth(): number {
    return this.#artifacts.maxDepth;
  }

  /** Checks the claim (typed errors for anything the circuit would reject), then proves it. */
  async prove(claim: EligibilityClaim): Promise<EligibilityProof> {
    const { input, expected } = buildEligibilityInput(claim, this.#artifacts.maxDepth);
    const { proof, publicSignals } = await this.#prover.prove(input);
    const named = namePublicSignals(publicSignals);
    assertExpectedSignals(named, expected);
    return { proof, publicSignals: named };
  }

  close(): Promise<void> {
    return this.#prover.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
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
