import type { VotePublicSignalName, VotePublicSignals } from "@mutua/core";
import { VOTE_PUBLIC_SIGNALS } from "@mutua/core";
import type { Groth16Proof } from "snarkjs";
import type { EligibilityArtifacts } from "./artifacts.ts";
import { WarmCircuitProver } from "./groth16-prover.ts";
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
export class VoteProver extends WarmCircuitProver<Ballot, VotePublicSignalName> {
  constructor(artifacts: VoteArtifacts) {
    super(artifacts, VOTE_PUBLIC_SIGNALS);
  }

  /** Checks the ballot (typed errors for anything the circuit would reject), then proves it. */
  prove(ballot: Ballot): Promise<VoteProof> {
    return this.proveNamed(ballot);
  }

  protected buildInput(ballot: Ballot, maxDepth: number) {
    return buildVoteInput(ballot, maxDepth);
  }
}
