// Reorganisations on Anvil (a separate process; anvil_rollback and anvil_reorg drop the transactions of the blocks
// they remove): a relayed claim mined and then reorganised out is sent again by the relayer, once; the member sees it
// pending, then filed; a retry gets the new transaction. A ballot (a governance vote) reorganised out the same way.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileJoinRecords } from "@mutua/cli";
import type { ClaimRequest } from "@mutua/contracts";
import { createIdentityAgent } from "@mutua/identity";
import { RelayerClient, startRelayer } from "@mutua/relayer";
import { admissionOf, JoinDesk, MemberGovernance, MutualAdmin, setPausedAction } from "@mutua/sdk";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvilNetwork } from "./anvil-network.ts";
import type { World } from "./world.ts";
import { createWorld, evidenceFiles, PREMIUM, USDC } from "./world.ts";

let world: World;
let relayer: Awaited<ReturnType<typeof startRelayer>>;
let client: RelayerClient;

beforeAll(async () => {
  const network = await startAnvilNetwork();
  world = await createWorld({ memberNames: ["alice", "bob", "carol"], network: async () => network });
  // A relayer of its own (its key unused elsewhere), checking its answers every quarter second for 16 blocks.
  relayer = await startRelayer({
    signer: anvilWallet(17).connect(network.chain.provider),
    mutuals: [world.admin.deployment.mutual],
    ballotBoxes: [world.admin.deployment.governor],
    reorgWatch: { blocks: 16, intervalMs: 250 },
  });
  client = new RelayerClient(relayer.url);
}, 600_000);
afterAll(async () => {
  await relayer?.close();
  await world?.close();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a relayed claim reorganised out", () => {
  it("is sent again once; the chain ends with one claim, the member sees it pending then filed; a retry gets the new transaction", async () => {
    const provider = world.net.chain.provider;
    const alice = world.member("alice");
    const { request } = await alice.member.prepareClaim({
      incidentId: world.incidentId,
      amount: 100n * USDC,
      recipient: Wallet.createRandom().address,
      files: evidenceFiles(),
    });
    const first = await client.submit(world.admin.deployment.mutual, request as ClaimRequest);
    const filed = () => world.admin.mutual.filedClaims(world.admin.deployment.fromBlock);
    expect(await filed()).toHaveLength(1);

    // The block with the claim is reorganised away (a new branch without it).
    await provider.send("anvil_reorg", [1, []]);
    expect(await provider.getTransactionReceipt(first.transactionHash)).toBeNull();
    expect(await filed()).toHaveLength(0); // the member's status: pending again

    // The relayer notices and sends it again: filed, once.
    const again = await until(filed, (claims) => claims.length > 0, "the claim to be filed again");
    expect(again).toHaveLength(1);
    expect(again[0]?.claimId).toBe(first.claimId);
    const retried = await client.submit(world.admin.deployment.mutual, request as ClaimRequest);
    expect(retried.transactionHash).not.toBe(first.transactionHash);
    expect(retried.claimId).toBe(first.claimId);
    expect((await provider.getTransactionReceipt(retried.transactionHash))?.status).toBe(1);
    // Blocks later, one ClaimFiled still, and the relayer sent exactly two transactions for it.
    await provider.send("anvil_mine", [20]);
    expect(await filed()).toHaveLength(1);
    expect(await provider.getTransactionCount(anvilWallet(17).address)).toBe(1);
  });
});

describe("a relayed ballot reorganised out", () => {
  it("is sent again once: the vote counts once on the branch that stays", async () => {
    const provider = world.net.chain.provider;
    const { deployment } = world.admin;
    const { proposalId } = await world.governance.propose([setPausedAction(deployment, false)], "Stay unpaused (a vote to reorganise)");
    await world.net.chain.increaseTime(1);
    const voter = new MemberGovernance({ deployment, signer: world.relayer, relayer: relayer.url, prover: world.voteProver });
    const sent = await voter.vote(world.member("bob").wallet, proposalId, "for");
    const forVotes = async () => (await voter.proposal(proposalId)).box.forVotes;
    expect(await forVotes()).toBe(1);
    await provider.send("anvil_reorg", [1, []]);
    expect(await provider.getTransactionReceipt(sent.transactionHash)).toBeNull();
    expect(await forVotes()).toBe(0);
    await until(forVotes, (votes) => votes === 1, "the vote to count again");
    await provider.send("anvil_mine", [20]);
    expect(await forVotes()).toBe(1);
  });
});

