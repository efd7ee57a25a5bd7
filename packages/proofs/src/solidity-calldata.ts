import type { EligibilityProof } from "./eligibility-proof.ts";
import { orderPublicSignals } from "./eligibility-proof.ts";

/** Arguments of the generated verifier's `verifyProof(pA, pB, pC, pubSignals)`, as bigints. */
export interface SolidityProof {
  pA: [bigint, bigint];
  pB: [[bigint, bigint], [bigint, bigint]];
  pC: [bigint, bigint];
  pubSignals: bigint[];
}

/**
 * Formats a proof for the Solidity verifier. The EVM's pairing precompile takes G2 coordinates as
 * (imaginary, real), snarkjs stores them as (real, imaginary): pB's inner pairs are swapped.
 */
export function toSolidityProof({ proof, publicSignals }: EligibilityProof): SolidityProof {
  const { pi_a, pi_b, pi_c } = proof;
  const g2 = (i: number): [bigint, bigint] => [BigInt(pi_b[i]?.[1] as string), BigInt(pi_b[i]?.[0] as string)];
  return {
    pA: [BigInt(pi_a[0] as string), BigInt(pi_a[1] as string)],
    pB: [g2(0), g2(1)],
    pC: [BigInt(pi_c[0] as string), BigInt(pi_c[1] as string)],
    pubSignals: orderPublicSignals(publicSignals).map(BigInt),
  };
}
