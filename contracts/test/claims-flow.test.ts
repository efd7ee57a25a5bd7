import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRevert } from "./expect-revert.ts";
import type { MutualFixture } from "./fixture.ts";
import { COVERAGE, setupMutual, USD } from "./fixture.ts";

let f: MutualFixture;
beforeAll(async () => {
  f = await setupMutual();
});
afterAll(async () => {
  await f.close();
});

describe("from premium to payout (real proof, verified on-chain)", () => {
  it("pays an approved claim to the proven recipient, at the amount a majority of approvers accepted", async () => {
    const { mutual, signers, token, incidentId } = f;
    const admissions = (await mutual.accounts()).premiums; // the members' admission premiums
    await f.fund(3_000n * USD, 10_000n * USD);
    expect(await mutual.accounts()).toMatchObject({
      premiums: admissions + 3_000n * USD,
      capital: 10_000n * USD,
      held: admissions + 13_000n * USD,
      reserved: 0n,
    });

    const request = await f.proveClaim(f.members[2] as never, { amount: 1_500n * USD });
    // A relayer submits: the claimant's address never appears on-chain.
    const { claimId } = await mutual.connect(signers.relayer).fileClaim(request);
    expect(claimId).toBe(await mutual.claimIdOf(incidentId, request.nullifier));
    expect((await mutual.getClaim(incidentId, request.nullifier)).status).toBe("Filed");

    // Seats commit sealed votes through a relayer: the chain sees three ballots, not who cast them or how.
    const claim = { incidentId, nullifier: request.nullifier };
    const votes = [
      await f.commitVote(0, claim, 1_500n * USD),
      await f.commitVote(1, claim, 1_200n * USD),
      await f.commitVote(2, claim, undefined),
    ];
    const round = await f.assessment.roundWithCommits(incidentId, request.nullifier, 0);
    expect(round).toMatchObject({ commits: 3, approvals: 0, rejections: 0, quorum: 2 });

    await expectRevert(f.assessment.finalize(incidentId, request.nullifier), "RoundStillOpen");
    await expectRevert(f.revealVote(votes[0] as never), "RevealNotOpen");
    await expectRevert(mutual.settle(incidentId, request.nullifier), "ClaimNotInStatus");
    await f.endVoting(incidentId);
    for (const vote of votes) await f.revealVote(vote);
    await expectRevert(f.assessment.finalize(incidentId, request.nullifier), "RoundStillOpen");
    await f.endReveal(incidentId);
    await f.assessment.connect(signers.outsider).finalize(incidentId, request.nullifier);
    expect(await f.assessment.roundWithCommits(incidentId, request.nullifier, 0)).toMatchObject({
      commits: 3,
      approvals: 2,
      rejections: 1,
      decided: true,
    });
    const decided = await mutual.getClaim(incidentId, request.nullifier);
    expect(decided).toMatchObject({ status: "Approved", approvedAmount: 1_200n * USD });
    expect((await mutual.accounts()).reserved).toBe(1_200n * USD);

    await expectRevert(mutual.settle(incidentId, request.nullifier), "SettlementCooldown");
    await f.chain.increaseTime(3_601n);
    const before = (await token.getFunction("balanceOf")(signers.payout.address)) as bigint;
    await mutual.connect(signers.outsider).settle(incidentId, request.nullifier);
    expect((await token.getFunction("balanceOf")(signers.payout.address)) as bigint).toBe(before + 1_200n * USD);
    expect((await mutual.getClaim(incidentId, request.nullifier)).status).toBe("Paid");
    expect(await mutual.accounts()).toMatchObject({ payouts: 1_200n * USD, reserved: 0n, held: admissions + 11_800n * USD });
    await expectRevert(mutual.settle(incidentId, request.nullifier), "ClaimNotInStatus");
  });

  it("a claim without quorum expires; a majority of rejections rejects", async () => {
    const { mutual } = f;
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    const lonely = await f.proveClaim(f.members[3] as never, { incidentId });
    const refused = await f.proveClaim(f.members[4] as never, { incidentId });
    await mutual.fileClaim(lonely);
    await mutual.fileClaim(refused);
    const lonelyClaim = { incidentId, nullifier: lonely.nullifier };
    const refusedClaim = { incidentId, nullifier: refused.nullifier };
    // Two seats vote on the lonely claim but only one reveals: an unrevealed vote does not count toward quorum.
    const revealedOnly = await f.commitVote(0, lonelyClaim, lonely.amount);
    await f.commitVote(1, lonelyClaim, lonely.amount);
    const rejections = [await f.commitVote(0, refusedClaim, undefined), await f.commitVote(1, refusedClaim, undefined)];
    await f.endVoting(incidentId);
    await expectRevert(f.commitVote(2, refusedClaim, 1n), "CommitClosed");
    await f.revealVote(revealedOnly);
    for (const vote of rejections) await f.revealVote(vote);
    await f.endReveal(incidentId);
    await expectRevert(f.revealVote(revealedOnly), "RevealNotOpen");
    const lonelyDecision = await f.assessment.finalize(incidentId, lonely.nullifier);
    await f.assessment.finalize(incidentId, refused.nullifier);
    expect((await mutual.getClaim(incidentId, lonely.nullifier)).status).toBe("Expired");
    expect((await mutual.getClaim(incidentId, refused.nullifier)).status).toBe("Rejected");
    // The decision reports the unrevealed ballot: one revealed, one not.
    const decided = lonelyDecision.logs.find((log) => "fragment" in log && log.fragment.name === "RoundDecided") as never as {
      args: unknown[];
    };
    expect(decided.args[4]).toBe(1n);
    expect(await f.assessment.roundWithCommits(incidentId, lonely.nullifier, 0)).toMatchObject({ commits: 2, approvals: 1 });
    expect(COVERAGE).toBeGreaterThan(lonely.amount);
  });
});
