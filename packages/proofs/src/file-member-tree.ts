import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "@mutua/core";
import type { MerkleProof } from "./member-tree.ts";
import { MemberTree, REMOVED_LEAF } from "./member-tree.ts";
import { bytesToFields, FIELD_BYTES, fieldsToBytes, readField } from "./tree-build/field-bytes.ts";
import { appendNatively, nativePoseidonBinary, nativePoseidonConstants } from "./tree-build/native-poseidon.ts";
import type { RawLevels } from "./tree-build/streaming-tree-builder.ts";

/** What a member tree must answer for a proof: the same for the in-memory and the file-backed tree. */
export interface MemberTreeView {
  readonly root: bigint;
  readonly size: number;
  /** The index of a leaf, or -1. */
  indexOf(leaf: bigint): number;
  /** The Merkle proof of the leaf at `index`. */
  proof(index: number): MerkleProof;
}

interface Header {
  version: 1;
  capacityLog2: number;
  size: number;
  /** The last block whose membership events are in the tree. */
  block: number;
  /** Leaves whose index was looked up once (hex → index): found again without scanning the leaf level. */
  known: Record<string, number>;
}

/** From this many new leaves a catch-up starts the native hasher rather than hashing in JavaScript. */
const NATIVE_APPEND_FROM = 64;

/** The largest tree a file holds: 2^20 leaves, the circuit's depth (64 MiB of nodes, written sparsely). */
export const DEFAULT_CAPACITY_LOG2 = 20;

/**
 * A member tree kept on disk (a wallet's copy of the registry): every LeanIMT level at a fixed offset, so a
 * Merkle path is ~20 small reads, new members hash only the nodes above them, and nothing is loaded whole.
 * Opening it is what makes a claim fast at a million members; building it is StreamingTreeBuilder's job.
 */
export class FileMemberTree implements MemberTreeView {
  readonly directory: string;
  readonly #fd: number;
  #header: Header;

  private constructor(directory: string, fd: number, header: Header) {
    this.directory = directory;
    this.#fd = fd;
    this.#header = header;
  }

  /** Writes a tree's levels (as StreamingTreeBuilder or MemberTree give them) to `directory`, replacing any. */
  static create(
    directory: string,
    levels: readonly (readonly bigint[])[],
    block: number,
    capacityLog2 = DEFAULT_CAPACITY_LOG2,
  ): FileMemberTree {
    const size = levels[0]?.length ?? 0;
    if (size > 2 ** capacityLog2) throw new InvalidArgumentError("levels", `${size} members do not fit a tree of 2^${capacityLog2}`);
    mkdirSync(directory, { recursive: true });
    const temporary = join(directory, "nodes.bin.new");
    const fd = openSync(temporary, "w+");
    for (const [level, nodes] of levels.entries()) {
      if (nodes.length > 0) writeSync(fd, fieldsToBytes(nodes), 0, nodes.length * FIELD_BYTES, offsetOf(capacityLog2, level, 0));
    }
    closeSync(fd);
    renameSync(temporary, join(directory, "nodes.bin"));
    const header: Header = { version: 1, capacityLog2, size, block, known: {} };
    writeFileSync(join(directory, "tree.json"), JSON.stringify(header));
    return FileMemberTree.open(directory) as FileMemberTree;
  }

  /**
   * Writes a tree from a StreamingTreeBuilder's raw chunks (worker bytes go to disk as they are: no bigint per
   * node), replacing any tree in `directory`.
   */
  static fromRaw(directory: string, raw: RawLevels, size: number, block: number, capacityLog2 = DEFAULT_CAPACITY_LOG2): FileMemberTree {
    if (size > 2 ** capacityLog2) throw new InvalidArgumentError("levels", `${size} members do not fit a tree of 2^${capacityLog2}`);
    mkdirSync(directory, { recursive: true });
    const temporary = join(directory, "nodes.bin.new");
    const fd = openSync(temporary, "w+");
    const { chunks, height, above } = raw;
    for (const [c, chunk] of chunks.entries()) {
      let offset = 0;
      for (let level = 0; level <= height; level++) {
        const first = c * 2 ** (height - level);
        const count = chunk.levelSizes[level];
        if (count === undefined) {
          // A short last chunk: its root is promoted up to the chunks' height.
          writeSync(fd, chunk.nodes, chunk.nodes.length - FIELD_BYTES, FIELD_BYTES, offsetOf(capacityLog2, level, first));
        } else {
          writeSync(fd, chunk.nodes, offset, count * FIELD_BYTES, offsetOf(capacityLog2, level, first));
          offset += count * FIELD_BYTES;
        }
      }
    }
    for (let i = 1; i < above.length; i++) {
      const nodes = above[i] as bigint[];
      writeSync(fd, fieldsToBytes(nodes), 0, nodes.length * FIELD_BYTES, offsetOf(capacityLog2, height + i, 0));
    }
    closeSync(fd);
    renameSync(temporary, join(directory, "nodes.bin"));
    writeFileSync(join(directory, "tree.json"), JSON.stringify({ version: 1, capacityLog2, size, block, known: {} } satisfies Header));
    return FileMemberTree.open(directory) as FileMemberTree;
  }

