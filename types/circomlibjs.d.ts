// The parts of circomlibjs (no published types) that Mutua's tests use as a reference Poseidon.
declare module "circomlibjs" {
  interface PoseidonHasher {
    (inputs: bigint[]): Uint8Array;
    F: { toObject(value: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<PoseidonHasher>;
}
