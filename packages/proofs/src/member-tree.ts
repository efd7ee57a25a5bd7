import type { Field, FieldLike } from "@mutua/core";
import { InvalidArgumentError, toField } from "@mutua/core";
import type { LeanIMTProof } from "./lean-imt.ts";
import { LeanIMT } from "./lean-imt.ts";
import { poseidonPair, useFastPoseidon } from "./poseidon-pair.ts";
import { fieldsToBytes } from "./tree-build/field-bytes.ts";
import { hashNativelySync } from "./tree-build/native-poseidon.ts";
import { StreamingTreeBuilder, split } from "./tree-build/streaming-tree-builder.ts";
import { SubtreePool } from "./tree-build/subtree-pool.ts";

/** A leaf's Merkle proof in the member tree (LeanIMT: root, leaf, index, siblings). */
export type MerkleProof = LeanIMTProof;

/** Value a revoked member's leaf is set to: no one knows a Poseidon preimage of 0, so no proof can use it. */
export const REMOVED_LEAF = 0n;

const hash = (a: bigint, b: bigint): bigint => poseidonPair(a, b);

/** From this many leaves the constructor hashes in a native process (its start costs what ~200 hashes do). */
const NATIVE_SYNC_MIN_LEAVES = 1_024;

/**
 * The member tree: a LeanIMT of member leaves hashed with Poseidon, the same tree the circuit
 * recomputes. Its depth grows with the number of members (ceil(log2(size))), so proofs for a small
 * mutual are as cheap as for a large one up to the circuit's maximum depth.
 */
export class MemberTree {
  readonly #tree: LeanIMT;

  /**
   * A tree over `leaves`, hashed on the fastest engine this thread can wait for: the native hasher from 1,024
   * leaves when it was built (one core; `MemberTree.build` uses every core), else WebAssembly or poseidon-lite.
   */
  constructor(leaves: readonly FieldLike[] = [], tree?: LeanIMT) {
    if (tree) {
      this.#tree = tree;
      return;
    }
    const fields = leaves.map((leaf, i) => toField(leaf, `leaves[${i}]`));
    const native = fields.length >= NATIVE_SYNC_MIN_LEAVES ? hashNativelySync(fieldsToBytes(fields)) : undefined;
    this.#tree = native ? new LeanIMT(hash, split(native)) : new LeanIMT(hash);
    if (!native) this.#tree.insertMany(fields);
  }

  /**
   * Builds a tree over many leaves at once: subtrees hashed in worker threads by WebAssembly Poseidon (see
   * tree-build/), the same nodes as adding the leaves one by one. Pass a pool to reuse its threads.
   */
  static async build(leaves: readonly FieldLike[], options: { pool?: SubtreePool; chunkLeaves?: number } = {}): Promise<MemberTree> {
    await useFastPoseidon();
    const fields = leaves.map((leaf, i) => toField(leaf, `leaves[${i}]`));
    const pool = options.pool ?? new SubtreePool();
    try {
      const builder = new StreamingTreeBuilder(pool, hash, options.chunkLeaves);
      builder.push(fields);
      return new MemberTree([], new LeanIMT(hash, await builder.finish()));
    } finally {
      if (!options.pool) await pool.close();
    }
  }

  /** A tree over levels a StreamingTreeBuilder made (nothing rehashed). */
  static fromLevels(levels: bigint[][]): MemberTree {
    return new MemberTree([], new LeanIMT(hash, levels));
  }

  /** An independent copy (all nodes copied, none rehashed): change it, and keep it only once the chain agrees. */
  copy(): MemberTree {
    return new MemberTree([], this.#tree.copy());
  }

  /** Rebuilds a tree from an `export()` snapshot (its leaves; inner nodes are recomputed and so checked). */
  static import(snapshot: string): MemberTree {
    let leaves: unknown;
    try {
      leaves = (JSON.parse(snapshot) as unknown[])[0];
    } catch (error) {
      throw new InvalidArgumentError("snapshot", `not a member tree export (${(error as Error).message})`);
    }
    if (!Array.isArray(leaves)) throw new InvalidArgumentError("snapshot", "not a member tree export (no leaf level)");
    return new MemberTree(leaves as FieldLike[]);
  }

  get root(): Field {
    return this.#tree.root as Field;
  }

  get depth(): number {
    return this.#tree.depth;
  }

  get size(): number {
    return this.#tree.size;
  }

  /** Every level of nodes, leaves first, root last (read-only: do not modify). */
  get levels(): readonly (readonly bigint[])[] {
    return this.#tree.levels;
  }

  get leaves(): readonly bigint[] {
    return this.#tree.leaves;
  }

  /** The index of a leaf, or -1. */
  indexOf(leaf: FieldLike): number {
    return this.#tree.indexOf(toField(leaf, "leaf"));
  }

  /** Appends a leaf and returns its index. */
  add(leaf: FieldLike): number {
    this.#tree.insertMany([toField(leaf, "leaf")]);
    return this.#tree.size - 1;
  }

  /** Appends leaves in order. */
  addMany(leaves: readonly FieldLike[]): void {
    if (leaves.length === 0) return;
    this.#tree.insertMany(leaves.map((leaf, i) => toField(leaf, `leaves[${i}]`)));
  }

  /** Replaces a leaf with REMOVED_LEAF; indices of the other members do not change. */
  remove(index: number): void {
    this.#checkIndex(index);
    this.#tree.update(index, REMOVED_LEAF);
  }

  /** The Merkle proof of the leaf at `index`. */
  proof(index: number): MerkleProof {
    this.#checkIndex(index);
    return this.#tree.generateProof(index);
  }

  /** The tree's leaves as text, for `MemberTree.import` (a snapshot a wallet keeps). */
  export(): string {
    return this.#tree.export();
  }

  /** Poseidon(left, right): the tree's node hash, as the circuit computes it. */
  static hashPair(left: bigint, right: bigint): bigint {
    return hash(left, right);
  }

  /** Whether the proof's path from its leaf reaches its root (not that the root is this tree's). */
  static verifyProof(proof: MerkleProof): boolean {
    return LeanIMT.verifyProof(proof, hash);
  }

  #checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.#tree.size) {
      throw new InvalidArgumentError("index", `no member at index ${index} (tree has ${this.#tree.size})`);
    }
  }
}
