import { bytesToFields, FIELD_BYTES, fieldsToBytes } from "./field-bytes.ts";
import type { SubtreePool } from "./subtree-pool.ts";

/** Leaves per worker job: a subtree of 2^15 leaves is ~1.6 s of hashing, long enough to amortise the hand-off. */
export const DEFAULT_CHUNK_LEAVES = 2 ** 15;

/**
 * Builds every level of a LeanIMT from leaves that arrive in order (pages of chain events): each full chunk
 * of 2^k leaves is hashed by a worker as soon as it is complete, while the caller reads the next page; the
 * chunk roots are combined at the end. The levels are those of LeanIMT.insertMany over the same leaves.
 */
export class StreamingTreeBuilder {
  readonly #pool: SubtreePool;
  readonly #hash: (left: bigint, right: bigint) => bigint;
  readonly #chunk: number;
  readonly #height: number;
  readonly #jobs: Promise<{ nodes: Uint8Array; levelSizes: number[] }>[] = [];
  #pending: bigint[] = [];

  constructor(pool: SubtreePool, hash: (left: bigint, right: bigint) => bigint, chunkLeaves = DEFAULT_CHUNK_LEAVES) {
    if (!Number.isInteger(Math.log2(chunkLeaves))) throw new Error("chunkLeaves must be a power of two");
    this.#pool = pool;
    this.#hash = hash;
    this.#chunk = chunkLeaves;
    this.#height = Math.log2(chunkLeaves);
  }

  /** Adds leaves after those pushed before. */
  push(leaves: readonly bigint[]): void {
    for (const leaf of leaves) this.#pending.push(leaf);
    while (this.#pending.length >= this.#chunk) {
      this.#jobs.push(this.#pool.hash(fieldsToBytes(this.#pending.slice(0, this.#chunk))));
      this.#pending = this.#pending.slice(this.#chunk);
    }
  }

  /**
   * The subtrees as the workers returned them (bytes), without turning two million nodes into bigints: a
   * file-backed tree writes them as they are. `height` is the chunks' level count minus one; `above[0]` is
   * the chunk roots (a short last chunk's root promoted to `height`), `above[i]` the level `height + i`.
   */
  async finishRaw(): Promise<RawLevels> {
    if (this.#pending.length > 0) this.#jobs.push(this.#pool.hash(fieldsToBytes(this.#pending)));
    this.#pending = [];
    const chunks = await Promise.all(this.#jobs);
    if (chunks.length === 0) return { chunks, height: 0, above: [[]] };
    const height = chunks.length === 1 ? (chunks[0] as RawChunk).levelSizes.length - 1 : this.#height;
    const roots = chunks.map((chunk) => rootOf(chunk));
    const above: bigint[][] = [roots];
    for (let below = roots; below.length > 1; ) {
      const next: bigint[] = [];
      for (let i = 0; i < below.length; i += 2) {
        const right = below[i + 1];
        next.push(right === undefined ? (below[i] as bigint) : this.#hash(below[i] as bigint, right));
      }
      above.push(next);
      below = next;
    }
    return { chunks, height, above };
  }

  /** Every level, leaves first, root last ([[]] for no leaves). */
  async finish(): Promise<bigint[][]> {
    const { chunks, height, above } = await this.finishRaw();
    if (chunks.length === 0) return [[]];
    const levels: bigint[][] = Array.from({ length: height + 1 }, () => []);
    for (const chunk of chunks) {
      const own = split(chunk);
      for (let level = 0; level <= height; level++) {
        // A short last chunk's top node is promoted up to the chunks' height.
        for (const node of own[level] ?? [own.at(-1)?.[0] as bigint]) (levels[level] as bigint[]).push(node);
      }
    }
    return [...levels, ...above.slice(1)];
  }
}

/** A worker's answer: every level of one subtree, as 32-byte little-endian words. */
export interface RawChunk {
  nodes: Uint8Array;
  levelSizes: number[];
}

/** Every level of a tree built in chunks: each chunk's subtree levels, the height, and the levels above the chunks. */
export interface RawLevels {
  chunks: RawChunk[];
  height: number;
  above: bigint[][];
}

function rootOf({ nodes }: RawChunk): bigint {
  return bytesToFields(nodes, nodes.length - FIELD_BYTES, 1)[0] as bigint;
}

/** A chunk's levels as bigints. */
export function split({ nodes, levelSizes }: RawChunk): bigint[][] {
  const levels: bigint[][] = [];
  let offset = 0;
  for (const size of levelSizes) {
    levels.push(bytesToFields(nodes, offset, size));
    offset += size * FIELD_BYTES;
  }
  return levels;
}
