import type { EligibilityPublicSignals } from "@mutua/core";
import { ELIGIBILITY_PUBLIC_SIGNALS } from "@mutua/core";
import type { Groth16Proof } from "snarkjs";
import { MalformedProofError } from "./errors.ts";

/** A Groth16 proof of eligibility and the public signals it proves, by name. */
export interface EligibilityProof {
  proof: Groth16Proof;
  publicSignals: EligibilityPublicSignals;
}

/** snarkjs' ordered decimal strings → named bigints. */
export function namePublicSignals(signals: readonly string[]): EligibilityPublicSignals {
  if (signals.length !== ELIGIBILITY_PUBLIC_SIGNALS.length) {
    throw new MalformedProofError(`expected ${ELIGIBILITY_PUBLIC_SIGNALS.length} public signals, got ${signals.length}`);
  }
  const named = {} as EligibilityPublicSignals;
  ELIGIBILITY_PUBLIC_SIGNALS.forEach((name, i) => {
    named[name] = BigInt(signals[i] as string);
  });
  return named;
}

/** Named bigints → the ordered decimal strings snarkjs and the verifier contract expect. */
export function orderPublicSignals(signals: EligibilityPublicSignals): string[] {
  return ELIGIBILITY_PUBLIC_SIGNALS.map((name) => {
    const value = signals[name];
    if (typeof value !== "bigint") throw new MalformedProofError(`public signal ${name} is missing`);
    return value.toString();
  });
}
