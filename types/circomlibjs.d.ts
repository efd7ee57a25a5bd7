// The parts of circomlibjs (no published types) that Mutua's tests use as a reference Poseidon.
declare module "circomlibjs" {
  interface PoseidonHasher {
    (inputs: bigint[]): Uint8Array;
    F: { toObject(value: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<PoseidonHasher>;
  /** A wasmbuilder plugin adding `poseidon(pState, pIn, nIn, pOut, nOut)` to a field module (packages/proofs). */
  export function buildPoseidonWasm(module: unknown): void;
}

declare module "ffjavascript" {
  /** Builds (once per thread) the curve's WebAssembly field code, with `plugins` added to the module. */
  export function getCurveFromName(name: string, singleThread?: boolean, plugins?: (module: unknown) => void): Promise<unknown>;
}
