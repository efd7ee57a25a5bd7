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
