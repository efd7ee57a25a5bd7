// The members govern: proposals pass by anonymous member ballots (real proofs of the vote circuit) and take
// effect through the timelock after its delay. Each attack is a member, a non-member or a relayer trying.
import { identityCommitment, memberLeaf } from "@mutua/core";
import { MemberTree } from "@mutua/proofs";
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProposalAction } from "../src-ts/index.ts";
import { deployGovernedMutual, MutuaMutualArtifact, PrivateAssessmentArtifact, Support } from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { GOVERNANCE_DELAY, ROOT_WINDOW, setupMutual, USD } from "./fixture.ts";

const DAY = 86_400n;
const mutualAbi = new Interface(MutuaMutualArtifact.abi);
const assessmentAbi = new Interface(PrivateAssessmentArtifact.abi);
let f: MutualFixture;

beforeAll(async () => {
  f = await setupMutual({ memberCount: 6 });
});
afterAll(async () => {
  await f.close();
});

function call(target: string, abi: Interface, method: string, args: unknown[]): ProposalAction {
  return { target, value: 0n, calldata: abi.encodeFunctionData(method, args) };
}

async function endVotingPeriod(proposalId: bigint) {
  await f.travelPast((await f.governor.timing(proposalId)).deadline);
}

describe("member governance: one member, one anonymous vote", () => {
  it("a proposal (raise the cap, add an assessor) passes by member ballots and takes effect after the delay", async () => {
    const { mutual, governor, assessment } = f;
    const seats = new MemberTree([...f.seats.leaves, 424242n]);
    const actions = [
      call(mutual.address, mutualAbi, "setParameters", [{ maxClaimAmount: 6_000n * USD, quorum: 2, settlementDelay: 3_600 }]),
      call(assessment.address, assessmentAbi, "setAssessorSeats", [[...seats.leaves], seats.root, seats.leaves.map(() => "")]),
    ];
    const description = "Raise the claim cap to 6,000 USDC and seat a fourth assessor";
    const { proposalId } = await governor.connect(f.signers.outsider).propose(actions, description);
    const box = await governor.ballotBox(proposalId);
    // The snapshot: the member root now, and a quorum of 20 % of 6 members, rounded up.
    expect(box).toMatchObject({ root: f.tree.root, quorum: 2, forVotes: 0, againstVotes: 0 });
    // Voting is open from the proposal's own block: no block has to follow it.
    expect(await governor.state(proposalId)).toBe("Active");

    // Members join after the snapshot and old roots die (root window 3): the snapshot stays valid for votes.
    const snapshot = new MemberTree([...f.tree.leaves]);
    for (let i = 0; i <= ROOT_WINDOW; i++) {
      const leaf = memberLeaf(identityCommitment(900n + BigInt(i)), (f.members[0] as Member).terms);
      f.tree.add(leaf);
      await f.payPremiums([leaf]);
      await f.asIssuer.addMembers([leaf], f.tree.root);
    }
    expect(await mutual.isKnownRoot(box.root)).toBe(false);

    // Member 0 votes for; the same member again (either way) is the same nullifier.
    await f.voteOnProposal(0, proposalId, Support.for, { tree: snapshot });
    await expectRevert(f.voteOnProposal(0, proposalId, Support.against, { tree: snapshot }), "VoteNullifierUsed");
    // A member admitted after the snapshot proves against today's root: not the snapshot's.
    await expectRevert(f.voteOnProposal(3, proposalId, Support.for), "InvalidVoteProof");
    // A relayer flipping a ballot's vote breaks its proof.
    const ballot = await f.proposalBallot(1, proposalId, Support.for, { tree: snapshot });
    await expectRevert(governor.castAnonymousVote(proposalId, Support.against, ballot.nullifier, ballot.proof), "InvalidVoteProof");
    await governor.castAnonymousVote(proposalId, Support.for, ballot.nullifier, ballot.proof);
    // Someone outside the tree builds a tree of their own: a valid proof for a root that is not the snapshot.
    const member2 = f.members[2] as Member;
    const outsiderTree = new MemberTree([memberLeaf(identityCommitment(member2.secret), member2.terms), 5n]);
    const forged = await f.proposalBallot(2, proposalId, Support.against, { tree: outsiderTree, leafIndex: 0 });
    await expectRevert(governor.castAnonymousVote(proposalId, Support.against, forged.nullifier, forged.proof), "InvalidVoteProof");
    // Account-based voting is refused outright: no vote may name an account.
    const accountVote = await (governor.contract.getFunction("castVote")(proposalId, 1) as Promise<unknown>).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(governor.contract.interface.parseError((accountVote as { data: string }).data)?.name).toBe("AnonymousVotesOnly");
    // Nobody can tell who voted: the events carry a nullifier and the support, never an address.
    const tally = await governor.ballotBox(proposalId);
    expect(tally).toMatchObject({ forVotes: 2, againstVotes: 0 });

    await expectRevert(governor.queue(actions, description), "GovernorUnexpectedProposalState");
    await endVotingPeriod(proposalId);
    // A vote after the deadline is refused.
    await expectRevert(f.voteOnProposal(3, proposalId, Support.for, { tree: snapshot }), "GovernorUnexpectedProposalState");
    expect(await governor.state(proposalId)).toBe("Succeeded");
    await governor.queue(actions, description);
    expect(await governor.state(proposalId)).toBe("Queued");
    // Execution before the timelock's delay is refused.
    await expectRevert(governor.execute(actions, description), "TimelockUnexpectedOperationState");
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    await governor.connect(f.signers.outsider).execute(actions, description);
    expect(await governor.state(proposalId)).toBe("Executed");
    expect((await mutual.parameters()).maxClaimAmount).toBe(6_000n * USD);
    expect(await assessment.assessorRoot()).toBe(seats.root);
  });

  it("a ballot replayed on another proposal or another deployment is refused; a proposal without quorum is defeated", async () => {
    const { governor } = f;
    const pause = [call(f.mutual.address, mutualAbi, "setPaused", [true])];
    // The issuer revokes member 5 before the proposal: a ballot against the tree from before the revocation (a
    // valid proof of a leaf that was once there) is not one of the snapshot's.
    const beforeRevocation = new MemberTree([...f.tree.leaves]);
    f.tree.remove(5);
    await f.asIssuer.removeMember(5, f.tree.root);
    const snapshot = f.tree;
    const { proposalId } = await governor.propose(pause, "Pause claims while the storm data is checked");
    const revoked = await f.proposalBallot(5, proposalId, Support.for, { tree: beforeRevocation });
    await expectRevert(governor.castAnonymousVote(proposalId, Support.for, revoked.nullifier, revoked.proof), "InvalidVoteProof");
    await f.chain.increaseTime(1n);
    const other = await governor.propose(pause, "Pause claims (a second proposal)");
    await f.chain.increaseTime(1n);
    const ballot = await f.proposalBallot(4, proposalId, Support.for, { tree: snapshot });
    await expectRevert(governor.castAnonymousVote(other.proposalId, Support.for, ballot.nullifier, ballot.proof), "InvalidVoteProof");
    const elsewhere = await deployGovernedMutual(f.signers.admin, f.settings);
    const foreign = await f.proposalBallot(4, proposalId, Support.for, { tree: snapshot, governor: elsewhere.governor.address });
    await expectRevert(governor.castAnonymousVote(proposalId, Support.for, foreign.nullifier, foreign.proof), "InvalidVoteProof");
    await governor.castAnonymousVote(proposalId, Support.for, ballot.nullifier, ballot.proof);
    // Quorum is 20 % of the 9 members left: 2 votes. One is not enough.
    expect((await governor.ballotBox(proposalId)).quorum).toBe(2);
    await endVotingPeriod(proposalId);
    expect(await governor.state(proposalId)).toBe("Defeated");
    await expectRevert(governor.queue(pause, "Pause claims while the storm data is checked"), "GovernorUnexpectedProposalState");
    expect((await f.mutual.parameters()).paused).toBe(false);
  });

  it("members pause by vote (governance holds the pauser role); a proposal outside the bounds passes but cannot execute", async () => {
    const { governor, mutual } = f;
    const snapshot = f.tree;
    // Pause, and move 1,000 USDC of capital out (the fixture's pool holds the members' premiums and no capital yet).
    await f.fund(0n, 2_000n * USD);
    const actions = [
      call(mutual.address, mutualAbi, "setPaused", [true]),
      call(mutual.address, mutualAbi, "moveCapital", [f.signers.payout.address, 1_000n * USD]),
    ];
    const outOfBounds = [
      call(mutual.address, mutualAbi, "setParameters", [{ maxClaimAmount: 6_000n * USD, quorum: 1, settlementDelay: 3_600 }]),
    ];
    const pause = await governor.propose(actions, "Pause");
    const lowQuorum = await governor.propose(outOfBounds, "Quorum of one");
    await f.chain.increaseTime(1n);
    for (const member of [0, 1]) {
      for (const proposalId of [pause.proposalId, lowQuorum.proposalId]) {
        const ballot = await f.proposalBallot(member, proposalId, Support.for, { tree: snapshot });
        await governor.castAnonymousVote(proposalId, Support.for, ballot.nullifier, ballot.proof);
      }
    }
    await endVotingPeriod(pause.proposalId);
    await governor.queue(actions, "Pause");
    await governor.queue(outOfBounds, "Quorum of one");
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    const capitalBefore = (await mutual.accounts()).capital;
    await governor.execute(actions, "Pause");
    expect((await mutual.parameters()).paused).toBe(true);
    expect((await mutual.accounts()).capital).toBe(capitalBefore - 1_000n * USD);
    await expectRevert(governor.execute(outOfBounds, "Quorum of one"), "ParameterOutOfBounds");
    expect((await mutual.parameters()).quorum).toBe(2);
    expect(await governor.state(lowQuorum.proposalId)).toBe("Queued");
    // Only governance (the timelock) changes the voting rules.
    const direct = await (governor.contract.getFunction("setVotingRules")(DAY, 5_000) as Promise<unknown>).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(governor.contract.interface.parseError((direct as { data: string }).data)?.name).toBe("GovernorOnlyExecutor");
  });
});
