import { InvalidArgumentError, identityCommitment, memberLeaf } from "@mutua/core";
import { describe, expect, it } from "vitest";
import { MemberTree, REMOVED_LEAF } from "../src/index.ts";

const terms = { policyId: 1n, coverageLimit: 1_000n, policyStart: 0n, policyExpiry: 10n };
const leaves = (n: number) => Array.from({ length: n }, (_, i) => memberLeaf(identityCommitment(BigInt(i + 1)), terms));

describe("MemberTree", () => {
  it("grows its depth with ceil(log2(size)) and proves every member", () => {
    const tree = new MemberTree();
    expect(tree.root).toBe(0n);
    const all = leaves(9);
    for (const leaf of all) tree.add(leaf);
    expect(tree.size).toBe(9);
    expect(tree.depth).toBe(4);
    for (let i = 0; i < 9; i++) {
      const proof = tree.proof(i);
      expect(proof.leaf).toBe(all[i]);
      expect(proof.root).toBe(tree.root);
      expect(MemberTree.verifyProof(proof)).toBe(true);
    }
  });

  it("batch insert gives the same root as one by one", () => {
    const a = new MemberTree();
    a.addMany(leaves(5));
    const b = new MemberTree();
    for (const leaf of leaves(5)) b.add(leaf);
    expect(a.root).toBe(b.root);
  });

  it("removal zeroes the leaf, changes the root and keeps other members' indices", () => {
    const tree = new MemberTree(leaves(4));
    const before = tree.root;
    tree.remove(1);
    expect(tree.root).not.toBe(before);
    expect(tree.leaves[1]).toBe(REMOVED_LEAF);
    expect(tree.indexOf(leaves(4)[2] as bigint)).toBe(2);
    expect(MemberTree.verifyProof(tree.proof(2))).toBe(true);
  });

  it("round-trips through export/import", () => {
    const tree = new MemberTree(leaves(6));
    expect(MemberTree.import(tree.export()).root).toBe(tree.root);
  });

  it("rejects bad indices, non-field leaves and broken snapshots with typed errors", () => {
    const tree = new MemberTree(leaves(2));
    expect(() => tree.proof(2)).toThrow(InvalidArgumentError);
    expect(() => tree.remove(-1)).toThrow(InvalidArgumentError);
    expect(() => tree.add(-5n)).toThrow();
    expect(() => MemberTree.import("{nope")).toThrow(InvalidArgumentError);
  });

  it("a tampered Merkle proof does not verify", () => {
    const tree = new MemberTree(leaves(4));
    const proof = tree.proof(0);
    expect(MemberTree.verifyProof({ ...proof, siblings: [1n, ...proof.siblings.slice(1)] })).toBe(false);
  });
});

describe("our LeanIMT against @zk-kit/lean-imt (the reference the circuit was written for)", () => {
  it("the same depth, root, leaves, proofs and indexOf after random batches, single inserts and updates", async () => {
    const { LeanIMT: Reference } = await import("@zk-kit/lean-imt");
    const { poseidon2 } = await import("poseidon-lite/poseidon2");
    const hash = (a: bigint, b: bigint) => poseidon2([a, b]);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const ours = new MemberTree();
    const reference = new Reference<bigint>(hash);
    let next = 1n;
    for (let step = 0; step < 60; step++) {
      const op = random(3);
      if (op === 0 || reference.size === 0) {
        const batch = Array.from({ length: 1 + random(9) }, () => next++);
        ours.addMany(batch);
        reference.insertMany(batch);
      } else if (op === 1) {
        ours.add(next);
        reference.insert(next++);
      } else {
        const index = random(reference.size);
        ours.remove(index);
        reference.update(index, REMOVED_LEAF);
      }
      expect(ours.root).toBe(reference.root);
      expect(ours.depth).toBe(reference.depth);
      expect(ours.leaves).toEqual(reference.leaves);
      const probe = random(reference.size);
      expect(ours.proof(probe)).toEqual(reference.generateProof(probe));
      const leaf = reference.leaves[probe] as bigint;
      expect(ours.indexOf(leaf)).toBe(reference.indexOf(leaf));
    }
    // A copy is independent of its original.
    const copy = ours.copy();
    copy.add(next);
    expect(copy.root).not.toBe(ours.root);
    expect(ours.root).toBe(reference.root);
  });
});