  /** The tree kept in `directory`, or undefined when there is none (or it is unreadable: rebuild it). */
  static open(directory: string): FileMemberTree | undefined {
    const headerPath = join(directory, "tree.json");
    if (!existsSync(headerPath) || !existsSync(join(directory, "nodes.bin"))) return undefined;
    try {
      const header = JSON.parse(readFileSync(headerPath, "utf8")) as Header;
      if (header.version !== 1) return undefined;
      return new FileMemberTree(directory, openSync(join(directory, "nodes.bin"), "r+"), header);
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.#header.size;
  }

  get depth(): number {
    return this.size <= 1 ? 0 : Math.ceil(Math.log2(this.size));
  }

  get block(): number {
    return this.#header.block;
  }

  get root(): bigint {
    return this.size === 0 ? 0n : this.#read(this.depth, 0);
  }

  #levelSize(level: number): number {
    return Math.ceil(this.size / 2 ** level);
  }

  #read(level: number, index: number): bigint {
    const bytes = Buffer.alloc(FIELD_BYTES);
    readSync(this.#fd, bytes, 0, FIELD_BYTES, offsetOf(this.#header.capacityLog2, level, index));
    return readField(new DataView(bytes.buffer, bytes.byteOffset, FIELD_BYTES), 0);
  }

  #readRange(level: number, from: number, count: number): bigint[] {
    if (count <= 0) return [];
    const bytes = Buffer.alloc(count * FIELD_BYTES);
    readSync(this.#fd, bytes, 0, bytes.length, offsetOf(this.#header.capacityLog2, level, from));
    return bytesToFields(bytes);
  }

  #writeRange(level: number, from: number, nodes: readonly bigint[]): void {
    if (nodes.length > 0)
      writeSync(this.#fd, fieldsToBytes(nodes), 0, nodes.length * FIELD_BYTES, offsetOf(this.#header.capacityLog2, level, from));
  }

