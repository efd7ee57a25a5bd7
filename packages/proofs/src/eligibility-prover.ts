import { MutuaError } from "@mutua/core";
import type { WitnessCalculator } from "circom_runtime";
import { WitnessCalculatorBuilder } from "circom_runtime";
import * as snarkjs from "snarkjs";
import type { EligibilityArtifacts } from "./artifacts.ts";
import type { EligibilityClaim } from "./circuit-input.ts";
import { buildEligibilityInput } from "./circuit-input.ts";
import { acquireCurve, releaseCurve } from "./curve-lease.ts";
import type { EligibilityProof } from "./eligibility-proof.ts";
import { namePublicSignals } from "./eligibility-proof.ts";

/**
 * A prover that keeps the artifacts in memory, the witness wasm compiled and the curve's worker
 * threads warm between proofs (snarkjs alone recompiles the 2.7 MB wasm on every proof: ~95 ms).
 * Use it when proving more than once; `close()` (or `await using`) lets the process exit.
 */
export class EligibilityProver implements AsyncDisposable {
  readonly #artifacts: EligibilityArtifacts;
  #witnessCalculator: Promise<WitnessCalculator> | undefined;
  #open = true;

  constructor(artifacts: EligibilityArtifacts) {
    this.#artifacts = artifacts;
    acquireCurve();
  }

  get maxDepth(): number {
    return this.#artifacts.maxDepth;
  }

  /** Checks the claim (typed errors for anything the circuit would reject), then proves it. */
  async prove(claim: EligibilityClaim): Promise<EligibilityProof> {
    if (!this.#open) throw new MutuaError("PROVER_CLOSED", "this prover was closed");
    const { input, expected } = buildEligibilityInput(claim, this.#artifacts.maxDepth);
    this.#witnessCalculator ??= WitnessCalculatorBuilder(this.#artifacts.wasm);
    let witness: Uint8Array;
    try {
      witness = await (await this.#witnessCalculator).calculateWTNSBin(input, true);
    } catch (error) {
      // The checks above mirror the circuit, so this means artifacts for another circuit.
      throw new MutuaError("WITNESS_FAILED", `the circuit rejected the witness: ${(error as Error).message}`, {}, { cause: error });
    }
    const { proof, publicSignals } = await snarkjs.groth16.prove(this.#artifacts.zkey, witness);
    const named = namePublicSignals(publicSignals);
    for (const [name, value] of Object.entries(expected)) {
      // A mismatch means the artifacts are not the circuit this package was written for.
      if (named[name as keyof typeof named] !== value) {
        throw new MutuaError("ARTIFACT_MISMATCH", `circuit produced ${name}=${named[name as keyof typeof named]}, expected ${value}`);
      }
    }
    return { proof, publicSignals: named };
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await releaseCurve();
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
