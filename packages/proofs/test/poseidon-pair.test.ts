// The fast Poseidon engine gives the portable one's values, so trees built either way have the same roots.
import { poseidon2 } from "poseidon-lite/poseidon2";
import { describe, expect, it } from "vitest";
import { MemberTree, poseidonPair, useFastPoseidon } from "../src/index.ts";

describe("the member tree's Poseidon engines", () => {
  it("circomlibjs's engine equals poseidon-lite on random field elements, and a tree's root does not depend on the engine", async () => {
    const field = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
    const random = () => BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex")}`) % field;
    const pairs = Array.from({ length: 200 }, () => [random(), random()] as const);
    const leaves = Array.from({ length: 77 }, random);
    const before = new MemberTree(leaves).root;
    await useFastPoseidon();
    for (const [a, b] of pairs) expect(poseidonPair(a, b)).toBe(poseidon2([a, b]));
    expect(new MemberTree(leaves).root).toBe(before);
  });
});
