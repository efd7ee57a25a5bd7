import type { VotePublicSignals } from "@mutua/core";
import { VOTE_PUBLIC_SIGNALS } from "@mutua/core";
import type { Groth16Proof } from "snarkjs";
import type { EligibilityArtifacts } from "./artifacts.ts";
import { assertExpectedSignals, Groth16Prover } from "./groth16-prover.ts";
import { nameSignals } from "./signal-names.ts";
import type { Ballot } from "./vote-input.ts";
import { buildVoteInput } from "./vote-input.ts";

/** A Groth16 proof of one anonymous ballot and its public signals, by name. */
export interface VoteProof {
  proof: Groth16Proof;
  publicSignals: VotePublicSignals;
}

/** The vote circuit's artifacts in memory (the same shape as the eligibility circuit's). */
export type VoteArtifacts = EligibilityArtifacts;

/**
 * Proves anonymous ballots (the vote circuit) with the wasm and curve kept warm between proofs.
 * `close()` (or `await using`) lets the process exit.
 */
export class VoteProver implements AsyncDisposable {
  readonly #artifacts: VoteArtifacts;
  readonly #prover: Groth16Prover;

  constructor(artifacts: VoteArtifacts) {
    this.#artifacts = artifacts;
    this.#prover = new Groth16Prover(artifacts);
  }

  /** Checks the ballot (typed errors for anything the circuit would reject), then proves it. */
  async prove(ballot: Ballot): Promise<VoteProof> {
    const { input, expected } = buildVoteInput(ballot, this.#artifacts.maxDepth);
    const { proof, publicSignals } = await this.#prover.prove(input);
    const named = nameSignals(VOTE_PUBLIC_SIGNALS, publicSignals);
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
