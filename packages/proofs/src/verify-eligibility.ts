import { SNARK_SCALAR_FIELD } from "@mutua/core";
import * as snarkjs from "snarkjs";
import type { VerificationKey } from "./artifacts.ts";
import { withCurve } from "./curve-lease.ts";
import type { EligibilityProof } from "./eligibility-proof.ts";
import { orderPublicSignals } from "./eligibility-proof.ts";
import { MalformedProofError } from "./errors.ts";

/**
 * Verifies an eligibility proof off-chain against a verification key. It checks the proof only:
 * whether the root is a current member root, the nullifier unused and the scope right is the
 * caller's business (the contract checks each on-chain). Returns false for a proof that does not
 * verify; throws MalformedProofError for something that is not a proof at all.
 */
export async function verifyEligibility(proof: EligibilityProof, verificationKey: VerificationKey): Promise<boolean> {
  if (!proof || typeof proof !== "object" || !proof.proof || !proof.publicSignals)
    throw new MalformedProofError("expected { proof, publicSignals }");
  const signals = orderPublicSignals(proof.publicSignals);
  for (const signal of signals) {
    if (BigInt(signal) < 0n || BigInt(signal) >= SNARK_SCALAR_FIELD)
      throw new MalformedProofError(`public signal ${signal} is outside the field`);
  }
  return withCurve(() => snarkjs.groth16.verify(verificationKey, signals, proof.proof));
}
