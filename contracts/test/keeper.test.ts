// The keeper contract as keeper networks meet it (checkUpkeep simulated, performUpkeep sent) and as strangers do
// (stale or forged performData, pauses): every claim reaches its end, and nothing the keeper does is a power.
import type { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployBlocklistToken, upkeepData } from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { setupMutual, USD } from "./fixture.ts";

const DAY = 86_400n;
const HOUR = 3_600n;
let f: MutualFixture;

beforeAll(async () => {
  f = await setupMutual({ token: deployBlocklistToken });
  await f.fund(0n, 20_000n * USD);
});
afterAll(async () => {
  await f.close();
});

async function fileOn(incidentId: bigint, index: number, amount: bigint, recipient?: string) {
  const request = await f.proveClaim(f.members[index] as Member, { incidentId, amount, ...(recipient ? { recipient } : {}) });
  await f.mutual.fileClaim(request);
  return { incidentId, nullifier: request.nullifier };
}

/** Seats 0 and 1 vote on `claim` (an amount approves, undefined rejects) and reveal once voting ends. */
async function vote(claim: { incidentId: bigint; nullifier: bigint }, votes: (bigint | undefined)[]) {
  const committed = [];
  for (const [seat, amount] of votes.entries()) committed.push(await f.commitVote(seat, claim, amount));
  await f.endVoting(claim.incidentId);
  for (const v of committed) await f.revealVote(v);
}

describe("the keeper", () => {
  it("a claim watched once is decided after its reveal window and paid after its cooldown, then forgotten", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + DAY, now + 2n * DAY);
    const claim = await fileOn(incidentId, 0, 700n * USD);
    await f.keeper.watch(claim);
    await f.keeper.watch(claim); // idempotent
    expect(await f.keeper.watchedCount()).toBe(1);
    expect((await f.keeper.checkUpkeep()).needed).toBe(false);

    await vote(claim, [700n * USD, 700n * USD]);
    expect(await f.keeper.dueOf(claim)).toBe("None"); // the reveal window is still open
    await f.endReveal(incidentId);
    const due = await f.keeper.checkUpkeep();
    expect(due).toMatchObject({ needed: true, claims: [claim] });
    const decided = await f.keeper.performUpkeep(due.performData);
    expect(decided.steps).toEqual([expect.objectContaining({ action: "Finalize", succeeded: true })]);
    expect((await f.mutual.getClaim(incidentId, claim.nullifier)).status).toBe("Approved");

    expect((await f.keeper.checkUpkeep()).needed).toBe(false); // the cooldown
    await f.chain.increaseTime(HOUR + 1n);
    const payable = await f.keeper.checkUpkeep();
    const paid = await f.keeper.connect(f.signers.outsider).performUpkeep(payable.performData);
    expect(paid.steps).toEqual([expect.objectContaining({ action: "Settle", succeeded: true })]);
    expect((await f.mutual.getClaim(incidentId, claim.nullifier)).status).toBe("Paid");
    expect(await f.keeper.isWatched(claim)).toBe(false);
    expect(await f.keeper.watchedCount()).toBe(0);
  });

  it("stale, replayed or made-up performData does nothing wrong: what is due is re-read at perform time", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + DAY, now + 2n * DAY);
    const claim = await fileOn(incidentId, 1, 300n * USD);
    await f.keeper.watch(claim);
    // Nothing due yet, a claim that does not exist, and a list over the batch limit: no revert, no step taken.
    const made = Array.from({ length: 20 }, (_, i) => ({ incidentId, nullifier: BigInt(i + 1) }));
    const before = await f.mutual.getClaim(incidentId, claim.nullifier);
    const { steps } = await f.keeper.connect(f.signers.outsider).performUpkeep(upkeepData([claim, ...made]));
    expect(steps.filter((s) => s.action !== "Forget")).toEqual([]);
    expect(await f.mutual.getClaim(incidentId, claim.nullifier)).toEqual(before);
    // A claim nobody filed cannot be watched.
    await expectRevert(f.keeper.watch({ incidentId, nullifier: 12345n }), "NotAClaim");
  });

  it("nothing is due while the mutual is paused; a rejected claim is kept until its appeal window has passed", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + DAY, now + 2n * DAY);
    const claim = await fileOn(incidentId, 2, 200n * USD);
    await f.keeper.watch(claim);
    await vote(claim, [undefined, undefined]);
    await f.endReveal(incidentId);
    const pauser = f.mutual.connect(f.signers.pauser);
    await pauser.setPaused(true);
    expect(await f.keeper.dueOf(claim)).toBe("None");
    await pauser.setPaused(false);
    const due = await f.keeper.checkUpkeep();
    await f.keeper.performUpkeep(due.performData);
    expect((await f.mutual.getClaim(incidentId, claim.nullifier)).status).toBe("Rejected");
    // Within the appeal window (the settlement delay) the claim may still be appealed: kept.
    expect(await f.keeper.dueOf(claim)).toBe("None");
    expect(await f.keeper.isWatched(claim)).toBe(true);
    await f.chain.increaseTime(HOUR + 1n);
    expect(await f.keeper.dueOf(claim)).toBe("Forget");
    await f.keeper.performUpkeep((await f.keeper.checkUpkeep()).performData);
    expect(await f.keeper.isWatched(claim)).toBe(false);
  });

  it("a payout the token refuses is tried once, then lapses 30 days later only if it still fails", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + DAY, now + 2n * DAY);
    const claim = await fileOn(incidentId, 3, 150n * USD, f.signers.outsider.address);
    await f.keeper.watch(claim);
    await vote(claim, [150n * USD, 150n * USD]);
    await f.endReveal(incidentId);
    await f.keeper.performUpkeep((await f.keeper.checkUpkeep()).performData);
    await (await (f.token.connect(f.signers.admin) as Contract).getFunction("setBlocked")(f.signers.outsider.address, true)).wait();
    await f.chain.increaseTime(HOUR + 1n);
    const tried = await f.keeper.performUpkeep((await f.keeper.checkUpkeep()).performData);
    expect(tried.steps).toEqual([expect.objectContaining({ action: "Settle", succeeded: true })]);
    expect((await f.mutual.getClaim(incidentId, claim.nullifier)).status).toBe("Approved");
    expect(await f.keeper.dueOf(claim)).toBe("None"); // not every round: the failure is recorded, the clock runs
    await f.chain.increaseTime(30n * DAY + 1n);
    expect(await f.keeper.dueOf(claim)).toBe("Lapse");
    await f.keeper.performUpkeep((await f.keeper.checkUpkeep()).performData);
    expect((await f.mutual.getClaim(incidentId, claim.nullifier)).status).toBe("Lapsed");
    expect(await f.keeper.isWatched(claim)).toBe(false);
  });
});
