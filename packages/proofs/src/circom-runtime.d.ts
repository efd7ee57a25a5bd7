// circom_runtime ships no types; this is the part of its API the prover uses.
declare module "circom_runtime" {
  export interface WitnessCalculator {
    /** The witness in snarkjs' .wtns binary format; throws when a constraint assertion fails. */
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck: boolean): Promise<Uint8Array>;
  }
  export function WitnessCalculatorBuilder(code: Uint8Array, options?: Record<string, unknown>): Promise<WitnessCalculator>;
}
