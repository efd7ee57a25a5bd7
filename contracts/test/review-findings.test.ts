// The independent review of assessment and governance (issue 20, against 2792261): each finding replayed as its
// adversary against the real contracts with real proofs. Every test here failed on 2792261.
import { SNARK_SCALAR_FIELD } from "@mutua/core";
import { toSolidityProof } from "@mutua/proofs";
import type { Contract } from "ethers";
import { ContractFactory, hexlify, randomBytes, toBeHex, ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ASSESSORS_ROUND,
  deployAssessment,
  deployBlocklistToken,
  deployTimelock,
  flattenProof,
  ImpostorTimelockArtifact,
  MutuaMutualArtifact,
  MutuaTimelockArtifact,
  ROLES,
  voteCommitment,
} from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { GOVERNANCE_DELAY, setupMutual, USD } from "./fixture.ts";

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

/** A new incident with short windows: claims for a day, votes for a day after that. */
async function shortIncident(occurredAgo = 60n) {
  const now = await f.chain.latestTimestamp();
  return (await f.openIncident(now + DAY, now + 2n * DAY, now - occurredAgo)).incidentId;
}

/** Member `index` files a claim for `amount` on `incidentId`, paid to `recipient` (default the fixture's payout). */
async function file(index: number, incidentId: bigint, amount: bigint, recipient?: string) {
  const request = await f.proveClaim(f.members[index] as Member, { incidentId, amount, ...(recipient ? { recipient } : {}) });
  await f.mutual.fileClaim(request);
  return { incidentId, nullifier: request.nullifier, amount };
}

async function pause(seconds: bigint) {
  const asPauser = f.mutual.connect(f.signers.pauser);
  await asPauser.setPaused(true);
  await f.chain.increaseTime(seconds);
  await asPauser.setPaused(false);
}

describe("high", () => {
  it("1. a front-runner or the relayer cannot replace a sealed vote's commitment: the proof binds it whole", async () => {
    const claim = await file(0, f.incidentId, 500n * USD);
    const claimId = await f.mutual.claimIdOf(claim.incidentId, claim.nullifier);
    const voteNullifier = await f.voteNullifierOf(0, claim);
    const opening = { approve: true, amount: 500n * USD, salt: hexlify(randomBytes(32)), encryptedReason: "0x" };
    const commitment = voteCommitment(claimId, ASSESSORS_ROUND, voteNullifier, opening);
    const proof = flattenProof(toSolidityProof(await f.ballotProof(f.seatVoter(0), claim, ASSESSORS_ROUND, commitment)));
    const send = (stored: string) =>
      f.assessment
        .connect(f.signers.relayer)
        .commitVote(claim.incidentId, claim.nullifier, ASSESSORS_ROUND, f.seats.root, voteNullifier, stored, proof);
    // The pending transaction resent with the commitment's last byte changed (2792261 bound only commitment >> 8).
    await expectRevert(send(toBeHex(BigInt(commitment) ^ 0xffn, 32)), "InvalidBallotProof");
    // The same field element plus the field's order: refused by the verifier, not reduced.
    await expectRevert(send(toBeHex(BigInt(commitment) + SNARK_SCALAR_FIELD, 32)), "InvalidBallotProof");
    // The assessor's own transaction still goes through, is stored exactly, and is revealed and counted.
    await send(commitment);
    expect(await f.assessment.commitmentOf(voteNullifier)).toBe(commitment);
    await f.endVoting(claim.incidentId);
    await f.revealVote({ incidentId: claim.incidentId, claimNullifier: claim.nullifier, round: ASSESSORS_ROUND, voteNullifier, opening });
    expect((await f.assessment.round(claim.incidentId, claim.nullifier, ASSESSORS_ROUND)).approvals).toBe(1);
  });
});

