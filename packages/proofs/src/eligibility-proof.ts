import type { EligibilityPublicSignals } from "@mutua/core";
import { ELIGIBILITY_PUBLIC_SIGNALS } from "@mutua/core";
import type { Groth16Proof } from "snarkjs";
import { nameSignals, orderSignals } from "./signal-names.ts";

/** A Groth16 proof of eligibility and the public signals it proves, by name. */
export interface EligibilityProof {
  proof: Groth16Proof;
  publicSignals: EligibilityPublicSignals;
}

/** snarkjs' ordered decimal strings → named bigints. */
export function namePublicSignals(signals: readonly string[]): EligibilityPublicSignals {
  return nameSignals(ELIGIBILITY_PUBLIC_SIGNALS, signals);
}

/** Named bigints → the ordered decimal strings snarkjs and the verifier contract expect. */
export function orderPublicSignals(signals: EligibilityPublicSignals): string[] {
  return orderSignals(ELIGIBILITY_PUBLIC_SIGNALS, signals);
}
