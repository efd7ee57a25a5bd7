import { ELIGIBILITY_PUBLIC_SIGNALS, VOTE_PUBLIC_SIGNALS } from "@mutua/core";
import type { Groth16Proof } from "snarkjs";
import type { EligibilityProof } from "./eligibility-proof.ts";
import { orderSignals } from "./signal-names.ts";
import type { VoteProof } from "./vote-prover.ts";

/** Arguments of the generated verifier's `verifyProof(pA, pB, pC, pubSignals)`, as bigints. */
export interface SolidityProof {
  pA: [bigint, bigint];
  pB: [[bigint, bigint], [bigint, bigint]];
  pC: [bigint, bigint];
  pubSignals: bigint[];
}

/**
 * Formats an eligibility or ballot proof for the Solidity verifiers. The EVM's pairing precompile takes G2
 * coordinates as (imaginary, real), snarkjs stores them as (real, imaginary): pB's inner pairs are swapped.
 */
export function toSolidityProof(proof: EligibilityProof | VoteProof): SolidityProof {
  const signals =
    "claim" in proof.publicSignals
      ? orderSignals(ELIGIBILITY_PUBLIC_SIGNALS, proof.publicSignals)
      : orderSignals(VOTE_PUBLIC_SIGNALS, proof.publicSignals);
  return { ...solidityPoints(proof.proof), pubSignals: signals.map(BigInt) };
}

function solidityPoints({ pi_a, pi_b, pi_c }: Groth16Proof): Omit<SolidityProof, "pubSignals"> {
  const g2 = (i: number): [bigint, bigint] => [BigInt(pi_b[i]?.[1] as string), BigInt(pi_b[i]?.[0] as string)];
  return {
    pA: [BigInt(pi_a[0] as string), BigInt(pi_a[1] as string)],
    pB: [g2(0), g2(1)],
    pC: [BigInt(pi_c[0] as string), BigInt(pi_c[1] as string)],
  };
}
