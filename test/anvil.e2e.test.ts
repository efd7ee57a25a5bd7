// The whole claim on Anvil, a second EVM implementation running as its own process, with wallets that sign
// locally (no unlocked accounts): premiums, admission, a claim through the relayer whose Groth16 proof Anvil
// verifies, votes, decision and payout. And what a real chain refuses: the dev verifying key.

import { createIdentityAgent } from "@mutua/identity";
import { MutualAdmin } from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvilNetwork } from "./anvil-network.ts";
import type { World } from "./world.ts";
import { createWorld, evidenceFiles, USDC } from "./world.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld({ memberNames: ["alice", "bob"], network: () => startAnvilNetwork() });
});
afterAll(async () => {
  await world?.close();
});

describe("on Anvil (separate process)", () => {
  it("the same proofs verify: a claim through the relayer is filed, approved by the majority and paid", async () => {
    expect((await world.net.chain.provider.getNetwork()).chainId).toBe(31337n);
    const alice = world.members[0];
    if (!alice) throw new Error("no alice");
    const payout = await world.take().getAddress();
    const filed = await alice.member.fileClaim({
      incidentId: world.incidentId,
      amount: 1_200n * USDC,
      recipient: payout,
      files: evidenceFiles("anvil"),
    });
    expect(filed.receipt.gasUsed).toBeGreaterThan(200_000n);
    expect(filed.receipt.from.toLowerCase()).toBe((await world.relayer.getAddress()).toLowerCase());
    const [a, b] = world.assessors;
    if (!a || !b) throw new Error("assessors missing");
    const [claim] = await a.assessor.listClaims(world.incidentId);
    if (!claim) throw new Error("not listed");
    expect((await a.assessor.openEvidence(claim)).manifest.files).toHaveLength(2);
    await world.decide(filed, [
      { approve: true, amount: 1_000n * USDC, reason: "repair quote checked" },
      { approve: true, amount: 1_100n * USDC, reason: "agree, a little more" },
    ]);
    await world.net.chain.increaseTime(3_601);
    await world.settlement.settle(world.incidentId, filed.nullifier);
    expect(await world.settlement.status(world.incidentId, filed.nullifier)).toMatchObject({
      status: "Paid",
      approvedAmount: 1_000n * USDC,
    });
  });

  it("a chain that is not a local dev chain refuses this build's dev verifying key before any transaction", async () => {
    const elsewhere = await startAnvilNetwork({ chainId: 84532 });
    try {
      const [deployer] = elsewhere.chain.signers;
      if (!deployer) throw new Error("no account");
      const agent = (await createIdentityAgent()).agent;
      const did = (await agent.didManagerCreate()).did;
      const address = await deployer.getAddress();
      const nonce = await elsewhere.chain.provider.getTransactionCount(address);
      await expect(
        MutualAdmin.deploy({
          signer: deployer,
          name: "Testnet Mutual",
          token: elsewhere.tokenAddress,
          issuer: { agent, did, statusListUrl: elsewhere.statusLists.url("m") },
          settings: { maxClaimAmount: 1_000n * USDC },
        }),
      ).rejects.toMatchObject({ code: "DEV_VERIFYING_KEY" });
      expect(await elsewhere.chain.provider.getTransactionCount(address)).toBe(nonce);
    } finally {
      await elsewhere.close();
    }
  });
});