/** A join desk for `policyId` on the world's mutual, and `name`'s request to it: the ticket and the offer. */
async function deskAndRequest(policyId: bigint, name: string) {
  const url = "http://desk.example/join";
  const desk = new JoinDesk({
    admin: world.admin,
    agent: (await createIdentityAgent()).agent,
    url,
    product: { policyId, coverageLimit: 1_000n * USDC, premium: PREMIUM, days: 365 },
    store: fileJoinRecords(join(mkdtempSync(join(tmpdir(), "mutua-reorg-desk-")), "desk.json")),
  });
  const person = await world.newMember(name);
  const mutual = { chainId: world.admin.deployment.chainId, contract: world.admin.deployment.mutual };
  const { ticket, offer } = await desk.request(await person.wallet.signMembershipRequest(mutual, url));
  return { desk, person, ticket, offer };
}

describe("an admission reorganised out", () => {
  it("the join desk posts the leaf again on its next round, with the credential it already issued; a second payment is refused", async () => {
    const provider = world.net.chain.provider;
    const { desk, person: dora, ticket, offer } = await deskAndRequest(9n, "dora");
    await world.net.mint(await dora.signer.getAddress(), 2n * PREMIUM);
    await dora.member.payPremium(admissionOf(offer));
    const members = await world.admin.mutual.memberCount();
    expect((await desk.admitPaid()).admitted).toBe(1);
    const admitted = await desk.status(ticket);
    expect(admitted).toMatchObject({ state: "admitted" });
    const leaf = MutualAdmin.leafOf(admissionOf(offer));

    // The block with the admission is reorganised away: the leaf is gone, the payment waits again.
    await provider.send("anvil_reorg", [1, []]);
    expect(await world.admin.mutual.memberCount()).toBe(members);
    expect((await world.admin.pendingPayments()).map((p) => p.leaf)).toEqual([leaf]);
    // The desk's next round posts it again; the member's credential is the one already issued.
    expect((await desk.admitPaid()).admitted).toBe(1);
    expect(await world.admin.mutual.memberCount()).toBe(members + 1);
    expect(await desk.status(ticket)).toEqual(admitted);
    expect(await world.admin.hasMember(leaf)).toBe(true);

    // Paying the same offer again (a double click): refused on the next round, refundable, nobody admitted twice.
    await dora.member.payPremium(admissionOf(offer));
    expect(await desk.admitPaid()).toMatchObject({ admitted: 0, refused: 1 });
    expect(await world.admin.mutual.memberCount()).toBe(members + 1);
    expect(await world.admin.mutual.refundOf(await dora.signer.getAddress())).toBe(PREMIUM);
  });
});

describe("a premium payment reorganised out", () => {
  it("is gone with its block (the payer's money back with it): the desk waits for it, the member pays again and is admitted once", async () => {
    const provider = world.net.chain.provider;
    const { desk, person: erin, ticket, offer } = await deskAndRequest(10n, "erin");
    const payer = await erin.signer.getAddress();
    await world.net.mint(payer, PREMIUM);
    const token = (await import("@mutua/sdk")).erc20(world.admin.deployment.token, provider);
    const before = (await token.getFunction("balanceOf")(payer)) as bigint;
    await erin.member.payPremium(admissionOf(offer));
    expect(await erin.member.pendingPremiumFor(MutualAdmin.leafOf(admissionOf(offer)))).toBeTruthy();
    await provider.send("anvil_reorg", [1, []]);
    // The payment and its debit are gone together; nothing is waiting for the desk, the member pays again.
    expect(await erin.member.pendingPremiumFor(MutualAdmin.leafOf(admissionOf(offer)))).toBeFalsy();
    expect(await token.getFunction("balanceOf")(payer)).toBe(before);
    expect(await desk.status(ticket)).toMatchObject({ state: "awaiting-payment" });
    const members = await world.admin.mutual.memberCount();
    await erin.member.payPremium(admissionOf(offer));
    expect((await desk.admitPaid()).admitted).toBe(1);
    expect(await world.admin.mutual.memberCount()).toBe(members + 1);
    expect(await token.getFunction("balanceOf")(payer)).toBe(before - PREMIUM);
  });
});