describe("medium", () => {
  it("2. members cannot vote the timelock's delay below a day, nor give its admin role away", async () => {
    const tl = MutuaTimelockArtifact.abi;
    const zero = await f.governance.schedule(f.governance.address, "updateDelay", [0], tl);
    const hour = await f.governance.schedule(f.governance.address, "updateDelay", [3_600], tl);
    const day = await f.governance.schedule(f.governance.address, "updateDelay", [86_400], tl);
    const handOver = await f.governance.schedule(f.governance.address, "grantRole", [ZeroHash, f.signers.admin.address], tl);
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    await expectRevert(f.governance.execute(zero), "DelayBelowMinimum");
    await expectRevert(f.governance.execute(hour), "DelayBelowMinimum");
    await expectRevert(f.governance.execute(handOver), "AdminIsTheTimelockOnly");
    await f.governance.execute(day);
    expect(await f.governance.minDelay()).toBe(DAY);
  });

  it("3. a role grant after deployment keeps the constructor's invariants; the last governance cannot leave", async () => {
    const { admin } = f.signers;
    const impostor = await new ContractFactory(ImpostorTimelockArtifact.abi, ImpostorTimelockArtifact.bytecode, admin).deploy();
    const foreign = await deployAssessment(admin, {
      mutual: await f.token.getAddress(), // bound to another contract, not this mutual
      governance: f.governance.address,
      revealWindow: 3_600,
      appealVotingPeriod: 86_400,
    });
    const own = await deployAssessment(admin, {
      mutual: f.mutual.address,
      governance: f.governance.address,
      revealWindow: 3_600,
      appealVotingPeriod: 86_400,
    });
    const second = await deployTimelock(admin, { minDelay: 86_400, proposers: [admin.address] });
    const grants = {
      adminToAccount: [ROLES.admin, admin.address],
      adminToImpostor: [ROLES.admin, await impostor.getAddress()],
      assessmentToAccount: [ROLES.assessment, admin.address],
      assessmentOfAnother: [ROLES.assessment, foreign.address],
      assessmentOfThis: [ROLES.assessment, own.address],
      adminToMutuaTimelock: [ROLES.admin, second.address],
    };
    const ops = Object.fromEntries(
      await Promise.all(
        Object.entries(grants).map(async ([name, args]) => [name, await f.governance.schedule(f.mutual.address, "grantRole", args)]),
      ),
    );
    const revoke = await f.governance.schedule(f.mutual.address, "revokeRole", [ROLES.admin, f.governance.address]);
    const renounce = await f.governance.schedule(f.mutual.address, "renounceRole", [ROLES.admin, f.governance.address]);
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    // The member-voted hand-over of 2792261: a plain account as admin, which then approves any claim alone.
    await expectRevert(f.governance.execute(ops.adminToAccount), "GovernanceNotTimelock");
    await expectRevert(f.governance.execute(ops.adminToImpostor), "GovernanceNotTimelock");
    await expectRevert(f.governance.execute(ops.assessmentToAccount), "NotAssessmentOfThisMutual");
    await expectRevert(f.governance.execute(ops.assessmentOfAnother), "NotAssessmentOfThisMutual");
    // Governance cannot remove itself: capital and parameters would be frozen for good.
    await expectRevert(f.governance.execute(revoke), "LastGovernance");
    await expectRevert(f.governance.execute(renounce), "LastGovernance");
    // What keeps the invariants is granted: an assessment module of this mutual, a timelock of the same code.
    await f.governance.execute(ops.assessmentOfThis);
    await f.governance.execute(ops.adminToMutuaTimelock);
    const hasRole = f.mutual.contract.getFunction("hasRole");
    expect(await hasRole(ROLES.assessment, own.address)).toBe(true);
    expect(await hasRole(ROLES.admin, second.address)).toBe(true);
    for (const account of [admin.address, foreign.address, await impostor.getAddress()]) {
      expect(await hasRole(ROLES.admin, account)).toBe(false);
      expect(await hasRole(ROLES.assessment, account)).toBe(false);
    }
  });

  it("4. a pause stops the appeal and payout clocks: a pause longer than the cooldown takes no appeal away", async () => {
    const incidentId = await shortIncident();
    const rejected = await file(1, incidentId, 400n * USD);
    await f.decide(incidentId, rejected.nullifier, [undefined, undefined]);
    const cutAt = await f.chain.latestTimestamp();
    expect((await f.mutual.getClaim(incidentId, rejected.nullifier)).status).toBe("Rejected");
    // Paused for two hours, twice the one-hour settlement delay that is the appeal window.
    await pause(2n * HOUR);
    expect(await f.chain.latestTimestamp()).toBeGreaterThan(cutAt + HOUR);
    await f.assessment.connect(f.signers.payout).appeal(incidentId, rejected.nullifier);
    expect((await f.mutual.getClaim(incidentId, rejected.nullifier)).status).toBe("Appealed");
  });

  it("4. a pause during the cooldown moves the payout later by the time paused", async () => {
    const incidentId = await shortIncident();
    const claim = await file(3, incidentId, 250n * USD);
    await f.decide(incidentId, claim.nullifier, [250n * USD, 250n * USD]);
    const decidedAt = (await f.mutual.getClaim(incidentId, claim.nullifier)).decidedAt;
    await pause(2n * HOUR);
    // Without the stretch it would be payable now (decided more than an hour ago).
    expect(await f.chain.latestTimestamp()).toBeGreaterThan(decidedAt + HOUR);
    await expectRevert(f.mutual.settle(incidentId, claim.nullifier), "SettlementCooldown");
    await f.travelPast(decidedAt + 3n * HOUR);
    await f.mutual.settle(incidentId, claim.nullifier);
    expect((await f.mutual.getClaim(incidentId, claim.nullifier)).status).toBe("Paid");
  });

  it("5. lapse never cancels a payable claim: only one whose payment failed, for 30 days not counting pauses", async () => {
    const incidentId = await shortIncident();
    const payable = await file(4, incidentId, 200n * USD);
    await f.decide(incidentId, payable.nullifier, [200n * USD, 200n * USD]);
    await f.chain.increaseTime(HOUR + 31n * DAY);
    // 2792261 lapsed it on time alone: nobody had even tried to pay it.
    await expectRevert(f.mutual.lapse(incidentId, payable.nullifier), "NotStuckYet");
    await f.mutual.settle(incidentId, payable.nullifier);
    expect((await f.mutual.getClaim(incidentId, payable.nullifier)).status).toBe("Paid");
  });

  it("5. a 30-day pause does not count toward lapsing, and a claim payable again is paid, not lapsed", async () => {
    const incidentId = await shortIncident();
    const claim = await file(1, incidentId, 120n * USD, f.signers.outsider.address);
    await f.decide(incidentId, claim.nullifier, [120n * USD, 120n * USD]);
    const token = f.token.connect(f.signers.admin) as Contract;
    await (await token.getFunction("setBlocked")(f.signers.outsider.address, true)).wait();
    await f.chain.increaseTime(HOUR + 1n);
    await f.mutual.settle(incidentId, claim.nullifier); // fails: recorded, nothing paid
    const failedAt = (await f.mutual.getClaim(incidentId, claim.nullifier)).failedAt;
    expect(failedAt).toBeGreaterThan(0n);
    await pause(31n * DAY);
    await expectRevert(f.mutual.lapse(incidentId, claim.nullifier), "NotStuckYet");
    await (await token.getFunction("setBlocked")(f.signers.outsider.address, false)).wait();
    await f.chain.increaseTime(31n * DAY);
    const before = (await token.getFunction("balanceOf")(f.signers.outsider.address)) as bigint;
    await f.mutual.connect(f.signers.relayer).lapse(incidentId, claim.nullifier);
    expect((await f.mutual.getClaim(incidentId, claim.nullifier)).status).toBe("Paid");
    expect(((await token.getFunction("balanceOf")(f.signers.outsider.address)) as bigint) - before).toBe(120n * USD);
  });
});

