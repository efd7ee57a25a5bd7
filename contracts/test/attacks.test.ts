import { ASSESSOR_SEAT_DATA, cidBytes, identityCommitment, leafOf, memberLeaf, SNARK_SCALAR_FIELD } from "@mutua/core";
import { MemberTree, OwnClaimError, toSolidityProof } from "@mutua/proofs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimRequest } from "../src-ts/index.ts";
import {
  ASSESSORS_ROUND,
  ClaimStatus,
  deployGovernedMutual,
  flattenProof,
  PrivateAssessmentArtifact,
  voteCommitment,
} from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { evidenceCid, GOVERNANCE_DELAY, MAX_CLAIM, ROOT_WINDOW, rawCid, setupMutual, USD } from "./fixture.ts";

let f: MutualFixture;
let valid: ClaimRequest;
let member: Member;

beforeAll(async () => {
  f = await setupMutual();
  member = f.members[0] as Member;
  valid = await f.proveClaim(member);
});
afterAll(async () => {
  await f.close();
});

describe("fileClaim rejects every forgery before recording anything", () => {
  it("a forged proof", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, proof: valid.proof.map((x, i) => (i === 6 ? x + 1n : x)) }), "InvalidProof");
    await expectRevert(f.mutual.fileClaim({ ...valid, proof: Array(8).fill(1n) }), "InvalidProof");
  });

  it("each public signal tampered", async () => {
    const otherCid = cidBytes(await evidenceCid("different evidence"));
    const tampered: Record<string, ClaimRequest> = {
      nullifier: { ...valid, nullifier: valid.nullifier + 1n },
      amount: { ...valid, amount: valid.amount + 1n },
      evidence: { ...valid, evidenceCid: otherCid },
      recipient: { ...valid, recipient: f.signers.outsider.address },
    };
    for (const [name, request] of Object.entries(tampered)) {
      await expectRevert(f.mutual.fileClaim(request), "InvalidProof").catch((error: Error) => {
        throw new Error(`${name}: ${error.message}`);
      });
    }
  });

  it("a nullifier aliased by adding the field order (would be a fresh mapping key)", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, nullifier: valid.nullifier + SNARK_SCALAR_FIELD }), "InvalidProof");
  });

  it("a root that was never posted", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, root: valid.root + 1n }), "UnknownRoot");
  });

  it("a proof for another incident (scope)", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId: other } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    await expectRevert(f.mutual.fileClaim({ ...valid, incidentId: other }), "InvalidProof");
  });

  it("a proof made for another chain", async () => {
    const request = await f.proveClaim(member, { chainId: 1n });
    await expectRevert(f.mutual.fileClaim(request), "InvalidProof");
  });

  it("a proof made for another deployment (same members, same root)", async () => {
    const other = await deployGovernedMutual(f.signers.admin, f.settings);
    const request = await f.proveClaim(member, { contract: other.mutual.address });
    await expectRevert(f.mutual.fileClaim(request), "InvalidProof");
  });

  it("an amount over the per-claim cap, and zero", async () => {
    const request = await f.proveClaim(member, { amount: MAX_CLAIM + 1n });
    await expectRevert(f.mutual.fileClaim(request), "AmountOverCap");
    await expectRevert(f.mutual.fileClaim({ ...valid, amount: 0n }), "ZeroAmount");
  });

  it("a proof made for another loss time than the incident's", async () => {
    const request = await f.proveClaim(member, { occurredAt: (await f.mutual.getIncident(f.incidentId)).occurredAt - 1n });
    await expectRevert(f.mutual.fileClaim(request), "InvalidProof");
  });

  it("malformed request fields", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, recipient: "0x0000000000000000000000000000000000000000" }), "InvalidRecipient");
    // Junk bytes, and a well-formed CID of another kind (raw codec): only a dag-pb sha2-256 CIDv1 is evidence. The
    // chain takes its digest only and puts the prefix back, so no other kind can reach it; the client refuses
    // them before signing anything.
    for (const evidenceCid of ["0x", "0x0170122000", `0x${"ab".repeat(36)}`, cidBytes(await rawCid("x"))]) {
      await expect(f.mutual.fileClaim({ ...valid, evidenceCid })).rejects.toMatchObject({ code: "INVALID_EVIDENCE_CID" });
    }
  });

  it("files the valid claim once; the replayed nullifier is refused", async () => {
    await f.mutual.connect(f.signers.relayer).fileClaim(valid);
    await expectRevert(f.mutual.fileClaim(valid), "NullifierAlreadyUsed");
    // The same member cannot get a second nullifier for the same incident with another amount or evidence.
    const again = await f.proveClaim(member, { amount: 10n * USD, cid: await evidenceCid("second try") });
    expect(again.nullifier).toBe(valid.nullifier);
    await expectRevert(f.mutual.fileClaim(again), "NullifierAlreadyUsed");
  });
});

