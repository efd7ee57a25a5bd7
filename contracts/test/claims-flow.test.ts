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

    await mutual.connect(signers.assessorA).vote(incidentId, request.nullifier, true, 1_500n * USD);
    await mutual.connect(signers.assessorB).vote(incidentId, request.nullifier, true, 1_200n * USD);
    await mutual.connect(signers.assessorC).vote(incidentId, request.nullifier, false);

    await expectRevert(mutual.finalize(incidentId, request.nullifier), "VotingStillOpen");
    await expectRevert(mutual.settle(incidentId, request.nullifier), "ClaimNotInStatus");
    await f.chain.increaseTime(14n * 86_400n + 1n);
    await mutual.connect(signers.outsider).finalize(incidentId, request.nullifier);
    const decided = await mutual.getClaim(incidentId, request.nullifier);
    expect(decided).toMatchObject({ status: "Approved", approvals: 2, rejections: 1, approvedAmount: 1_200n * USD });
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
    const { mutual, signers } = f;
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    const lonely = await f.proveClaim(f.members[3] as never, { incidentId });
    const refused = await f.proveClaim(f.members[4] as never, { incidentId });
    await mutual.fileClaim(lonely);
    await mutual.fileClaim(refused);
    await mutual.connect(signers.assessorA).vote(incidentId, lonely.nullifier, true, lonely.amount);
    await mutual.connect(signers.assessorA).vote(incidentId, refused.nullifier, false);
    await mutual.connect(signers.assessorB).vote(incidentId, refused.nullifier, false);
    await f.chain.increaseTime(2n * 86_400n + 1n);
    await expectRevert(mutual.connect(signers.assessorC).vote(incidentId, refused.nullifier, true, 1n), "VotingClosed");
    await mutual.finalize(incidentId, lonely.nullifier);
    await mutual.finalize(incidentId, refused.nullifier);
    expect((await mutual.getClaim(incidentId, lonely.nullifier)).status).toBe("Expired");
    expect((await mutual.getClaim(incidentId, refused.nullifier)).status).toBe("Rejected");
    expect(COVERAGE).toBeGreaterThan(lonely.amount);
  });
});
