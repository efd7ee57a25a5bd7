// Reorganisations on Anvil (a separate process; anvil_rollback and anvil_reorg drop the transactions of the blocks
// they remove): a relayed claim mined and then reorganised out is sent again by the relayer, once; the member sees it
// pending, then filed; a retry gets the new transaction. A ballot (a governance vote) reorganised out the same way.
import type { ClaimRequest } from "@mutua/contracts";
import { RelayerClient, startRelayer } from "@mutua/relayer";
import { MemberGovernance, setPausedAction } from "@mutua/sdk";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvilNetwork } from "./anvil-network.ts";
import type { World } from "./world.ts";
import { createWorld, evidenceFiles, USDC } from "./world.ts";

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
