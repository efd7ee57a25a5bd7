// Sound cover and bounded powers, with real proofs on a real chain: each test is an attack from the review
// that used to succeed, now failing at the step where it should.
import { identityCommitment, memberLeaf } from "@mutua/core";
import { MemberTree } from "@mutua/proofs";
import type { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployBlocklistToken, deployMutual, deployTimelock, MutuaMutualClient, ROLES } from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { COVERAGE, GOVERNANCE_DELAY, PREMIUM, setupMutual, USD } from "./fixture.ts";

const DAY = 86_400n;
let f: MutualFixture;

beforeAll(async () => {
  f = await setupMutual({ token: deployBlocklistToken });
  await f.fund(0n, 20_000n * USD);
});
afterAll(async () => {
  await f.close();
});

/** Seats vote the given amounts (undefined: reject), all revealed; the claim is finalized. */
async function decide(incidentId: bigint, nullifier: bigint, votes: (bigint | undefined)[]) {
  await f.decide(incidentId, nullifier, votes);
  return f.mutual.getClaim(incidentId, nullifier);
}

/** Admits one new member whose policy runs from `start` to `expiry`, premium paid. */
async function admit(secret: bigint, start: bigint, expiry: bigint): Promise<Member> {
  const terms = { policyId: 9n, coverageLimit: COVERAGE, policyStart: start, policyExpiry: expiry };
  const leaf = memberLeaf(identityCommitment(secret), terms);
  f.tree.add(leaf);
  await f.payPremiums([leaf]);
  await f.asIssuer.addMembers([leaf], f.tree.root);
  return { secret, terms, index: f.tree.size - 1 };
}

describe("cover is decided at the time of the loss", () => {
  it("a member admitted after a publicly known storm cannot claim for it", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY, now - 2n * DAY);
    const late = await admit(42n, now, now + 365n * DAY);
    // The honest prover refuses; a proof made with the claimant's own (later) time does not verify.
    await expect(f.proveClaim(late, { incidentId })).rejects.toMatchObject({ code: "POLICY_NOT_STARTED" });
    const lying = await f.proveClaim(late, { incidentId, occurredAt: now });
    await expectRevert(f.mutual.fileClaim(lying), "InvalidProof");
  });

  it("a member covered when the loss happened is paid even after the policy lapsed", async () => {
    const now = await f.chain.latestTimestamp();
    const short = await admit(43n, now - DAY, now + 2n * DAY);
    const { incidentId } = await f.openIncident(now + 30n * DAY, now + 40n * DAY, now - 60n);
    await f.chain.increaseTime(10n * DAY); // the policy has expired by the time of filing
    const request = await f.proveClaim(short, { incidentId, amount: 300n * USD });
    await f.mutual.fileClaim(request);
    expect((await f.mutual.getClaim(incidentId, request.nullifier)).status).toBe("Filed");
  });

  it("the incident's loss time is never in the future; the opener's key backdates it 3 days at most", async () => {
    const now = await f.chain.latestTimestamp();
    await expectRevert(f.openIncident(now + 7n * DAY, now + 14n * DAY, now + 3_600n), "InvalidIncidentWindow");
    await expectRevert(f.openIncident(now + 7n * DAY, now + 14n * DAY, now - 4n * DAY), "LossTooOld");
    await expectRevert(f.openIncident(now + 7n * DAY, now + 14n * DAY, now - 366n * DAY), "LossTooOld");
  });
});

