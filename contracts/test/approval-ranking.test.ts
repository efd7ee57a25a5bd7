// The payout rule with any number of approvals: ApprovalRanking (kept sorted as votes are revealed) against a sort.

import type { LocalChain } from "@mutua/devnet";
import { startLocalChain } from "@mutua/devnet";
import type { Contract } from "ethers";
import { ContractFactory } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApprovalRankingHarnessArtifact } from "../src-ts/index.ts";

let chain: LocalChain;
beforeAll(async () => {
  chain = await startLocalChain();
});
afterAll(async () => {
  await chain.close();
});

/** The rule stated plainly: sort, take element n-1-floor(n/2) (the largest amount more than half approve). */
function picked(amounts: readonly bigint[]): bigint {
  const sorted = [...amounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[sorted.length - 1 - Math.floor(sorted.length / 2)] as bigint;
}

/** A deterministic stream of numbers (xorshift32), so a failure can be replayed. */
function numbers(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

async function rank(amounts: readonly bigint[], batch: number): Promise<void> {
  const harness = (await new ContractFactory(
    ApprovalRankingHarnessArtifact.abi,
    ApprovalRankingHarnessArtifact.bytecode,
    chain.signers[0],
  ).deploy()) as Contract;
  for (let start = 0; start < amounts.length; start += batch) {
    const slice = amounts.slice(start, start + batch);
    await (await harness.getFunction("addMany")(slice)).wait();
    const seen = amounts.slice(0, start + slice.length);
    expect(await harness.getFunction("picked")(), `after ${seen.length} approvals`).toBe(picked(seen));
  }
}

describe("ApprovalRanking picks what a sort picks, for every count", () => {
  const random = numbers(20_261_207);
  const cases: Record<string, bigint[]> = {
    "one approval at a time, mixed": Array.from({ length: 40 }, () => BigInt(1 + Math.floor(random() * 7)) * 100n),
    "all the same amount": Array.from({ length: 300 }, () => 1_000n),
    ascending: Array.from({ length: 300 }, (_, i) => BigInt(i + 1)),
    descending: Array.from({ length: 300 }, (_, i) => BigInt(300 - i)),
    "few distinct amounts": Array.from({ length: 600 }, () => BigInt(1 + Math.floor(random() * 5)) * 250n),
    "wide random amounts": Array.from({ length: 600 }, () => BigInt(1 + Math.floor(random() * 2 ** 40))),
    "the largest uint96": Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? 2n ** 96n - 1n : BigInt(i + 1))),
  };
  for (const [name, amounts] of Object.entries(cases)) {
    it(name, async () => {
      await rank(amounts, name.startsWith("one") ? 1 : 50);
    });
  }
});
