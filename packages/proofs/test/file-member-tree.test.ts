// The file-backed member tree (a wallet's copy) against the in-memory tree: same roots and proofs through
// appends that grow its depth, removals, reopening from disk, and index look-ups remembered.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileMemberTree, MemberTree } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-tree-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("file-backed member tree", () => {
  it("matches the in-memory tree through appends, removals and a reopen", () => {
    const reference = new MemberTree([11n, 12n, 13n]);
    const file = FileMemberTree.create(join(dir, "a"), reference.levels, 7, 10);
    expect(file.root).toBe(reference.root);
    let next = 100n;
    for (const batch of [1, 1, 2, 5, 8, 1, 17, 30]) {
      const leaves = Array.from({ length: batch }, () => next++);
      reference.addMany(leaves);
      file.append(leaves, Number(next));
      expect(file.root).toBe(reference.root);
      expect(file.size).toBe(reference.size);
    }
    reference.remove(4);
    file.update(4);
    reference.remove(reference.size - 1);
    file.update(file.size - 1);
    expect(file.root).toBe(reference.root);
    for (const index of [0, 4, 31, file.size - 1]) expect(file.proof(index)).toEqual(reference.proof(index));
    file.close();
    const reopened = FileMemberTree.open(join(dir, "a")) as FileMemberTree;
    expect(reopened.root).toBe(reference.root);
    expect(reopened.block).toBe(Number(next));
    expect(reopened.indexOf(120n)).toBe(reference.indexOf(120n));
    expect(reopened.indexOf(120n)).toBe(reference.indexOf(120n)); // remembered
    expect(reopened.indexOf(999_999n)).toBe(-1);
    expect(() => reopened.proof(reopened.size)).toThrow(/no member/);
    reopened.close();
  });

  it("an empty tree grows from nothing; a full file refuses more members", () => {
    const file = FileMemberTree.create(join(dir, "b"), [[]], 0, 3);
    expect(file.root).toBe(0n);
    file.append([1n]);
    expect(file.root).toBe(new MemberTree([1n]).root);
    file.append([2n, 3n, 4n, 5n, 6n, 7n, 8n]);
    expect(file.root).toBe(new MemberTree([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]).root);
    expect(() => file.append([9n])).toThrow(/at most 2\^3/);
    expect(FileMemberTree.open(join(dir, "nothing-here"))).toBeUndefined();
    file.close();
  });
});
