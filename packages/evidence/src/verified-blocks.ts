import * as dagPb from "@ipld/dag-pb";
import { equals } from "multiformats/bytes";
import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import { collectBytes } from "./bytes.ts";
import { BlockUnavailableError } from "./errors.ts";
import type { HeliaEvidenceStore } from "./helia-store.ts";

/** Somewhere a block can come from: a node's blockstore, its network, a trustless gateway. */
export interface BlockSource {
  readonly name: string;
  /** The block's bytes, as the source has them (checked by the caller). */
  get(cid: CID, signal: AbortSignal): Promise<Uint8Array>;
}

/** The largest block accepted from a gateway (the bitswap limit: https://specs.ipfs.tech/bitswap-protocol/#block-sizes). */
const MAX_BLOCK_BYTES = 2 * 1024 * 1024;

/** True when `bytes` hash to `cid`'s multihash (sha2-256 or identity, the hashes UnixFS evidence uses). */
export async function blockMatches(cid: CID, bytes: Uint8Array): Promise<boolean> {
  const hasher = cid.multihash.code === sha256.code ? sha256 : cid.multihash.code === identity.code ? identity : undefined;
  if (!hasher) return false;
  const digest = await hasher.digest(bytes);
  return equals(digest.bytes, cid.multihash.bytes);
}

/** A trustless gateway: GET {url}/ipfs/{cid}?format=raw, at most 2 MiB. */
export function gatewaySource(url: string): BlockSource {
  const base = url.replace(/\/+$/, "");
  return {
    name: base,
    async get(cid, signal) {
      const response = await fetch(`${base}/ipfs/${cid}?format=raw`, { headers: { accept: "application/vnd.ipld.raw" }, signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const length = Number(response.headers.get("content-length") ?? 0);
      if (length > MAX_BLOCK_BYTES) throw new Error(`a ${length}-byte block is larger than any block may be`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length > MAX_BLOCK_BYTES) throw new Error(`a ${bytes.length}-byte block is larger than any block may be`);
      return bytes;
    },
  };
}

/** A Helia node: its own blockstore only (`offline`), or also what its connected peers give over bitswap. */
export function heliaSource(store: HeliaEvidenceStore, options: { offline: boolean; name?: string }): BlockSource {
  return {
    name: options.name ?? (options.offline ? "this node" : "connected IPFS peers"),
    get: (cid, signal) => collectBytes(store.helia.blockstore.get(cid, { signal, offline: options.offline })),
  };
}

/** A block a source served wrong or not at all, and which source. */
export interface BlockFault {
  source: string;
  cid: string;
  error: string;
}

/**
 * A read-only blockstore over several sources, tried in order: each block is checked against its CID, so a
 * source that is down, slow or lying costs a retry, never a wrong byte. Blocks found are kept in `cache`
 * (the local node) so that they are fetched once. `faults` records every source that served a wrong block.
 */
export class FallbackBlockstore {
  readonly faults: BlockFault[] = [];
  /** Sources in the order they are tried: one that failed moves to the back, so it costs one block, not each. */
  #sources: BlockSource[];
  readonly #timeoutMs: number;
  readonly #cache: HeliaEvidenceStore | undefined;

  constructor(sources: readonly BlockSource[], options: { timeoutMs?: number; cache?: HeliaEvidenceStore } = {}) {
    this.#sources = [...sources];
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#cache = options.cache;
  }

  /** The block, from the first source whose bytes hash to the CID. */
  async fetch(cid: CID, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const attempts: { source: string; error: string }[] = [];
    for (const source of [...this.#sources]) {
      const signal = options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(this.#timeoutMs)])
        : AbortSignal.timeout(this.#timeoutMs);
      try {
        const bytes = await source.get(cid, signal);
        if (!(await blockMatches(cid, bytes))) {
          const error = "served a block that does not hash to its CID (skipped)";
          this.faults.push({ source: source.name, cid: cid.toString(), error });
          attempts.push({ source: source.name, error });
          this.#demote(source);
          continue;
        }
        if (this.#cache && !(await this.#cache.helia.blockstore.has(cid))) await this.#cache.helia.blockstore.put(cid, bytes);
        return bytes;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        this.#demote(source);
        attempts.push({
          source: source.name,
          error: (error as Error).name === "TimeoutError" ? `no answer in ${this.#timeoutMs} ms` : (error as Error).message,
        });
      }
    }
    throw new BlockUnavailableError(cid.toString(), attempts);
  }

  #demote(source: BlockSource): void {
    this.#sources = [...this.#sources.filter((s) => s !== source), source];
  }

  /** The block's bytes, from the first source whose bytes hash to the CID. */
  // The blockstore shape @helia/unixfs reads through.
  async *get(cid: CID, options: { signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    yield await this.fetch(cid, options);
  }

  /** Whether any source can serve the block. */
  async has(cid: CID): Promise<boolean> {
    return this.#cache ? this.#cache.helia.blockstore.has(cid) : false;
  }

  /** Refused: this blockstore only reads. */
  put(): never {
    throw new Error("the fallback blockstore is read-only");
  }
}

/** One block of a DAG walk: its CID, bytes and links. */
export interface DagBlock {
  cid: CID;
  bytes: Uint8Array;
  links: { name: string; cid: CID; size: number }[];
}

/** Every block reachable from `root`, depth first, with the names dag-pb links give them. */
export async function* walkDag(root: CID, fetchBlock: (cid: CID) => Promise<Uint8Array>): AsyncGenerator<DagBlock> {
  const stack = [root];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const next = stack.pop() as CID;
    if (seen.has(next.toString())) continue;
    seen.add(next.toString());
    const bytes = await fetchBlock(next);
    const links =
      next.code === dagPb.code ? dagPb.decode(bytes).Links.map((l) => ({ name: l.Name ?? "", cid: l.Hash, size: l.Tsize ?? 0 })) : [];
    yield { cid: next, bytes, links };
    for (const link of [...links].reverse()) stack.push(link.cid);
  }
}