describe("assessment rules", () => {
  it("a ballot outside the seats, a second ballot, a ballot moved to another claim or commitment: each refused", async () => {
    const claim = { incidentId: f.incidentId, nullifier: valid.nullifier };
    const claimId = await f.mutual.claimIdOf(claim.incidentId, claim.nullifier);
    // An outsider builds their own "seat tree": a valid proof, for a root that is not the seats' root.
    const fakeSeats = new MemberTree([leafOf(identityCommitment(31337n), ASSESSOR_SEAT_DATA), ...f.seats.leaves.slice(1)]);
    const outsider = { secret: 31337n, leafData: ASSESSOR_SEAT_DATA, merkleProof: fakeSeats.proof(0) };
    await expectRevert(f.commitVote(outsider, claim, 1n), "UnknownBallotRoot");
    await expectRevert(f.commitVote(outsider, claim, 1n, { root: f.seats.root }), "InvalidBallotProof");
    // A member's own leaf is not a seat either.
    await expectRevert(f.commitVote(f.memberVoter(1), claim, 1n), "UnknownBallotRoot");
    await expectRevert(f.commitVote(f.memberVoter(1), claim, 1n, { root: f.seats.root }), "InvalidBallotProof");

    const first = await f.commitVote(0, claim, valid.amount);
    // The same seat again (either vote): the same nullifier.
    await expectRevert(f.commitVote(0, claim, undefined), "BallotAlreadyCast");

    // A relayer swapping the commitment, or replaying the proof on another claim, breaks the proof.
    const opening = { approve: true, amount: valid.amount, salt: `0x${"11".repeat(32)}`, encryptedReason: "0x" };
    const seatNullifier = await f.voteNullifierOf(1, claim);
    const commitment = voteCommitment(claimId, ASSESSORS_ROUND, seatNullifier, opening);
    const proof = await f.ballotProof(f.seatVoter(1), claim, ASSESSORS_ROUND, commitment);
    const calldata = flattenProof(toSolidityProof(proof));
    const swapped = voteCommitment(claimId, ASSESSORS_ROUND, seatNullifier, { ...opening, approve: false, amount: 0n });
    await expectRevert(
      f.assessment.commitVote(claim.incidentId, claim.nullifier, 0, f.seats.root, proof.publicSignals.nullifier, swapped, calldata),
      "InvalidBallotProof",
    );
    const other = await f.proveClaim(f.members[1] as Member);
    await f.mutual.fileClaim(other);
    await expectRevert(
      f.assessment.commitVote(claim.incidentId, other.nullifier, 0, f.seats.root, proof.publicSignals.nullifier, commitment, calldata),
      "InvalidBallotProof",
    );
    // A forged nullifier for a valid proof is refused too.
    await expectRevert(
      f.assessment.commitVote(claim.incidentId, claim.nullifier, 0, f.seats.root, proof.publicSignals.nullifier + 1n, commitment, calldata),
      "InvalidBallotProof",
    );
    await f.assessment.commitVote(claim.incidentId, claim.nullifier, 0, f.seats.root, proof.publicSignals.nullifier, commitment, calldata);

    // Reveals: only after the commit window, only the committed opening, once, within the claimed amount.
    await expectRevert(f.revealVote(first), "RevealNotOpen");
    await f.endVoting(claim.incidentId);
    await expectRevert(f.revealVote({ ...first, opening: { ...first.opening, amount: first.opening.amount - 1n } }), "RevealMismatch");
    await expectRevert(f.revealVote({ ...first, opening: { ...first.opening, encryptedReason: "0xdead" } }), "RevealMismatch");
    await expectRevert(f.revealVote({ ...first, voteNullifier: 12345n }), "UnknownBallot");
    await f.revealVote(first);
    await expectRevert(f.revealVote(first), "AlreadyRevealed");
    const tooMuch = {
      incidentId: claim.incidentId,
      claimNullifier: claim.nullifier,
      round: 0,
      voteNullifier: proof.publicSignals.nullifier,
      opening,
    };
    await expectRevert(f.revealVote({ ...tooMuch, opening: { ...opening, amount: valid.amount + 1n } }), "RevealMismatch");
    await f.revealVote(tooMuch);
    expect(await f.assessment.roundWithCommits(claim.incidentId, claim.nullifier, 0)).toMatchObject({
      commits: 2,
      approvals: 2,
      rejections: 0,
    });
    // The chain shows which ballots approved, never which seat cast them: no event or state names an address.
    const revealed = await f.assessment.revealedVotes(claimId);
    expect(revealed.map((v) => v.voteNullifier)).toEqual([first.voteNullifier, proof.publicSignals.nullifier]);
  });

  it("an approval above the claimed amount is refused at reveal", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    const request = await f.proveClaim(f.members[2] as Member, { incidentId, amount: 300n * USD });
    await f.mutual.fileClaim(request);
    const vote = await f.commitVote(2, { incidentId, nullifier: request.nullifier }, 301n * USD);
    await f.endVoting(incidentId);
    await expectRevert(f.revealVote(vote), "ApprovedAmountInvalid");
  });

  it("an assessor cannot vote on a claim they filed: the prover refuses, and a forged exclusion fails on-chain", async () => {
    // Governance appoints member 3's own identity to a seat (the SDK makes seats from member identities).
    const claimant = f.members[3] as Member;
    const seats = new MemberTree([...f.seats.leaves, leafOf(identityCommitment(claimant.secret), ASSESSOR_SEAT_DATA)]);
    const appoint = await f.governance.schedule(
      f.assessment.address,
      "setAssessorSeats",
      [[...seats.leaves], seats.root, seats.leaves.map(() => "")],
      PrivateAssessmentArtifact.abi,
    );
    await f.chain.increaseTime(GOVERNANCE_DELAY);
    await f.governance.execute(appoint);
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    const own = await f.proveClaim(claimant, { incidentId });
    await f.mutual.fileClaim(own);
    const claim = { incidentId, nullifier: own.nullifier };
    const seat = { secret: claimant.secret, leafData: ASSESSOR_SEAT_DATA, merkleProof: seats.proof(3) };
    await expect(f.commitVote(seat, claim, own.amount)).rejects.toThrow(OwnClaimError);
    // Bypassing the prover's check: a proof excluding some other nullifier does not match the claim's.
    const claimId = await f.mutual.claimIdOf(incidentId, own.nullifier);
    const commitment = voteCommitment(claimId, 0, await f.voteNullifierOf(seat, claim), {
      approve: true,
      amount: own.amount,
      salt: `0x${"22".repeat(32)}`,
      encryptedReason: "0x",
    });
    const forged = await f.ballotProof(seat, claim, 0, commitment, 999n);
    await expectRevert(
      f.assessment.commitVote(
        incidentId,
        own.nullifier,
        0,
        forged.publicSignals.root,
        forged.publicSignals.nullifier,
        commitment,
        flattenProof(toSolidityProof(forged)),
      ),
      "InvalidBallotProof",
    );
    // The same seat votes on someone else's claim.
    const others = await f.proveClaim(f.members[4] as Member, { incidentId });
    await f.mutual.fileClaim(others);
    await f.commitVote(seat, { incidentId, nullifier: others.nullifier }, others.amount);
    // Ballots proven against the previous seat list still land for a day after the change, then no more.
    await f.commitVote(0, { incidentId, nullifier: others.nullifier }, others.amount);
    await f.chain.increaseTime(86_401n);
    await expectRevert(f.commitVote(1, { incidentId, nullifier: others.nullifier }, others.amount), "UnknownBallotRoot");
  });

  it("only the assessment module decides; an approval the pool cannot cover is refused at finalize", async () => {
    await expectRevert(f.mutual.decide(f.incidentId, valid.nullifier, ClaimStatus.Approved, 1n), "AccessControlUnauthorizedAccount");
    await expectRevert(f.mutual.markAppealed(f.incidentId, valid.nullifier), "AccessControlUnauthorizedAccount");
    await f.endReveal(f.incidentId);
    const available = (await f.mutual.accounts()).available;
    expect(available).toBeLessThan(valid.amount);
    await expectRevert(f.assessment.finalize(f.incidentId, valid.nullifier), "InsufficientPoolFunds");
    await f.fund(0n, valid.amount);
    await f.assessment.finalize(f.incidentId, valid.nullifier);
    expect((await f.mutual.getClaim(f.incidentId, valid.nullifier)).status).toBe("Approved");
    await expectRevert(f.assessment.finalize(f.incidentId, valid.nullifier), "RoundAlreadyDecided");
  });

  it("the pauser pauses claims; nobody else can", async () => {
    const asPauser = f.mutual.connect(f.signers.pauser);
    await asPauser.setPaused(true);
    await expectRevert(f.mutual.settle(f.incidentId, valid.nullifier), "ClaimsPaused");
    await expectRevert(f.mutual.connect(f.signers.outsider).setPaused(false), "AccessControlUnauthorizedAccount");
    await expectRevert(f.mutual.setPaused(false), "AccessControlUnauthorizedAccount");
    await asPauser.setPaused(false);
  });
});