describe("cover requires a paid premium: payments are a queue, each admitted or refused once", () => {
  async function pay(leaf: bigint, amount: bigint) {
    const token = f.token.connect(f.signers.outsider) as Contract;
    await (await token.getFunction("mint")(f.signers.outsider.address, amount)).wait();
    await (await token.getFunction("approve")(f.mutual.address, amount)).wait();
    await f.mutual.connect(f.signers.outsider).payPremium(leaf, amount);
  }

  it("an unpaid policy, a skipped payment or a payment used twice is not admitted; a refused one is refunded", async () => {
    const leaf = memberLeaf(identityCommitment(77n), f.members[0]?.terms as never);
    const other = memberLeaf(identityCommitment(78n), f.members[0]?.terms as never);
    const tree = new MemberTree([...f.tree.leaves, leaf]);
    await expectRevert(f.asIssuer.addMembers([leaf], tree.root), "PaymentQueueMismatch"); // nothing paid
    await f.fund(0n, 0n);
    await pay(leaf, PREMIUM - 1n); // an underpayment: the issuer's SDK refuses to admit it (PREMIUM_NOT_PAID)
    await pay(other, PREMIUM);
    // Nor admit the second payment while skipping the first.
    await expectRevert(f.asIssuer.addMembers([other], new MemberTree([...f.tree.leaves, other]).root), "PaymentQueueMismatch");
    // The underpayment is refused (its payer can withdraw it); then the next payment is admitted, once.
    const before = await f.mutual.accounts();
    await f.asIssuer.refusePremiums([leaf]);
    expect((await f.mutual.accounts()).premiums).toBe(before.premiums - (PREMIUM - 1n));
    const admitted = new MemberTree([...f.tree.leaves, other]);
    await f.asIssuer.addMembers([other], admitted.root);
    f.tree.add(other);
    await expectRevert(f.asIssuer.addMembers([other], new MemberTree([...f.tree.leaves, other]).root), "PaymentQueueMismatch");
    expect(await f.mutual.paymentQueue()).toEqual({ paid: expect.any(Number), processed: expect.any(Number) });
    const queue = await f.mutual.paymentQueue();
    expect(queue.processed).toBe(queue.paid);
  });

  it("a refused payment goes back to its payer only, and is not swept as surplus", async () => {
    const leaf = memberLeaf(identityCommitment(79n), f.members[0]?.terms as never);
    await pay(leaf, PREMIUM);
    await expectRevert(f.mutual.connect(f.signers.outsider).refusePremiums([leaf]), "AccessControlUnauthorizedAccount");
    await f.asIssuer.refusePremiums([leaf]);
    // A second refusal of the same payment, or an admission of it, finds it gone.
    await expectRevert(f.asIssuer.refusePremiums([leaf]), "PaymentQueueMismatch");
    expect(await f.mutual.refundOf(f.signers.outsider.address)).toBeGreaterThanOrEqual(PREMIUM);
    await expectRevert(f.mutual.connect(f.signers.admin).withdrawRefund(), "ZeroAmount");
    const token = f.token.connect(f.signers.outsider) as Contract;
    const owed = await f.mutual.refundOf(f.signers.outsider.address);
    const balance = (await token.getFunction("balanceOf")(f.signers.outsider.address)) as bigint;
    await f.mutual.connect(f.signers.outsider).withdrawRefund();
    expect(await token.getFunction("balanceOf")(f.signers.outsider.address)).toBe(balance + owed);
    expect(await f.mutual.refundOf(f.signers.outsider.address)).toBe(0n);
  });
});