describe("low", () => {
  it("7. a ballot on a claim nobody filed is refused before its proof is checked", async () => {
    const ghost = { incidentId: await shortIncident(), nullifier: 424242n };
    await expectRevert(f.commitVote(0, ghost, undefined), "ClaimNotFiled");
    // On an incident that does not exist either.
    await expectRevert(f.commitVote(0, { incidentId: 999n, nullifier: 1n }, undefined), "ClaimNotFiled");
  });

  it("8. an assessor who copies another's commitment can never reveal it: the commitment binds the ballot", async () => {
    const incidentId = await shortIncident();
    const claim = await file(2, incidentId, 90n * USD);
    const honest = await f.commitVote(0, claim, 90n * USD);
    const copied = await f.assessment.commitmentOf(honest.voteNullifier);
    // Seat 1 proves its seat with seat 0's commitment as its message: a valid ballot under its own nullifier.
    const copierNullifier = await f.voteNullifierOf(1, claim);
    const proof = await f.ballotProof(f.seatVoter(1), claim, ASSESSORS_ROUND, copied);
    await f.assessment.commitVote(
      incidentId,
      claim.nullifier,
      0,
      f.seats.root,
      copierNullifier,
      copied,
      flattenProof(toSolidityProof(proof)),
    );
    await f.endVoting(incidentId);
    // Once seat 0's opening is public, the copier replays it: it opens seat 0's ballot only.
    await f.revealVote(honest);
    await expectRevert(f.revealVote({ ...honest, voteNullifier: copierNullifier }), "RevealMismatch");
    const round = await f.assessment.round(incidentId, claim.nullifier, ASSESSORS_ROUND);
    expect({ approvals: round.approvals, rejections: round.rejections }).toEqual({ approvals: 1, rejections: 0 });
  });

  it("9. the incident opener's key backdates a loss 3 days at most; older losses take the members' vote", async () => {
    const now = await f.chain.latestTimestamp();
    await expectRevert(f.openIncident(now + DAY, now + 2n * DAY, now - 4n * DAY), "LossTooOld");
    await expectRevert(f.openIncident(now + DAY, now + 2n * DAY, now - 300n * DAY), "LossTooOld");
    const recent = await f.openIncident(now + DAY, now + 2n * DAY, now - 2n * DAY);
    expect(recent.incidentId).toBeGreaterThan(0n);
    // Governance (a proposal through the timelock) may go back up to a year.
    const delay = await f.governance.minDelay();
    const open = (ago: bigint) =>
      f.governance.schedule(
        f.mutual.address,
        "openIncident",
        [now - ago, now + delay + 10n * DAY, now + delay + 20n * DAY],
        MutuaMutualArtifact.abi,
      );
    const old = await open(100n * DAY);
    const tooOld = await open(400n * DAY);
    await f.chain.increaseTime(delay + 1n);
    await f.governance.execute(old);
    const opened = await f.mutual.getIncident(await f.mutual.contract.getFunction("incidentCount")());
    expect(opened.occurredAt).toBe(now - 100n * DAY);
    await expectRevert(f.governance.execute(tooOld), "LossTooOld");
  });
});