describe("member registry", () => {
  it("only the issuer posts roots", async () => {
    await expectRevert(f.mutual.connect(f.signers.outsider).addMembers([1n], 2n), "AccessControlUnauthorizedAccount");
    await expectRevert(f.mutual.connect(f.signers.outsider).removeMember(0, 2n), "AccessControlUnauthorizedAccount");
    await expectRevert(f.asIssuer.addMembers([SNARK_SCALAR_FIELD], 2n), "InvalidLeaf");
    await expectRevert(f.asIssuer.addMembers([1n], 0n), "InvalidRoot");
    await expectRevert(f.asIssuer.removeMember(10_000, 2n), "MemberIndexOutOfRange");
    expect(await f.mutual.activeMemberCount()).toBe(f.members.length);
  });

  it("a removed member's proof against an old root passes inside the window and fails after it", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    const revoked = f.members[5] as Member;
    const inWindow = await f.proveClaim(revoked, { incidentId });
    const late = await f.proveClaim(revoked, { incidentId, amount: 99n * USD });
    const oldRoot = inWindow.root;

    f.tree.remove(revoked.index);
    await f.asIssuer.removeMember(revoked.index, f.tree.root);
    await expectRevert(f.asIssuer.removeMember(revoked.index, f.tree.root), "MemberAlreadyRemoved");
    expect(await f.mutual.activeMemberCount()).toBe(f.members.length - 1);
    expect(await f.mutual.isKnownRoot(oldRoot)).toBe(true);
    await f.mutual.fileClaim(inWindow);

    // Other members join: each admission posts a root, and the revoked member's last root ages out.
    for (let i = 0; i < ROOT_WINDOW; i++) {
      const leaf = memberLeaf(identityCommitment(777n + BigInt(i)), revoked.terms);
      f.tree.add(leaf);
      await f.payPremiums([leaf]);
      await f.asIssuer.addMembers([leaf], f.tree.root);
    }
    expect(await f.mutual.isKnownRoot(oldRoot)).toBe(false);
    // Same member and incident means the same nullifier, already used: try under a fresh incident.
    const now2 = await f.chain.latestTimestamp();
    const { incidentId: nextIncident } = await f.openIncident(now2 + 86_400n, now2 + 2n * 86_400n);
    const afterWindow = { ...late, incidentId: nextIncident };
    await expectRevert(f.mutual.fileClaim(afterWindow), "UnknownRoot");
  });
});
