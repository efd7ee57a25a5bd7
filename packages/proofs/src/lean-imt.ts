/**
 * A Lean Incremental Merkle Tree (the LeanIMT of zk-kit and Semaphore v4): a binary tree whose depth grows
 * with its size; a node without a right sibling is promoted unchanged instead of being hashed with a zero.
 * Same nodes, roots and proofs as @zk-kit/lean-imt (the tests check it on random operations), written here
 * so that a proof does not copy the whole leaf level (zk-kit's generateProof does) and finding a member's
 * leaf is a map look-up instead of a scan: both matter at a million members.
 */

/** A leaf's Merkle proof in a LeanIMT: the root, the leaf, its path bits and the siblings on its path. */
export interface LeanIMTProof {
  root: bigint;
  leaf: bigint;
  /** Path bits of the levels that have a sibling, most significant last (zk-kit's layout). */
  index: number;
  siblings: bigint[];
}

/** The tree itself: levels of bigints, appended to leaf by leaf, proofs made without copying a level. */
export class LeanIMT {
  readonly #hash: (left: bigint, right: bigint) => bigint;
  /** #nodes[level][i]; level 0 holds the leaves, the last level the root. */
  readonly #nodes: bigint[][];
  /** First index of each leaf value. */
  readonly #indexOf = new Map<bigint, number>();

  constructor(hash: (left: bigint, right: bigint) => bigint, nodes: bigint[][] = [[]]) {
    this.#hash = hash;
    this.#nodes = nodes;
    const leaves = nodes[0] ?? [];
    for (let i = leaves.length - 1; i >= 0; i--) this.#indexOf.set(leaves[i] as bigint, i);
  }

  get size(): number {
    return (this.#nodes[0] as bigint[]).length;
  }

  get depth(): number {
    return this.#nodes.length - 1;
  }

  /** The root; 0 for an empty tree. */
  get root(): bigint {
    return this.size === 0 ? 0n : ((this.#nodes[this.depth] as bigint[])[0] as bigint);
  }

  /** The leaf level itself (read-only by contract: do not modify). */
  get leaves(): readonly bigint[] {
    return this.#nodes[0] as bigint[];
  }

  /** Every level, leaves first (read-only by contract: do not modify). */
  get levels(): readonly (readonly bigint[])[] {
    return this.#nodes;
  }

  /** The index of a leaf, or -1 (a map look-up). */
  indexOf(leaf: bigint): number {
    return this.#indexOf.get(leaf) ?? -1;
  }

  /** Appends leaves; each level's changed parents are hashed once. */
  insertMany(leaves: readonly bigint[]): void {
    if (leaves.length === 0) return;
    const first = this.size;
    const level0 = this.#nodes[0] as bigint[];
    for (const [i, leaf] of leaves.entries()) {
      level0.push(leaf);
      if (!this.#indexOf.has(leaf)) this.#indexOf.set(leaf, first + i);
    }
    const depth = Math.ceil(Math.log2(this.size));
    while (this.depth < depth) this.#nodes.push([]);
    let start = first >> 1;
    for (let level = 0; level < this.depth; level++) {
      const below = this.#nodes[level] as bigint[];
      const above = this.#nodes[level + 1] as bigint[];
      const count = Math.ceil(below.length / 2);
      for (let i = start; i < count; i++) {
        const right = below[2 * i + 1];
        above[i] = right === undefined ? (below[2 * i] as bigint) : this.#hash(below[2 * i] as bigint, right);
      }
      start >>= 1;
    }
  }

  /** Appends a leaf, updating the nodes on its path. */
  insert(leaf: bigint): void {
    this.insertMany([leaf]);
  }

  /** Replaces the leaf at `index` and rehashes its path. */
  update(index: number, leaf: bigint): void {
    const level0 = this.#nodes[0] as bigint[];
    const old = level0[index] as bigint;
    level0[index] = leaf;
    if (this.#indexOf.get(old) === index) {
      this.#indexOf.delete(old);
      const next = level0.indexOf(old, index + 1); // only when a value stood twice: rare
      if (next >= 0) this.#indexOf.set(old, next);
    }
    const known = this.#indexOf.get(leaf);
    if (known === undefined || known > index) this.#indexOf.set(leaf, index);
    let node = leaf;
    let i = index;
    for (let level = 0; level < this.depth; level++) {
      const nodes = this.#nodes[level] as bigint[];
      if (i & 1) node = this.#hash(nodes[i - 1] as bigint, node);
      else if (nodes[i + 1] !== undefined) node = this.#hash(node, nodes[i + 1] as bigint);
      i >>= 1;
      (this.#nodes[level + 1] as bigint[])[i] = node;
    }
  }

  /** The Merkle proof of the leaf at `index`, as zk-kit gives it (and the circuit takes it). */
  generateProof(index: number): LeanIMTProof {
    const siblings: bigint[] = [];
    let bits = 0;
    let i = index;
    for (let level = 0; level < this.depth; level++) {
      const isRight = i & 1;
      const sibling = (this.#nodes[level] as bigint[])[isRight ? i - 1 : i + 1];
      if (sibling !== undefined) {
        bits |= isRight << siblings.length;
        siblings.push(sibling);
      }
      i >>= 1;
    }
    return { root: this.root, leaf: (this.#nodes[0] as bigint[])[index] as bigint, index: bits, siblings };
  }

  static verifyProof(proof: LeanIMTProof, hash: (left: bigint, right: bigint) => bigint): boolean {
    let node = proof.leaf;
    for (const [i, sibling] of proof.siblings.entries()) node = (proof.index >> i) & 1 ? hash(sibling, node) : hash(node, sibling);
    return node === proof.root;
  }

  /** An independent copy (arrays copied, nothing rehashed). */
  copy(): LeanIMT {
    return new LeanIMT(
      this.#hash,
      this.#nodes.map((level) => level.slice()),
    );
  }

  /** Every level's nodes, as zk-kit's export() (decimal strings). */
  export(): string {
    return JSON.stringify(this.#nodes, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  }
}
