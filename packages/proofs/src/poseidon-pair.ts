import { poseidon2 } from "poseidon-lite/poseidon2";
import { inNode, readCachedArtifact } from "./tree-build/artifact-cache.ts";
import { instantiateWasmPoseidon, POSEIDON_WASM_FILE } from "./tree-build/wasm-poseidon.ts";

type PairHash = (left: bigint, right: bigint) => bigint;

/** poseidon-lite: pure JavaScript, nothing to load; ~70 µs a hash on these machines. */
const portable: PairHash = (left, right) => poseidon2([left, right]);
let engine: PairHash | undefined;
let loading: Promise<void> | undefined;

/** MUTUA_POSEIDON=lite keeps poseidon-lite (a comparison, a suspicion about the fast engine). */
const liteOnly = () => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.MUTUA_POSEIDON === "lite";

/**
 * Poseidon(left, right), the member tree's node hash, on the fastest engine available: in Node, circomlibjs's
 * Poseidon on ffjavascript's Montgomery field code in WebAssembly (~3.5× poseidon-lite, the same values: the tests
 * compare them), started synchronously from its cached code, or once `useFastPoseidon` has built it; poseidon-lite
 * until then, and in browsers (the member app hashes a few paths a claim). Every synchronous path (appends,
 * catch-ups, `new MemberTree(leaves)`) goes through here; bulk builds use the native hasher (tree-build/).
 */
export function poseidonPair(left: bigint, right: bigint): bigint {
  engine ??= cachedWasmEngine() ?? portable;
  return engine(left, right);
}

function cachedWasmEngine(): PairHash | undefined {
  if (liteOnly()) return undefined;
  const code = readCachedArtifact(POSEIDON_WASM_FILE);
  if (!code) return undefined; // not built yet: useFastPoseidon builds and caches it
  try {
    return fromCode(code);
  } catch {
    return undefined; // not WebAssembly this engine takes: built again
  }
}

function fromCode(code: Uint8Array): PairHash {
  const wasm = instantiateWasmPoseidon(code);
  return (left, right) => wasm.hashPair(left, right);
}

/**
 * Builds the fast engine (once; later calls wait for the same build) and caches its code for later processes.
 * Node only: in a browser the portable engine stays, so the member app downloads no extra WebAssembly.
 */
export function useFastPoseidon(): Promise<void> {
  if (!inNode || liteOnly()) return Promise.resolve();
  if (engine && engine !== portable) return Promise.resolve();
  loading ??= (async () => {
    // Not derived (an unbuilt checkout): the portable engine gives the same values, slower.
    engine = cachedWasmEngine() ?? engine;
  })();
  return loading;
}
