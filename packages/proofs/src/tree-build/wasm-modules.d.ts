// The parts of circomlibjs and ffjavascript (no published types) the WebAssembly Poseidon uses.
declare module "circomlibjs" {
  /** A wasmbuilder plugin adding `poseidon(pState, pIn, nIn, pOut, nOut)` to a field module. */
  export function buildPoseidonWasm(module: unknown): void;
  /** Poseidon over BN254 in Montgomery form (WebAssembly field code); F.toObject gives the bigint. */
  export function buildPoseidon(): Promise<{ (inputs: bigint[]): Uint8Array; F: { toObject(value: Uint8Array): bigint } }>;
}

declare module "ffjavascript" {
  /** Builds (once per thread) the curve's WebAssembly field code, with `plugins` added to the module. */
  export function getCurveFromName(name: string, singleThread?: boolean, plugins?: (module: unknown) => void): Promise<unknown>;
}
