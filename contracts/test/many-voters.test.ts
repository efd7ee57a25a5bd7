// Every valid reveal counts (2792261 counted the first 128 and refused the rest): 130 seats vote on one claim with
// real ballot proofs, and the decision is the one all 130 votes make.
import { ASSESSOR_SEAT_DATA, identityCommitment, leafOf } from "@mutua/core";
import { MemberTree } from "@mutua/proofs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivateAssessmentArtifact } from "../src-ts/index.ts";
import type { CommittedVote, Member, MutualFixture } from "./fixture.ts";
import { GOVERNANCE_DELAY, setupMutual, USD } from "./fixture.ts";

const VOTERS = 130;
let f: MutualFixture;
let seats: MemberTree;
const secrets = Array.from({ length: VOTERS }, (_, i) => 9_000_000n + BigInt(i));

beforeAll(async () => {
  f = await setupMutual();
  await f.fund(0n, 5_000n * USD);
  seats = new MemberTree(secrets.map((secret) => leafOf(identityCommitment(secret), ASSESSOR_SEAT_DATA)));
  const appoint = await f.governance.schedule(
    f.assessment.address,
    "setAssessorSeats",
    [[...seats.leaves], seats.root, seats.leaves.map(() => "")],
    PrivateAssessmentArtifact.abi,
  );
  await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
  await f.governance.execute(appoint);
});
afterAll(async () => {
  await f.close();
});

describe("more than 128 voters", () => {
  // 130 ballot proofs and 260 transactions: about two minutes on 2 idle cores; the timeout only guards against a hang.
  it("all 130 reveals count, and the payout is the rule's amount over all of them", { timeout: 1_200_000 }, async () => {
    const request = await f.proveClaim(f.members[0] as Member, { amount: 1_000n * USD });
    await f.mutual.fileClaim(request);
    const claim = { incidentId: f.incidentId, nullifier: request.nullifier };
    // 80 approvals of five amounts, 50 rejections, interleaved: the last reveals are approvals of the lowest amount.
    const votes = secrets.map((_, i) => (i % 13 < 5 ? undefined : BigInt(600 + 100 * (i % 5)) * USD));
    const committed: CommittedVote[] = [];
    for (const [i, amount] of votes.entries()) {
      const voter = { secret: secrets[i] as bigint, leafData: ASSESSOR_SEAT_DATA, merkleProof: seats.proof(i) };
      committed.push(await f.commitVote(voter, claim, amount));
    }
    await f.endVoting(claim.incidentId);
    for (const vote of committed) await f.revealVote(vote);
    const round = await f.assessment.round(claim.incidentId, claim.nullifier, 0);
    const approvals = votes.filter((v) => v !== undefined) as bigint[];
    expect({ approvals: round.approvals, rejections: round.rejections }).toEqual({ approvals: approvals.length, rejections: 50 });
    await f.endReveal(claim.incidentId);
    await f.assessment.finalize(claim.incidentId, claim.nullifier);
    const sorted = [...approvals].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const expected = sorted[sorted.length - 1 - Math.floor(sorted.length / 2)];
    expect(await f.mutual.getClaim(claim.incidentId, claim.nullifier)).toMatchObject({ status: "Approved", approvedAmount: expected });
  });
});
