import { MalformedProofError } from "./errors.ts";

/** snarkjs' ordered decimal strings → named bigints, for a circuit whose signals are `names`, in order. */
export function nameSignals<Name extends string>(names: readonly Name[], signals: readonly string[]): Record<Name, bigint> {
  if (signals.length !== names.length) throw new MalformedProofError(`expected ${names.length} public signals, got ${signals.length}`);
  const named = {} as Record<Name, bigint>;
  names.forEach((name, i) => {
    named[name] = BigInt(signals[i] as string);
  });
  return named;
}

/** Named bigints → the ordered decimal strings snarkjs and the verifier contracts expect. */
export function orderSignals<Name extends string>(names: readonly Name[], signals: Record<Name, bigint>): string[] {
  return names.map((name) => {
    const value = signals[name];
    if (typeof value !== "bigint") throw new MalformedProofError(`public signal ${name} is missing`);
    return value.toString();
  });
}