  /** The leaf's first index, -1 if absent. Looked up once per leaf (a scan of the leaf level), then remembered. */
  indexOf(leaf: bigint): number {
    const key = leaf.toString(16);
    const known = this.#header.known[key];
    if (known !== undefined && known < this.size && this.#read(0, known) === leaf) return known;
    const wanted = Buffer.from(fieldsToBytes([leaf]));
    const window = 65_536;
    const bytes = Buffer.alloc(window * FIELD_BYTES);
    for (let from = 0; from < this.size; from += window) {
      const count = Math.min(window, this.size - from);
      readSync(this.#fd, bytes, 0, count * FIELD_BYTES, offsetOf(this.#header.capacityLog2, 0, from));
      for (let at = bytes.indexOf(wanted); at >= 0 && at < count * FIELD_BYTES; at = bytes.indexOf(wanted, at + 1)) {
        if (at % FIELD_BYTES === 0) {
          const index = from + at / FIELD_BYTES;
          this.#header.known[key] = index;
          this.#saveHeader();
          return index;
        }
      }
    }
    return -1;
  }

  /** The Merkle proof of the leaf at `index`, as MemberTree gives it. */
  proof(index: number): MerkleProof {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new InvalidArgumentError("index", `no member at index ${index} (tree has ${this.size})`);
    }
    const siblings: bigint[] = [];
    let bits = 0;
    let i = index;
    for (let level = 0; level < this.depth; level++) {
      const isRight = i & 1;
      const sibling = isRight ? i - 1 : i + 1;
      if (sibling < this.#levelSize(level)) {
        bits |= isRight << siblings.length;
        siblings.push(this.#read(level, sibling));
      }
      i >>= 1;
    }
    return { root: this.root, leaf: this.#read(0, index), index: bits, siblings };
  }

  /** Appends leaves (the registry's next batch), hashing only the nodes above them. */
  append(leaves: readonly bigint[], block?: number): void {
    if (leaves.length === 0) {
      this.#setBlock(block);
      return;
    }
    const first = this.size;
    if (first + leaves.length > 2 ** this.#header.capacityLog2) {
      throw new InvalidArgumentError("leaves", `the tree file holds at most 2^${this.#header.capacityLog2} members`);
    }
    this.#writeRange(0, first, leaves);
    this.#header.size += leaves.length;
    let changedFrom = first;
    for (let level = 0; level < this.depth; level++) {
      const below = this.#levelSize(level);
      const parentFrom = changedFrom >> 1;
      const children = this.#readRange(level, 2 * parentFrom, below - 2 * parentFrom);
      const parents: bigint[] = [];
      for (let i = 0; i < children.length; i += 2) {
        const right = children[i + 1];
        parents.push(right === undefined ? (children[i] as bigint) : MemberTree.hashPair(children[i] as bigint, right));
      }
      this.#writeRange(level + 1, parentFrom, parents);
      changedFrom = parentFrom;
    }
    this.#setBlock(block);
  }

  /**
   * Appends leaves as `append` does, hashing with the native hasher when it is built and the batch is large
   * enough to pay for starting it (a wallet catching up with a batch of 1,000: ~15 ms instead of ~200).
   */
  async appendBatch(leaves: readonly bigint[], block?: number): Promise<void> {
    const binary = nativePoseidonBinary();
    if (!binary || leaves.length < NATIVE_APPEND_FROM) {
      this.append(leaves, block);
      return;
    }
    const size = this.size;
    if (size + leaves.length > 2 ** this.#header.capacityLog2) {
      throw new InvalidArgumentError("leaves", `the tree file holds at most 2^${this.#header.capacityLog2} members`);
    }
    const total = size + leaves.length;
    const depth = total <= 1 ? 0 : Math.ceil(Math.log2(total));
    const siblings = Array.from({ length: depth }, (_, level) =>
      (size >> level) & 1 ? this.#read(level, (size >> level) - 1) : undefined,
    );
    const levels = await appendNatively(binary, await nativePoseidonConstants(), size, leaves, depth, siblings);
    this.#writeRange(0, size, leaves);
    for (const [i, bytes] of levels.entries()) {
      if (bytes.length > 0) writeSync(this.#fd, bytes, 0, bytes.length, offsetOf(this.#header.capacityLog2, i + 1, size >> (i + 1)));
    }
    this.#header.size = total;
    this.#setBlock(block);
  }

  /** Replaces the leaf at `index` (a removal sets REMOVED_LEAF) and rehashes its path. */
  update(index: number, leaf: bigint = REMOVED_LEAF, block?: number): void {
    if (index < 0 || index >= this.size) throw new InvalidArgumentError("index", `no member at index ${index}`);
    this.#writeRange(0, index, [leaf]);
    let node = leaf;
    let i = index;
    for (let level = 0; level < this.depth; level++) {
      const sibling = i ^ 1;
      if (sibling < this.#levelSize(level)) {
        const other = this.#read(level, sibling);
        node = i & 1 ? MemberTree.hashPair(other, node) : MemberTree.hashPair(node, other);
      }
      i >>= 1;
      this.#writeRange(level + 1, i, [node]);
    }
    this.#setBlock(block);
  }

  /** Records that the tree holds every event up to `block`. */
  #setBlock(block: number | undefined): void {
    if (block !== undefined) this.#header.block = block;
    this.#saveHeader();
  }

  #saveHeader(): void {
    const path = join(this.directory, "tree.json");
    writeFileSync(`${path}.new`, JSON.stringify(this.#header));
    renameSync(`${path}.new`, path);
  }

  /** Closes the tree's file. */
  close(): void {
    closeSync(this.#fd);
  }
}

/** Byte offset of node `index` of `level` in a file of capacity 2^capacityLog2 leaves. */
function offsetOf(capacityLog2: number, level: number, index: number): number {
  const before = 2 ** (capacityLog2 + 1) - 2 ** (capacityLog2 + 1 - level);
  return (before + index) * FIELD_BYTES;
}
