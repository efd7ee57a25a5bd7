import { poseidon2 } from "poseidon-lite/poseidon2";
import { instantiateWasmPoseidon, poseidonWasmCode } from "./tree-build/wasm-poseidon.ts";

type PairHash = (left: bigint, right: bigint) => bigint;

/** poseidon-lite: pure JavaScript, nothing to load; ~70 µs a hash on these machines. */
const portable: PairHash = (left, right) => poseidon2([left, right]);
let engine: PairHash | undefined;
let loading: Promise<void> | undefined;

/** Node's own modules when this runs in Node (found at run time: the member app's bundle has no static import of them). */
const node = (
  globalThis as { process?: { pid?: number; getBuiltinModule?: (id: string) => unknown; env?: Record<string, string | undefined> } }
).process;
const fs = node?.getBuiltinModule?.("node:fs") as typeof import("node:fs") | undefined;

/**
 * Where the WebAssembly Poseidon's code is kept once built (ffjavascript assembles it at run time, which takes an
 * await): beside the native hasher's files, so that every later process starts on the fast engine synchronously,
 * `new MemberTree(leaves)` included. A variable, not a literal: bundlers would otherwise try to copy it.
 */
const CODE_CACHE = "../native/target/poseidon-t3.wasm";
const codeCachePath = () => new URL(CODE_CACHE, import.meta.url);

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
  if (!fs || node?.env?.MUTUA_POSEIDON === "lite") return undefined;
  try {
    return fromCode(new Uint8Array(fs.readFileSync(codePath())));
  } catch {
    return undefined; // not built yet: useFastPoseidon builds and caches it
  }
}

function codePath(): string {
  return decodeURIComponent(codeCachePath().pathname);
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
  if (!fs || node?.env?.MUTUA_POSEIDON === "lite") return Promise.resolve();
  if (engine && engine !== portable) return Promise.resolve();
  loading ??= (async () => {
    const cached = cachedWasmEngine();
    if (cached) {
      engine = cached;
      return;
    }
    const code = await poseidonWasmCode();
    engine = fromCode(code);
    try {
      // Beside, then renamed: a process reading it never sees half a file.
      fs.mkdirSync(decodeURIComponent(new URL(".", codeCachePath()).pathname), { recursive: true });
      const temporary = `${codePath()}.${node?.pid ?? 0}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, codePath());
    } catch {
      // a read-only install: built again by the next process that asks
    }
  })().catch(() => {
    // ffjavascript could not be loaded: the portable engine gives the same values, slower.
    loading = undefined;
  });
  return loading;
}
