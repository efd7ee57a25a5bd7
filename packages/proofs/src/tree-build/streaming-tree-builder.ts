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

  push(leaves: readonly bigint[]): void {
    for (const leaf of leaves) this.#pending.push(leaf);
    while (this.#pending.length >= this.#chunk) {
      this.#jobs.push(this.#pool.hash(fieldsToBytes(this.#pending.slice(0, this.#chunk))));
      this.#pending = this.#pending.slice(this.#chunk);
    }
  }

  /** Every level, leaves first, root last ([[]] for no leaves). */
  async finish(): Promise<bigint[][]> {
    if (this.#pending.length > 0) this.#jobs.push(this.#pool.hash(fieldsToBytes(this.#pending)));
    this.#pending = [];
    const chunks = await Promise.all(this.#jobs);
    if (chunks.length === 0) return [[]];
    const [only] = chunks;
    if (chunks.length === 1 && only) return split(only);
    // Levels 0..height: each chunk's levels side by side; a short last chunk's top node is promoted upwards.
    const levels: bigint[][] = Array.from({ length: this.#height + 1 }, () => []);
    for (const chunk of chunks) {
      const own = split(chunk);
      for (let level = 0; level <= this.#height; level++) {
        const nodes = own[level] ?? [own.at(-1)?.[0] as bigint];
        for (const node of nodes) (levels[level] as bigint[]).push(node);
      }
    }
    // Above the chunks: the chunk roots, combined as LeanIMT does.
    for (let below = levels[this.#height] as bigint[]; below.length > 1; ) {
      const above: bigint[] = [];
      for (let i = 0; i < below.length; i += 2) {
        const right = below[i + 1];
        above.push(right === undefined ? (below[i] as bigint) : this.#hash(below[i] as bigint, right));
      }
      levels.push(above);
      below = above;
    }
    return levels;
  }
}

function split({ nodes, levelSizes }: { nodes: Uint8Array; levelSizes: number[] }): bigint[][] {
  const levels: bigint[][] = [];
  let offset = 0;
  for (const size of levelSizes) {
    levels.push(bytesToFields(nodes, offset, size));
    offset += size * FIELD_BYTES;
  }
  return levels;
}