describe("no single key can drain the pool", () => {
  it("the admin key alone: grants itself roles, lowers quorum and delay, votes on its own claim — each step fails", async () => {
    const { admin } = f.signers;
    const asAdmin = f.mutual.connect(admin);
    // 1. The admin key holds no role on the mutual: the timelock does.
    await expectRevert(asAdmin.grantRole(ROLES.issuer, admin.address), "AccessControlUnauthorizedAccount");
    await expectRevert(asAdmin.grantRole(ROLES.assessment, admin.address), "AccessControlUnauthorizedAccount");
    await expectRevert(
      asAdmin.setParameters({ maxClaimAmount: 4_000n * USD, quorum: 2, settlementDelay: 3_600 }),
      "AccessControlUnauthorizedAccount",
    );
    // 2. Not an issuer: cannot admit a fake member; not the assessment module: cannot decide a claim.
    await expectRevert(asAdmin.addMembers([123n], 456n), "AccessControlUnauthorizedAccount");
    await expectRevert(asAdmin.decide(f.incidentId, 1n, 2, 1n), "AccessControlUnauthorizedAccount");
    // 3. Through the timelock, a role grant waits for the delay, in public.
    const grant = await f.governance.schedule(f.mutual.address, "grantRole", [ROLES.assessment, admin.address]);
    expect(grant.readyAt - (await f.chain.latestTimestamp())).toBeGreaterThanOrEqual(GOVERNANCE_DELAY - 1n);
    await expectRevert(f.governance.execute(grant), "TimelockUnexpectedOperationState");
    // 4. Quorum 1, a zero cooldown, quorum 65,535, an unbounded delay: out of bounds even after the delay.
    const bad = [
      { maxClaimAmount: 4_000n * USD, quorum: 1, settlementDelay: 3_600 },
      { maxClaimAmount: 4_000n * USD, quorum: 2, settlementDelay: 0 },
      { maxClaimAmount: 4_000n * USD, quorum: 65_535, settlementDelay: 3_600 },
      { maxClaimAmount: 4_000n * USD, quorum: 2, settlementDelay: 2 ** 32 - 1 },
      { maxClaimAmount: 0n, quorum: 2, settlementDelay: 3_600 },
    ];
    const scheduled = [];
    for (const parameters of bad) scheduled.push(await f.governance.schedule(f.mutual.address, "setParameters", [parameters]));
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    for (const operation of scheduled) await expectRevert(f.governance.execute(operation), "ParameterOutOfBounds");
    // Even after the public delay, the assessment role goes only to an assessment module bound to this mutual.
    await expectRevert(f.governance.execute(grant), "NotAssessmentOfThisMutual");
    expect(await f.mutual.contract.getFunction("hasRole")(ROLES.assessment, admin.address)).toBe(false);
  });

  it("a mutual cannot be deployed with an instant admin: governance must be a timelock of at least a day", async () => {
    const { admin } = f.signers;
    const roles = { ...f.settings.roles, governance: f.governance.address, assessment: f.assessment.address };
    await expectRevert(deployMutual(admin, { ...f.settings, roles: { ...roles, governance: admin.address } }), "GovernanceNotTimelock");
    // A timelock of an hour cannot even be deployed.
    await expectRevert(deployTimelock(admin, { minDelay: 3_600, proposers: [admin.address] }), "DelayBelowMinimum");
    const zero = "0x0000000000000000000000000000000000000000";
    await expectRevert(deployMutual(admin, { ...f.settings, roles: { ...roles, governance: zero } }), "ZeroAddress");
    await expectRevert(deployMutual(admin, { ...f.settings, roles: { ...roles, issuer: zero } }), "ZeroAddress");
    await expectRevert(deployMutual(admin, { ...f.settings, roles: { ...roles, assessment: zero } }), "ZeroAddress");
  });

  it("the rules a claim is judged by are the incident's: a later quorum change does not apply to it", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY);
    const request = await f.proveClaim(f.members[1] as Member, { incidentId, amount: 500n * USD });
    await f.mutual.fileClaim(request);
    const raise = await f.governance.schedule(f.mutual.address, "setParameters", [
      { maxClaimAmount: 100n * USD, quorum: 3, settlementDelay: 30 * 86_400 },
    ]);
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    await f.governance.execute(raise);
    expect(await f.mutual.parameters()).toMatchObject({ quorum: 3, maxClaimAmount: 100n * USD });
    expect(await f.mutual.getIncident(incidentId)).toMatchObject({ quorum: 2, maxClaimAmount: 4_000n * USD, settlementDelay: 3_600 });
    const decided = await decide(incidentId, request.nullifier, [500n * USD, 500n * USD]);
    expect(decided.status).toBe("Approved"); // two votes met the incident's quorum of 2
    await f.chain.increaseTime(3_601n);
    await f.mutual.settle(incidentId, request.nullifier); // the incident's 1-hour cooldown, not 30 days
    expect((await f.mutual.getClaim(incidentId, request.nullifier)).status).toBe("Paid");
    // Restore the defaults for the tests below.
    const back = await f.governance.schedule(f.mutual.address, "setParameters", [f.settings.parameters]);
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    await f.governance.execute(back);
  });

  it("a pause stops the clocks: the time paused is added to the filing and voting windows", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 2n * DAY, now + 4n * DAY);
    const before = await f.mutual.getIncident(incidentId);
    await f.mutual.connect(f.signers.pauser).setPaused(true);
    await f.chain.increaseTime(10n * DAY); // far past the original filing and voting windows
    const request = await f.proveClaim(f.members[2] as Member, { incidentId, amount: 200n * USD });
    await expectRevert(f.mutual.fileClaim(request), "ClaimsPaused");
    await f.mutual.connect(f.signers.pauser).setPaused(false);
    const after = await f.mutual.getIncident(incidentId);
    expect(after.claimsCloseAt - before.claimsCloseAt).toBeGreaterThanOrEqual(10n * DAY);
    expect(after.votingEndsAt - before.votingEndsAt).toBe(after.claimsCloseAt - before.claimsCloseAt);
    await f.mutual.fileClaim(request);
    await f.commitVote(0, { incidentId, nullifier: request.nullifier }, request.amount);
  });
});

