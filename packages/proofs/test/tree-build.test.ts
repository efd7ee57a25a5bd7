// The bulk tree build (WebAssembly Poseidon in worker threads, chunk by chunk) gives exactly the nodes of the
// one-by-one LeanIMT (poseidon-lite), for sizes around every chunk and power-of-two boundary.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileMemberTree, MemberTree, StreamingTreeBuilder, SubtreePool } from "../src/index.ts";
import { nativePoseidonBinary } from "../src/tree-build/native-poseidon.ts";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const randomLeaf = () => BigInt(`0x${randomBytes(32).toString("hex")}`) % R;
const pool = new SubtreePool(2);
afterAll(() => pool.close());

describe("bulk member tree build", () => {
  it("matches the one-by-one tree on every level, around chunk boundaries, fed in uneven pages", async () => {
    for (const size of [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 129]) {
      const leaves = Array.from({ length: size }, randomLeaf);
      const builder = new StreamingTreeBuilder(pool, (a, b) => MemberTree.hashPair(a, b), 8);
      for (let i = 0; i < size; i += 5) builder.push(leaves.slice(i, i + 5));
      const built = MemberTree.fromLevels(await builder.finish());
      const reference = new MemberTree(leaves);
      expect(built.root, `size ${size}`).toBe(reference.root);
      expect(built.export()).toBe(reference.export());
      // And the tree keeps working afterwards: append, remove, prove.
      built.addMany([randomLeaf()]);
      reference.addMany([built.leaves.at(-1) as bigint]);
      built.remove(0);
      reference.remove(0);
      expect(built.root).toBe(reference.root);
      expect(MemberTree.verifyProof(built.proof(size - 1))).toBe(true);
    }
  });

  it("builds a tree of 2^12 leaves in one call with its own pool", async () => {
    const leaves = Array.from({ length: 4096 }, randomLeaf);
    expect((await MemberTree.build(leaves)).root).toBe(new MemberTree(leaves).root);
  });

  it("an empty build is the empty tree", async () => {
    expect((await MemberTree.build([], { pool })).root).toBe(0n);
  });
});

describe("native and WebAssembly subtree hashers", () => {
  it.skipIf(nativePoseidonBinary() === undefined)("the native hasher gives the same levels as WebAssembly and poseidon-lite", async () => {
    const native = new SubtreePool(2, { engine: "native" });
    const wasm = new SubtreePool(2, { engine: "wasm" });
    try {
      expect([native.engine, wasm.engine]).toEqual(["native", "wasm"]);
      for (const size of [1, 2, 3, 5, 8, 13, 64, 1000]) {
        const leaves = Array.from({ length: size }, randomLeaf);
        const build = async (engine: SubtreePool) => {
          const builder = new StreamingTreeBuilder(engine, (a, b) => MemberTree.hashPair(a, b), 256);
          builder.push(leaves);
          return builder.finish();
        };
        const [fromNative, fromWasm] = await Promise.all([build(native), build(wasm)]);
        expect(fromNative, `size ${size}`).toEqual(fromWasm);
        expect(fromNative.at(-1)?.[0]).toBe(new MemberTree(leaves).root);
      }
    } finally {
      await Promise.all([native.close(), wasm.close()]);
    }
  });

  it.skipIf(nativePoseidonBinary() === undefined)(
    "a file-backed tree's native catch-up gives the same nodes as hashing in JavaScript",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "mutua-append-"));
      try {
        for (const [start, added] of [
          [0, 64],
          [1, 100],
          [37, 64],
          [64, 65],
          [1000, 200],
        ] as const) {
          const first = Array.from({ length: start }, randomLeaf);
          const next = Array.from({ length: added }, randomLeaf);
          const reference = new MemberTree(first);
          const file = FileMemberTree.create(join(dir, `t${start}-${added}`), reference.levels, 1);
          await file.appendBatch(next, 2);
          reference.addMany(next);
          expect(file.root, `${start} + ${added}`).toBe(reference.root);
          for (const index of [0, start, start + added - 1].filter((i) => i >= 0 && i < reference.size)) {
            expect(file.proof(index)).toEqual(reference.proof(index));
          }
          expect(file.block).toBe(2);
          file.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(nativePoseidonBinary() === undefined)(
    "new MemberTree(leaves) from 1,024 leaves hashes natively and gives the nodes of the one-by-one tree",
    () => {
      for (const size of [1_024, 1_025, 3_001]) {
        const leaves = Array.from({ length: size }, randomLeaf);
        const reference = new MemberTree(leaves.slice(0, 1));
        reference.addMany(leaves.slice(1)); // appends hash in this thread, one parent at a time
        const built = new MemberTree(leaves);
        expect(built.root, `size ${size}`).toBe(reference.root);
        expect(built.levels).toEqual(reference.levels);
        expect(built.proof(size - 1)).toEqual(reference.proof(size - 1));
        expect(built.indexOf(leaves[size - 1] as bigint)).toBe(size - 1);
      }
    },
  );

  it("MUTUA_POSEIDON=wasm, or a missing native build, selects WebAssembly", async () => {
    const previous = process.env.MUTUA_POSEIDON;
    process.env.MUTUA_POSEIDON = "wasm";
    try {
      expect(nativePoseidonBinary()).toBeUndefined();
      const portable = new SubtreePool(1);
      expect(portable.engine).toBe("wasm");
      await portable.close();
    } finally {
      if (previous === undefined) delete process.env.MUTUA_POSEIDON;
      else process.env.MUTUA_POSEIDON = previous;
    }
  });
});
