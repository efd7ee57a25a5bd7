// Appeal: a rejected, expired or cut decision goes once, within the settlement delay, to the members, whose
// sealed, anonymous ballots (the claimant excluded) decide it; the pool's reservation follows the final outcome.
import { OwnClaimError, toSolidityProof } from "@mutua/proofs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimRequest } from "../src-ts/index.ts";
import { APPEAL_ROUND, appealTypedData, flattenProof, voteCommitment } from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { setupMutual, USD } from "./fixture.ts";

const DAY = 86_400n;
let f: MutualFixture;

beforeAll(async () => {
  f = await setupMutual({ memberCount: 7 });
  await f.fund(0n, 10_000n * USD);
});
afterAll(async () => {
  await f.close();
});

async function fileIn(member: number, amount: bigint): Promise<ClaimRequest> {
  const now = await f.chain.latestTimestamp();
  const { incidentId } = await f.openIncident(now + DAY, now + 2n * DAY);
  const request = await f.proveClaim(f.members[member] as Member, { incidentId, amount });
  await f.mutual.fileClaim(request);
  return request;
}

/** The recipient's EIP-712 signature of Appeal(claimId), for a relayer to submit. */
async function appealSignature(request: ClaimRequest): Promise<string> {
  const claimId = await f.mutual.claimIdOf(request.incidentId, request.nullifier);
  const { domain, types, value } = appealTypedData(f.chain.chainId, f.assessment.address, claimId);
  return f.signers.payout.signTypedData(domain, types, value);
}