describe("the payout rule", () => {
  it("1000 / 1000 / 1: the majority's amount is paid, not the lowest", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY);
    const request = await f.proveClaim(f.members[3] as Member, { incidentId, amount: 1_000n * USD });
    await f.mutual.fileClaim(request);
    const decided = await decide(incidentId, request.nullifier, [1_000n * USD, 1_000n * USD, 1n]);
    expect(decided).toMatchObject({ status: "Approved", approvedAmount: 1_000n * USD });
  });

  it("1 / 1 / 1000: one high vote cannot raise it; 800 / 1000 with one rejection: the amount both approved", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY);
    const low = await f.proveClaim(f.members[4] as Member, { incidentId, amount: 1_000n * USD });
    const split = await f.proveClaim(f.members[5] as Member, { incidentId, amount: 1_000n * USD });
    await f.mutual.fileClaim(low);
    await f.mutual.fileClaim(split);
    const sealed = [];
    for (const [seat, amount] of [1n, 1n, 1_000n * USD].entries())
      sealed.push(await f.commitVote(seat, { incidentId, nullifier: low.nullifier }, amount));
    for (const [seat, amount] of [800n * USD, 1_000n * USD, undefined].entries())
      sealed.push(await f.commitVote(seat, { incidentId, nullifier: split.nullifier }, amount));
    await f.endVoting(incidentId);
    for (const vote of sealed) await f.revealVote(vote);
    await f.endReveal(incidentId);
    await f.assessment.finalize(incidentId, low.nullifier);
    await f.assessment.finalize(incidentId, split.nullifier);
    expect((await f.mutual.getClaim(incidentId, low.nullifier)).approvedAmount).toBe(1n);
    expect((await f.mutual.getClaim(incidentId, split.nullifier)).approvedAmount).toBe(800n * USD);
  });
});

