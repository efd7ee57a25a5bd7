import type { VotePublicSignals } from "@mutua/core";
import { SNARK_SCALAR_FIELD, VOTE_PUBLIC_SIGNALS } from "@mutua/core";
import type { Groth16Proof } from "snarkjs";
import type { VerificationKey } from "./artifacts.ts";
import { withCurve } from "./curve-lease.ts";
import type { EligibilityProof } from "./eligibility-proof.ts";
import { orderPublicSignals } from "./eligibility-proof.ts";
import { MalformedProofError } from "./errors.ts";
import { orderSignals } from "./signal-names.ts";
import { loadSnarkjs } from "./snark-libraries.ts";

/**
 * Verifies an eligibility proof off-chain against a verification key. It checks the proof only:
 * whether the root is a current member root, the nullifier unused and the scope right is the
 * caller's business (the contract checks each on-chain). Returns false for a proof that does not
 * verify; throws MalformedProofError for something that is not a proof at all.
 */
export async function verifyEligibility(proof: EligibilityProof, verificationKey: VerificationKey): Promise<boolean> {
  if (!proof || typeof proof !== "object" || !proof.proof || !proof.publicSignals)
    throw new MalformedProofError("expected { proof, publicSignals }");
  return verifyGroth16(proof.proof, orderPublicSignals(proof.publicSignals), verificationKey);
}

/** Verifies a ballot proof off-chain (the proof only; the contract checks root, scope and nullifier). */
export async function verifyVote(proof: { proof: Groth16Proof; publicSignals: VotePublicSignals }, verificationKey: VerificationKey) {
  if (!proof || typeof proof !== "object" || !proof.proof || !proof.publicSignals)
    throw new MalformedProofError("expected { proof, publicSignals }");
  return verifyGroth16(proof.proof, orderSignals(VOTE_PUBLIC_SIGNALS, proof.publicSignals), verificationKey);
}

async function verifyGroth16(proof: Groth16Proof, signals: string[], verificationKey: VerificationKey): Promise<boolean> {
  for (const signal of signals) {
    if (BigInt(signal) < 0n || BigInt(signal) >= SNARK_SCALAR_FIELD)
      throw new MalformedProofError(`public signal ${signal} is outside the field`);
  }
  const snarkjs = await loadSnarkjs();
  return withCurve(() => snarkjs.groth16.verify(verificationKey, signals, proof));
}