describe("appeal to the members", () => {
  it("a rejected claim, appealed by its recipient through a relayer, is approved by the members and paid", async () => {
    const request = await fileIn(0, 900n * USD);
    const claim = { incidentId: request.incidentId, nullifier: request.nullifier };
    const claimId = await f.mutual.claimIdOf(claim.incidentId, claim.nullifier);
    await f.decide(claim.incidentId, claim.nullifier, [undefined, undefined]);
    expect((await f.mutual.getClaim(claim.incidentId, claim.nullifier)).status).toBe("Rejected");

    // Only the recipient may appeal: someone else's signature or call is refused.
    const stranger = await f.signers.outsider.signTypedData(
      ...(Object.values(appealTypedData(f.chain.chainId, f.assessment.address, claimId)) as [never, never, never]),
    );
    await expectRevert(f.assessment.connect(f.signers.relayer).appeal(claim.incidentId, claim.nullifier, stranger), "NotClaimRecipient");
    await expectRevert(f.assessment.connect(f.signers.outsider).appeal(claim.incidentId, claim.nullifier), "NotClaimRecipient");
    // A relayer cannot swap the disclosure the recipient signed.
    await expectRevert(
      f.assessment.connect(f.signers.relayer).appeal(claim.incidentId, claim.nullifier, await appealSignature(request), "0x1234"),
      "NotClaimRecipient",
    );
    await f.assessment.connect(f.signers.relayer).appeal(claim.incidentId, claim.nullifier, await appealSignature(request));
    expect((await f.mutual.getClaim(claim.incidentId, claim.nullifier)).status).toBe("Appealed");
    await expectRevert(f.assessment.appeal(claim.incidentId, claim.nullifier, await appealSignature(request)), "AlreadyAppealed");
    const round = await f.assessment.round(claim.incidentId, claim.nullifier, APPEAL_ROUND);
    // The members' round: the member root now, twice the incident's quorum.
    expect(round).toMatchObject({ opened: true, root: f.tree.root, quorum: 4 });

    // The claimant (member 0) cannot vote on their own appeal: the prover refuses, a forged exclusion fails.
    await expect(f.commitVote(f.memberVoter(0), claim, request.amount, { round: APPEAL_ROUND })).rejects.toThrow(OwnClaimError);
    const opening = { approve: true, amount: request.amount, salt: `0x${"33".repeat(32)}`, encryptedReason: "0x" };
    const commitment = voteCommitment(claimId, APPEAL_ROUND, await f.voteNullifierOf(f.memberVoter(0), claim, APPEAL_ROUND), opening);
    const forged = await f.ballotProof(f.memberVoter(0), claim, APPEAL_ROUND, commitment, 7n);
    await expectRevert(
      f.assessment.commitVote(
        claim.incidentId,
        claim.nullifier,
        APPEAL_ROUND,
        forged.publicSignals.root,
        forged.publicSignals.nullifier,
        commitment,
        flattenProof(toSolidityProof(forged)),
      ),
      "InvalidBallotProof",
    );
    // An assessor seat is not a member leaf: seats do not vote in the members' round.
    await expectRevert(f.commitVote(0, claim, request.amount, { round: APPEAL_ROUND }), "UnknownBallotRoot");
    await expectRevert(f.commitVote(0, claim, request.amount, { round: APPEAL_ROUND, root: round.root }), "InvalidBallotProof");

    const ballots = [];
    for (const [member, amount] of [
      [1, 900n],
      [2, 900n],
      [3, 700n],
      [4, undefined],
    ] as const) {
      ballots.push(
        await f.commitVote(f.memberVoter(member), claim, amount === undefined ? undefined : amount * USD, { round: APPEAL_ROUND }),
      );
    }
    await expectRevert(f.mutual.settle(claim.incidentId, claim.nullifier), "ClaimNotInStatus");
    await f.travelPast(round.commitEndsAt);
    for (const ballot of ballots) await f.revealVote(ballot);
    await expectRevert(f.assessment.finalize(claim.incidentId, claim.nullifier), "RoundStillOpen");
    await f.travelPast(round.revealEndsAt);
    const reservedBefore = (await f.mutual.accounts()).reserved;
    await f.assessment.finalize(claim.incidentId, claim.nullifier);
    expect(await f.mutual.getClaim(claim.incidentId, claim.nullifier)).toMatchObject({ status: "Approved", approvedAmount: 900n * USD });
    expect((await f.mutual.accounts()).reserved).toBe(reservedBefore + 900n * USD);
    // Final: no second appeal, and it pays after the cooldown.
    await expectRevert(f.assessment.appeal(claim.incidentId, claim.nullifier, await appealSignature(request)), "AlreadyAppealed");
    await f.chain.increaseTime(3_601n);
    await f.mutual.settle(claim.incidentId, claim.nullifier);
    expect((await f.mutual.getClaim(claim.incidentId, claim.nullifier)).status).toBe("Paid");
  });

  it("a cut claim's appeal without quorum leaves the first decision, and its reservation, as they were", async () => {
    const request = await fileIn(5, 1_000n * USD);
    const claim = { incidentId: request.incidentId, nullifier: request.nullifier };
    const _claimId = await f.mutual.claimIdOf(claim.incidentId, claim.nullifier);
    await f.decide(claim.incidentId, claim.nullifier, [400n * USD, 400n * USD]);
    const reserved = (await f.mutual.accounts()).reserved;
    await f.assessment.connect(f.signers.payout).appeal(claim.incidentId, claim.nullifier);
    const opened = await f.assessment.round(claim.incidentId, claim.nullifier, APPEAL_ROUND);
    // A pause stops the appeal's clocks too: nothing is voted while paused, and the windows grow by the pause.
    await f.mutual.connect(f.signers.pauser).setPaused(true);
    await f.chain.increaseTime(2n * DAY);
    await expectRevert(f.commitVote(f.memberVoter(1), claim, 1_000n * USD, { round: APPEAL_ROUND }), "AssessmentPaused");
    await f.mutual.connect(f.signers.pauser).setPaused(false);
    const round = await f.assessment.round(claim.incidentId, claim.nullifier, APPEAL_ROUND);
    expect(round.commitEndsAt - opened.commitEndsAt).toBeGreaterThanOrEqual(2n * DAY);
    const lone = await f.commitVote(f.memberVoter(1), claim, 1_000n * USD, { round: APPEAL_ROUND });
    await f.travelPast(round.commitEndsAt);
    await f.revealVote(lone);
    await f.travelPast(round.revealEndsAt);
    await f.assessment.finalize(claim.incidentId, claim.nullifier);
    expect(await f.mutual.getClaim(claim.incidentId, claim.nullifier)).toMatchObject({ status: "Approved", approvedAmount: 400n * USD });
    expect((await f.mutual.accounts()).reserved).toBe(reserved);
  });

  it("an appeal after its window, or of a claim approved in full, is refused", async () => {
    const late = await fileIn(6, 500n * USD);
    await f.decide(late.incidentId, late.nullifier, [undefined, undefined]);
    await f.chain.increaseTime(3_600n); // the incident's settlement delay: the appeal window
    await expectRevert(f.assessment.connect(f.signers.payout).appeal(late.incidentId, late.nullifier), "AppealWindowClosed");
    const full = await fileIn(2, 300n * USD);
    await f.decide(full.incidentId, full.nullifier, [300n * USD, 300n * USD]);
    await expectRevert(f.assessment.connect(f.signers.payout).appeal(full.incidentId, full.nullifier), "NotAppealable");
  });
});
