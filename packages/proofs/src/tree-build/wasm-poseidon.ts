// Poseidon(2) over BN254 in WebAssembly: circomlibjs's generated Poseidon on ffjavascript's Montgomery field
// code (iden3's, the same arithmetic snarkjs proves with), driven level by level over a whole subtree so
// that no value crosses between JavaScript and WebAssembly except the leaves in and the nodes out.
// ~50 µs a hash on these machines, 3.5× poseidon-lite.
import { PoseidonArtifactMissingError, readCachedArtifact } from "./artifact-cache.ts";
import { FIELD_BYTES, readField, writeField } from "./field-bytes.ts";
import { subtreeLevels } from "./subtree-levels.ts";

const PAGE = 65_536;

interface PoseidonExports {
  poseidon(pState: number, pIn: number, nIn: number, pOut: number, nOut: number): void;
  frm_batchToMontgomery(pIn: number, n: number, pOut: number): void;
  frm_batchFromMontgomery(pIn: number, n: number, pOut: number): void;
  frm_zero(p: number): void;
}

interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The slice of the WebAssembly global this file uses (the project's lib settings do not declare it). */
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (descriptor: { initial: number }) => WasmMemory;
      Module: new (code: Uint8Array) => unknown;
      Instance: new (module: unknown, imports: unknown) => { exports: PoseidonExports };
    };
  }
).WebAssembly;

/** The file the build writes the Poseidon WebAssembly module to (beside the native hasher). */
export const POSEIDON_WASM_FILE = "poseidon-t3.wasm";

/**
 * The field and Poseidon code as one WebAssembly module (built by ffjavascript with circomlibjs's Poseidon plugin in
 * scripts/derive-poseidon.ts, and shipped with the package). Read in the main thread: workers get these bytes.
 */
export async function poseidonWasmCode(): Promise<Uint8Array> {
  const code = readCachedArtifact(POSEIDON_WASM_FILE);
  if (!code) throw new PoseidonArtifactMissingError(POSEIDON_WASM_FILE);
  return code;
}

export interface WasmPoseidon {
  /** Poseidon(left, right) for one pair (both below the field modulus). */
  hashPair(left: bigint, right: bigint): bigint;
  /**
   * Every level of the LeanIMT over `leaves` (n × 32 bytes, little-endian, each below the field modulus):
   * level 0 is the leaves, the last holds the root; a node without a right sibling is promoted unchanged.
   * Returned as one buffer, levels one after the other, little-endian.
   */
  subtree(leaves: Uint8Array): { nodes: Uint8Array; levelSizes: number[] };
}

export function instantiateWasmPoseidon(code: Uint8Array): WasmPoseidon {
  const memory = new WebAssemblyApi.Memory({ initial: 25 });
  const wasm = new WebAssemblyApi.Instance(new WebAssemblyApi.Module(code), { env: { memory } }).exports;
  // Address 0 holds the module's heap pointer (ffjavascript's layout): take 32 bytes for the state, then ours.
  const heap = () => new Uint32Array(memory.buffer, 0, 1);
  const align = (n: number) => (n + 7) & ~7;
  const pState = align(heap()[0] as number);
  wasm.frm_zero(pState);
  const base = pState + FIELD_BYTES;
  heap()[0] = base;
  // One pair's scratch space (two inputs, one output): the start of the region subtree() uses (both calls are
  // synchronous, so they never overlap).
  const pair = base;
  const pairEnd = pair + 3 * FIELD_BYTES;
  return {
    hashPair(left, right) {
      if ((heap()[0] as number) < pairEnd) heap()[0] = pairEnd;
      const view = new DataView(memory.buffer);
      writeField(view, pair, left);
      writeField(view, pair + FIELD_BYTES, right);
      wasm.frm_batchToMontgomery(pair, 2, pair);
      wasm.poseidon(pState, pair, 2, pair + 2 * FIELD_BYTES, 1);
      wasm.frm_batchFromMontgomery(pair + 2 * FIELD_BYTES, 1, pair + 2 * FIELD_BYTES);
      return readField(new DataView(memory.buffer), pair + 2 * FIELD_BYTES);
    },
    subtree(leaves) {
      const { levelSizes, bytes: total } = subtreeLevels(leaves.length / FIELD_BYTES);
      const needed = base + total + PAGE;
      if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      heap()[0] = base + total; // the field code's own scratch space goes past our region
      new Uint8Array(memory.buffer).set(leaves, base);
      wasm.frm_batchToMontgomery(base, levelSizes[0] as number, base);
      let below = base;
      for (let level = 0; level + 1 < levelSizes.length; level++) {
        const count = levelSizes[level] as number;
        const above = below + count * FIELD_BYTES;
        for (let i = 0; i + 1 < count; i += 2) wasm.poseidon(pState, below + i * FIELD_BYTES, 2, above + (i / 2) * FIELD_BYTES, 1);
        if (count % 2 === 1) {
          new Uint8Array(memory.buffer).copyWithin(
            above + ((count - 1) / 2) * FIELD_BYTES,
            below + (count - 1) * FIELD_BYTES,
            below + count * FIELD_BYTES,
          );
        }
        below = above;
      }
      wasm.frm_batchFromMontgomery(base, total / FIELD_BYTES, base);
      return { nodes: new Uint8Array(memory.buffer).slice(base, base + total), levelSizes };
    },
  };
}