describe("revocation ends by time; the empty tree is valid", () => {
  it("a revoked member's last root expires after maxRootAge even if no root follows, and raising the window revives nothing", async () => {
    const now = await f.chain.latestTimestamp();
    const revoked = await admit(91n, now - DAY, now + 365n * DAY);
    const { incidentId } = await f.openIncident(now + 90n * DAY, now + 100n * DAY);
    const request = await f.proveClaim(revoked, { incidentId, amount: 100n * USD });
    f.tree.remove(revoked.index);
    await f.asIssuer.removeMember(revoked.index, f.tree.root);
    expect(await f.mutual.isKnownRoot(request.root)).toBe(true); // a claim in flight survives
    await f.chain.increaseTime(3_601n); // maxRootAge: one hour, and no admissions since
    expect(await f.mutual.isKnownRoot(request.root)).toBe(false);
    await expectRevert(f.mutual.fileClaim(request), "UnknownRoot");
    // Governance raises the window and the age limit: the expired root stays dead.
    const window = await f.governance.schedule(f.mutual.address, "setRootWindow", [1024]);
    const age = await f.governance.schedule(f.mutual.address, "setMaxRootAge", [7 * 86_400]);
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    await f.governance.execute(window);
    await f.governance.execute(age);
    await expectRevert(f.mutual.fileClaim(request), "UnknownRoot");
  });

  it("removing the only member of a mutual works: its root becomes the empty tree's", async () => {
    const chainSettings = {
      ...f.settings,
      roles: { ...f.settings.roles, governance: f.governance.address, assessment: f.assessment.address },
    };
    const solo = await deployMutual(f.signers.admin, chainSettings);
    const leaf = memberLeaf(identityCommitment(5n), f.members[0]?.terms as never);
    const tree = new MemberTree([leaf]);
    const token = f.token.connect(f.signers.admin) as Contract;
    await (await token.getFunction("mint")(f.signers.admin.address, PREMIUM)).wait();
    await (await token.getFunction("approve")(solo.address, PREMIUM)).wait();
    await solo.payPremium(leaf, PREMIUM);
    const asIssuer = new MutuaMutualClient(solo.address, f.signers.issuer);
    await asIssuer.addMembers([leaf], tree.root);
    tree.remove(0);
    expect(tree.root).toBe(0n);
    await asIssuer.removeMember(0, tree.root);
    expect(await solo.currentRoot()).toBe(0n);
    expect(await solo.isKnownRoot(0n)).toBe(false);
  });
});

describe("stuck money", () => {
  it("a recipient that cannot receive: settle pays nothing, and STUCK_AFTER after that failure anyone releases the reservation", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY);
    const request = await f.proveClaim(f.members[0] as Member, { incidentId, amount: 600n * USD, recipient: f.signers.outsider.address });
    await f.mutual.fileClaim(request);
    await decide(incidentId, request.nullifier, [600n * USD, 600n * USD]);
    const reserved = (await f.mutual.accounts()).reserved;
    await (await (f.token as Contract).getFunction("setBlocked")(f.signers.outsider.address, true)).wait();
    await f.chain.increaseTime(3_601n);
    await expectRevert(f.mutual.lapse(incidentId, request.nullifier), "NotStuckYet"); // never tried
    await f.mutual.settle(incidentId, request.nullifier); // the token refuses: recorded, nothing paid
    const tried = await f.mutual.getClaim(incidentId, request.nullifier);
    expect(tried).toMatchObject({ status: "Approved" });
    expect(tried.failedAt).toBeGreaterThan(0n);
    expect((await f.mutual.accounts()).reserved).toBe(reserved);
    await expectRevert(f.mutual.lapse(incidentId, request.nullifier), "NotStuckYet");
    await f.chain.increaseTime(30n * DAY);
    await f.mutual.connect(f.signers.relayer).lapse(incidentId, request.nullifier);
    expect((await f.mutual.getClaim(incidentId, request.nullifier)).status).toBe("Lapsed");
    expect((await f.mutual.accounts()).reserved).toBe(reserved - 600n * USD);
  });

  it("tokens sent to the pool by mistake go out only through governance, and never from the books", async () => {
    const token = f.token.connect(f.signers.admin) as Contract;
    await (await token.getFunction("mint")(f.mutual.address, 5n * USD)).wait();
    const books = await f.mutual.accounts();
    // The admin key holds no admin role: only the timelock can sweep, after its delay.
    expect(await f.mutual.contract.getFunction("hasRole")(ROLES.admin, f.signers.admin.address)).toBe(false);
    const sweep = await f.governance.schedule(f.mutual.address, "sweepSurplus", [f.signers.payout.address]);
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    const before = (await token.getFunction("balanceOf")(f.signers.payout.address)) as bigint;
    await f.governance.execute(sweep);
    expect(((await token.getFunction("balanceOf")(f.signers.payout.address)) as bigint) - before).toBe(5n * USD);
    expect(await f.mutual.accounts()).toEqual(books);
  });
});