describe("6. the empty member tree", () => {
  let g: MutualFixture;
  beforeAll(async () => {
    // One member: removing them leaves the empty tree, whose root is 0 (a mutual winding down).
    g = await setupMutual({ memberCount: 1 });
    await g.fund(0n, 5_000n * USD);
  });
  afterAll(async () => {
    await g.close();
  });

  it("an appeal with no member left to judge it is refused; the cut decision stays payable", async () => {
    const request = await g.proveClaim(g.members[0] as Member, { amount: 500n * USD });
    await g.mutual.fileClaim(request);
    await g.decide(g.incidentId, request.nullifier, [100n * USD, 100n * USD]); // approved, cut to 100
    // The last member leaves: the root is the empty tree's, 0.
    g.tree.remove(0);
    await g.asIssuer.removeMember(0, g.tree.root);
    expect(await g.mutual.currentRoot()).toBe(0n);
    await expectRevert(g.assessment.connect(g.signers.payout).appeal(g.incidentId, request.nullifier), "NoMembersToAppealTo");
    const claim = await g.mutual.getClaim(g.incidentId, request.nullifier);
    expect(claim).toMatchObject({ status: "Approved", approvedAmount: 100n * USD });
    await g.chain.increaseTime(3_601n);
    await g.mutual.settle(g.incidentId, request.nullifier);
    expect((await g.mutual.getClaim(g.incidentId, request.nullifier)).status).toBe("Paid");
    expect((await g.mutual.accounts()).reserved).toBe(0n);
  });
});
