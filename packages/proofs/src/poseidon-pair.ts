import { poseidon2 } from "poseidon-lite/poseidon2";

type PairHash = (left: bigint, right: bigint) => bigint;

/** poseidon-lite: pure JavaScript, nothing to load; ~70 µs a hash on these machines. */
const portable: PairHash = (left, right) => poseidon2([left, right]);
let engine: PairHash = portable;
let loading: Promise<void> | undefined;

/**
 * Poseidon(left, right), the member tree's node hash, on the fastest engine loaded: poseidon-lite until
 * `useFastPoseidon` has loaded circomlibjs's (Montgomery arithmetic in WebAssembly, ~4× faster, the same
 * values: the tests compare them). Every synchronous path (appends, catch-ups, `new MemberTree(leaves)`) goes
 * through here.
 */
export function poseidonPair(left: bigint, right: bigint): bigint {
  return engine(left, right);
}

/**
 * Loads the fast engine (once; later calls wait for the same load). Node only: in a browser the portable
 * engine stays, so the member app downloads no extra WebAssembly for a few hashes a claim.
 */
export function useFastPoseidon(): Promise<void> {
  if (typeof process === "undefined" || !process.versions?.node || process.env.MUTUA_POSEIDON === "lite") return Promise.resolve();
  loading ??= (async () => {
    const { buildPoseidon } = await import("circomlibjs");
    const hasher = await buildPoseidon();
    engine = (left, right) => hasher.F.toObject(hasher([left, right]));
  })().catch(() => {
    // circomlibjs could not be loaded: the portable engine gives the same values, slower.
    loading = undefined;
  });
  return loading;
}
