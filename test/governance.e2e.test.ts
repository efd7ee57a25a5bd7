// The mutual governs itself, end to end through the public packages: members propose, vote anonymously through the
// relayer, and the change takes effect after the timelock's delay; assessors judge a claim with sealed ballots; a
// rejected claimant appeals to the members, who read the disclosed evidence and decide it. Each attack is tried as
// the adversary would: a member voting twice, a revoked member, an outsider, a late vote, an early execution, a
// proposal outside the bounds, an assessor on their own claim, a second appeal.
import { AssessmentClient } from "@mutua/contracts";
import { MemberTree } from "@mutua/proofs";
import { Assessor, setAssessorSeatsAction, setParametersAction } from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuerKnowledge, publicTrace } from "./issuer-view.ts";
import type { World } from "./world.ts";
import { createWorld, DAY, evidenceFiles, USDC } from "./world.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld({ memberNames: ["alice", "bob", "carol", "dave", "erin", "frank", "grace"] });
});
afterAll(async () => {
  await world?.close();
});

const member = (name: string) => world.member(name);

describe("member governance through the relayer", () => {
  it("a proposal to raise the cap and seat a fourth assessor passes by anonymous votes and takes effect after the delay", async () => {
    const { governance, admin } = world;
    const deployment = admin.deployment;
    // The issuer revokes grace before the proposal: she is not in its snapshot.
    const grace = member("grace");
    await admin.revokeMember(grace.credentialId);

    const dana = await world.newMember("dana-assessor");
    const danaSeat = Assessor.seatOf(dana.wallet, { chainId: deployment.chainId, contract: deployment.mutual }, await dana.wallet.did());
    const seats = [...world.assessors.map((a) => a.assessor.seat()), danaSeat];
    await expect(
      setParametersAction(deployment, world.relayer, { maxClaimAmount: 12_000n * USDC, quorum: 1, settlementDelay: 3_600 }),
    ).rejects.toMatchObject({ code: "PARAMETER_OUT_OF_BOUNDS" });
    const actions = [
      await setParametersAction(deployment, world.relayer, { maxClaimAmount: 12_000n * USDC, quorum: 2, settlementDelay: 3_600 }),
      setAssessorSeatsAction(deployment, seats),
    ];
    const { proposalId } = await governance.propose(actions, "Raise the cap to 12,000 USDC and seat Dana as a fourth assessor");
    await world.net.chain.increaseTime(1);
    const proposal = await governance.proposal(proposalId);
    expect(proposal).toMatchObject({ state: "Active", box: { quorum: 2, forVotes: 0 } });

    const ballots = [
      await governance.vote(member("alice").wallet, proposalId, "for"),
      await governance.vote(member("bob").wallet, proposalId, "for"),
      await governance.vote(member("carol").wallet, proposalId, "against"),
    ];
    // As the issuer, who knows every member's address, identity commitment and leaf: none of them is in any
    // ballot's transaction or logs, and the relayer sent each one.
    const known = await issuerKnowledge(world.members);
    for (const ballot of ballots) {
      const trace = await publicTrace(world.net.chain.provider, ballot.transactionHash);
      expect(trace.from).toBe((await world.relayer.getAddress()).toLowerCase());
      for (const value of known) expect(trace.text).not.toContain(value);
    }

    await expect(governance.vote(member("alice").wallet, proposalId, "against")).rejects.toMatchObject({ code: "ALREADY_VOTED" });
    await expect(governance.vote(grace.wallet, proposalId, "for")).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    // Someone who never joined: no membership in the snapshot.
    await expect(governance.vote(dana.wallet, proposalId, "for")).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    expect((await governance.proposal(proposalId)).box).toMatchObject({ forVotes: 2, againstVotes: 1 });

    await world.travelPast(proposal.deadline);
    await expect(governance.vote(member("dave").wallet, proposalId, "for")).rejects.toMatchObject({ code: "PROPOSAL_NOT_ACTIVE" });
    await governance.queue(proposalId);
    await expect(governance.execute(proposalId)).rejects.toMatchObject({ code: "TIMELOCK_NOT_READY" });
    await world.net.chain.increaseTime(2 * DAY + 1);
    await governance.execute(proposalId);
    expect((await governance.proposal(proposalId)).state).toBe("Executed");
    expect((await admin.mutual.parameters()).maxClaimAmount).toBe(12_000n * USDC);
    // Dana's seat is in the assessor tree now: the seat list governance published hashes to the new root.
    expect(await new AssessmentClient(deployment.assessment, world.relayer).assessorRoot()).toBe(
      new MemberTree(seats.map((s) => s.leaf)).root,
    );
  });

  it("assessors judge with sealed ballots (an assessor cannot judge their own claim); the rejected claimant appeals to the members", async () => {
    const { governance, admin } = world;
    const { incidentId } = await admin.openIncident(7 * DAY, 7 * DAY);
    const dave = member("dave");
    const payout = world.take();
    const filed = await dave.member.fileClaim({
      incidentId,
      amount: 800n * USDC,
      recipient: await payout.getAddress(),
      files: evidenceFiles("the mast broke in the storm"),
    });
    await world.decide(filed, [
      { approve: false, reason: "no photo shows the mast" },
      { approve: false, reason: "the form is not signed" },
    ]);
    expect((await dave.member.claimStatus(incidentId, filed.nullifier)).status).toBe("Rejected");
    expect((await dave.member.reasons(incidentId, filed.nullifier)).map((r) => r.reason).sort()).toEqual([
      "no photo shows the mast",
      "the form is not signed",
    ]);

    // Appealing discloses the evidence to the members: the SDK will not do it unless the member says so.
    const claim = { incidentId, nullifier: filed.nullifier, evidenceCid: filed.evidenceCid, amount: 800n * USDC };
    await expect(dave.member.appeal(claim, { recipient: payout, discloseEvidence: false })).rejects.toMatchObject({
      code: "DISCLOSURE_NOT_CONFIRMED",
    });
    await expect(dave.member.appeal(claim, { recipient: world.take(), discloseEvidence: true })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    const appealed = await dave.member.appeal(claim, { recipient: payout, discloseEvidence: true });
    expect(appealed.from.toLowerCase()).toBe((await world.relayer.getAddress()).toLowerCase());
    await expect(dave.member.appeal(claim, { recipient: payout, discloseEvidence: true })).rejects.toMatchObject({
      code: "ALREADY_APPEALED",
    });

    // Members read the disclosed evidence and vote; the claimant cannot vote on her own appeal.
    const opened = await governance.openAppealEvidence(world.net.store, claim);
    expect(new TextDecoder().decode(await opened.files[1]?.bytes())).toContain("mast broke");
    await expect(governance.voteOnAppeal(dave.wallet, claim, { approve: true, reason: "it is my own claim" })).rejects.toMatchObject({
      code: "OWN_CLAIM",
    });
    for (const name of ["alice", "bob", "carol"])
      await governance.voteOnAppeal(member(name).wallet, claim, { approve: true, reason: `${name}: the photos show the broken mast` });
    await governance.voteOnAppeal(member("erin").wallet, claim, { approve: true, amount: 600n * USDC, reason: "erin: the mast was old" });
    await expect(
      governance.voteOnAppeal(member("erin").wallet, claim, { approve: false, reason: "changed my mind" }),
    ).rejects.toMatchObject({ code: "ALREADY_VOTED" });
    const rounds = await world.settlement.rounds(incidentId, filed.nullifier);
    expect(rounds.appeal).toMatchObject({ opened: true, quorum: 4, commits: 4, approvals: 0 });
    await world.travelPast(rounds.appeal.commitEndsAt);
    const revealed = await governance.revealAppealVotes();
    expect(revealed.revealed).toHaveLength(4);
    await world.travelPast(rounds.appeal.revealEndsAt);
    await world.settlement.finalize(incidentId, filed.nullifier);
    expect(await dave.member.claimStatus(incidentId, filed.nullifier)).toMatchObject({ status: "Approved", approvedAmount: 800n * USDC });
    const reasons = await dave.member.reasons(incidentId, filed.nullifier);
    expect(reasons.filter((r) => r.round === 1)).toHaveLength(4);
    await world.net.chain.increaseTime(3_601);
    await world.settlement.settle(incidentId, filed.nullifier);
    expect((await dave.member.claimStatus(incidentId, filed.nullifier)).status).toBe("Paid");
  });
});
