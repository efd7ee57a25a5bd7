// ParametricCover's rules on EDR, with real proofs: who may set and trigger what, what an event pays when the reserve
// cannot pay every covered member (the extreme case: every member of the region claims), pauses, and the oracle's
// callbacks. The real oracles (UMA, Chainlink) run in test/parametric.e2e.test.ts on Anvil.
import { deriveScope, identityCommitment, memberLeaf } from "@mutua/core";
import { toSolidityProof } from "@mutua/proofs";
import type { Contract } from "ethers";
import { ContractFactory, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParametricCoverClient, ParametricProduct } from "../src-ts/index.ts";
import {
  decodeRevert,
  deployParametricCover,
  encodeParametricProduct,
  flattenProof,
  MockV3AggregatorArtifact,
  ParametricCoverArtifact,
} from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { GOVERNANCE_DELAY, setupMutual, USD } from "./fixture.ts";

const REGION = 7;
const PAYOUT = 500n * USD;
let f: MutualFixture;
let cover: ParametricCoverClient;
let feed: Contract;
let start: bigint;

async function mint(to: string, amount: bigint) {
  await (await (f.token.connect(f.signers.admin) as Contract).getFunction("mint")(to, amount)).wait();
}

async function balanceOf(address: string): Promise<bigint> {
  return f.token.getFunction("balanceOf")(address);
}

/** A direct call to the contract, its revert decoded by name (as the client's methods do). */
async function call(contract: Contract, method: string, ...args: unknown[]) {
  try {
    return await (await contract.getFunction(method)(...args)).wait();
  } catch (error) {
    decodeRevert(error, [ParametricCoverArtifact.abi]);
  }
}

/** Sets product `id` through the timelock (the fixture's admin may propose to it). */
async function setProduct(id: number, product: ParametricProduct) {
  const op = await f.governance.schedule(cover.address, "setProduct", [id, encodeParametricProduct(product)], ParametricCoverArtifact.abi);
  await f.chain.increaseTime(GOVERNANCE_DELAY);
  await f.governance.execute(op);
}

function rainProduct(overrides: Partial<ParametricProduct> = {}): ParametricProduct {
  const coverStart = overrides.coverStart ?? start;
  return {
    region: REGION,
    coverStart,
    coverEnd: coverStart + 90n * 86_400n,
    claimWindow: 86_400,
    maxFeedAge: 3_600,
    liveness: 7_200n,
    bands: [{ threshold: 1_000n, payout: PAYOUT }],
    maxPlausible: 10_000n,
    description: "24 h rainfall, tenths of a millimetre",
    feed: feed.target as string,
    ...overrides,
  };
}

/** A real parametric proof for `member` on `eventId`, paid to `recipient`. */
async function prove(member: Member, eventId: bigint, recipient: string, root?: bigint) {
  const event = await cover.getEvent(eventId);
  if (!event) throw new Error("no event");
  const proof = await f.prover.prove({
    secret: member.secret,
    terms: member.terms,
    merkleProof: f.tree.proof(member.index),
    claimAmount: event.payout,
    occurredAt: event.occurredAt,
    scope: deriveScope({ chainId: f.chain.chainId, contract: cover.address, incidentId: eventId }),
    evidenceHash: 0n,
    recipient,
    parametricProduct: event.product,
  });
  return {
    eventId,
    root: root ?? proof.publicSignals.root,
    nullifier: proof.publicSignals.nullifier,
    recipient,
    proof: flattenProof(toSolidityProof(proof)),
  };
}

/** Opens a new event on product `id` by moving the feed over its threshold. */
async function trigger(id: number) {
  await (await (feed.connect(f.signers.admin) as Contract).getFunction("updateAnswer")(1_500)).wait();
  return (await cover.connect(f.signers.outsider).triggerFromFeed(id)).eventId;
}

beforeAll(async () => {
  // Six members, all on the lakeshore (region 7) with products 0 and 2 and, for half of them, product 1.
  f = await setupMutual({ cover: (i) => ({ region: REGION, parametricProducts: i % 2 === 0 ? [0, 1, 2] : [0, 2] }) });
  cover = await deployParametricCover(f.signers.admin, {
    mutual: f.mutual.address,
    token: await f.token.getAddress(),
    minPolicies: 5,
    assertionBond: 0n,
  });
  const factory = new ContractFactory(MockV3AggregatorArtifact.abi, MockV3AggregatorArtifact.bytecode, f.signers.admin);
  feed = (await (await factory.deploy(1, 100)).waitForDeployment()) as Contract;
  start = await f.chain.latestTimestamp();
}, 300_000);

afterAll(async () => {
  await f?.close();
});

describe("ParametricCover: powers", () => {
  it("products and parameters are governance's alone, within bounds; policies are the issuer's to record", async () => {
    const outsider = cover.connect(f.signers.outsider);
    await expectRevert(call(outsider.contract, "setProduct", 0, encodeParametricProduct(rainProduct())), "NotGovernance");
    await expectRevert(call(outsider.contract, "setParameters", 5, 0), "NotGovernance");
    await expectRevert(call(outsider.contract, "withdrawReserve", f.signers.outsider.address, 1), "NotGovernance");
    await expectRevert(outsider.recordPolicies(0, 6), "NotIssuer");
    // Bounds hold against governance itself: no product pays in region 0, with descending bands, or a 10-minute window.
    for (const bad of [
      rainProduct({ region: 0 }),
      rainProduct({
        bands: [
          { threshold: 2_000n, payout: PAYOUT },
          { threshold: 1_000n, payout: PAYOUT },
        ],
      }),
      rainProduct({ claimWindow: 600 }),
      rainProduct({ maxPlausible: 500n }),
    ]) {
      const op = await f.governance.schedule(cover.address, "setProduct", [0, encodeParametricProduct(bad)], ParametricCoverArtifact.abi);
      await f.chain.increaseTime(GOVERNANCE_DELAY);
      await expect(f.governance.execute(op)).rejects.toThrow();
    }
    await expect(
      deployParametricCover(f.signers.admin, {
        mutual: f.mutual.address,
        token: await f.token.getAddress(),
        minPolicies: 2,
        assertionBond: 0n,
      }),
    ).rejects.toMatchObject({
      errorName: "ParameterOutOfBounds",
    });
    await setProduct(0, rainProduct());
    await cover.connect(f.signers.issuer).recordPolicies(0, 6);
    expect(await cover.getProduct(0)).toMatchObject({ triggered: false, policies: 6, version: 1 });
  });

  it("only the optimistic oracle may call its callbacks", async () => {
    const outsider = cover.connect(f.signers.outsider).contract;
    await expectRevert(call(outsider, "assertionResolvedCallback", `0x${"11".repeat(32)}`, true), "NotOptimisticOracle");
    await expectRevert(call(outsider, "assertionDisputedCallback", `0x${"11".repeat(32)}`), "NotOptimisticOracle");
    // This deployment takes feeds only.
    await expectRevert(cover.connect(f.signers.outsider).assertEvent(0, 0, start), "NoOptimisticOracle");
  });
});

describe("ParametricCover: when the reserve cannot pay everyone", () => {
  it("every member of the region claims an event the reserve covers a third of: equal shares at once, pro-rata top-ups when capital arrives", async () => {
    await mint(cover.address, 1_000n * USD);
    const eventId = await trigger(0);
    const event = await cover.getEvent(eventId);
    // Full cover would be 6 × 500 = 3,000; the pot is the 1,000 the reserve holds, so each claim is paid 1,000 / 6 at once.
    expect(event).toMatchObject({ pot: 1_000n * USD, instant: 166_666_666n, payout: PAYOUT });
    const recipients = f.members.map(() => Wallet.createRandom().address);
    for (const member of f.members) {
      await cover.connect(f.signers.relayer).claim(await prove(member, eventId, recipients[member.index] as string));
    }
    for (const r of recipients) expect(await balanceOf(r)).toBe(166_666_666n);
    await expectRevert(
      cover.connect(f.signers.relayer).claim(await prove(f.members[0] as Member, eventId, recipients[0] as string)),
      "NullifierAlreadyUsed",
    );
    expect(await cover.freeReserve()).toBe(0n);
    await expectRevert(cover.closeEvent(eventId), "ClaimWindowOpen");

    // Capital arrives (a members' vote would move it from the pool); after the window the event closes and each
    // claimant gets the same share of what they are still owed.
    await mint(cover.address, 2_000n * USD);
    await f.travelPast((await cover.getEvent(eventId))?.claimsCloseAt ?? 0n);
    await expectRevert(
      cover.connect(f.signers.relayer).claim(await prove(f.members[0] as Member, eventId, recipients[0] as string)),
      "ClaimWindowClosed",
    );
    await cover.closeEvent(eventId);
    const closed = await cover.getEvent(eventId);
    expect(closed?.owed).toBe(6n * PAYOUT - 6n * 166_666_666n);
    expect(closed?.topUpPot).toBe(closed?.owed); // the 2,000 (and the 4 units of rounding) cover what is owed
    for (const member of f.members) {
      const nullifier = (await prove(member, eventId, recipients[member.index] as string)).nullifier;
      await cover.connect(f.signers.outsider).topUp(eventId, nullifier);
      await expectRevert(cover.connect(f.signers.outsider).topUp(eventId, nullifier), "NothingToTopUp");
    }
    for (const r of recipients) expect(await balanceOf(r)).toBe(PAYOUT);
    expect(await cover.freeReserve()).toBe(0n);
  });

  it("an issuer that recorded too few policies cannot make the pot pay more than it holds: the late claimant waits for the top-up", async () => {
    await setProduct(1, rainProduct({ coverStart: await f.chain.latestTimestamp(), bands: [{ threshold: 1_000n, payout: 100n * USD }] }));
    await cover.connect(f.signers.issuer).recordPolicies(1, 5);
    await mint(cover.address, 400n * USD);
    const eventId = await trigger(1);
    expect(await cover.getEvent(eventId)).toMatchObject({ pot: 400n * USD, instant: 80n * USD });
    // Members 0, 2, 4 hold product 1; the others cannot prove it (the circuit refuses before any transaction).
    await expect(prove(f.members[1] as Member, eventId, Wallet.createRandom().address)).rejects.toMatchObject({
      code: "PRODUCT_NOT_COVERED",
    });
    const paid: bigint[] = [];
    const nullifiers: bigint[] = [];
    for (const index of [0, 2, 4]) {
      const request = await prove(f.members[index] as Member, eventId, Wallet.createRandom().address);
      const { paid: amount } = await cover.connect(f.signers.relayer).claim(request);
      paid.push(amount);
      nullifiers.push(request.nullifier);
    }
    expect(paid).toEqual([80n * USD, 80n * USD, 80n * USD]);
    expect((await cover.getEvent(eventId))?.paid).toBe(240n * USD);

    // After the window the pot's 160 left over pays what the three are still owed (20 each). A pause stops top-ups
    // too, and the top-up window does not run while the mutual is paused.
    await f.travelPast((await cover.getEvent(eventId))?.claimsCloseAt ?? 0n);
    await cover.closeEvent(eventId);
    expect(await cover.getEvent(eventId)).toMatchObject({ owed: 60n * USD, topUpPot: 60n * USD });
    await f.mutual.connect(f.signers.pauser).setPaused(true);
    await expectRevert(cover.connect(f.signers.outsider).topUp(eventId, nullifiers[0] as bigint), "MutualPaused");
    await f.chain.increaseTime(91n * 86_400n); // past the 90-day top-up window, all of it paused
    await f.mutual.connect(f.signers.pauser).setPaused(false);
    for (const nullifier of nullifiers) {
      expect((await cover.connect(f.signers.outsider).topUp(eventId, nullifier)).amount).toBe(20n * USD);
    }
  });
});

describe("ParametricCover: pauses and windows", () => {
  it("a paused mutual pays no parametric claim, and the claim window is stretched by the pause", async () => {
    await setProduct(2, rainProduct({ coverStart: await f.chain.latestTimestamp() }));
    await cover.connect(f.signers.issuer).recordPolicies(2, 6);
    await mint(cover.address, 3_000n * USD);
    const eventId = await trigger(2);
    const closesAt = (await cover.getEvent(eventId))?.claimsCloseAt ?? 0n;
    await f.mutual.connect(f.signers.pauser).setPaused(true);
    const request = await prove(f.members[3] as Member, eventId, Wallet.createRandom().address);
    await expectRevert(cover.connect(f.signers.relayer).claim(request), "MutualPaused");
    await f.chain.increaseTime(86_400n * 2n);
    await f.mutual.connect(f.signers.pauser).setPaused(false);
    const stretched = (await cover.getEvent(eventId))?.claimsCloseAt ?? 0n;
    expect(stretched - closesAt).toBeGreaterThanOrEqual(86_400n * 2n);
    const { paid } = await cover.connect(f.signers.relayer).claim(request);
    expect(paid).toBe(PAYOUT);
  });

  it("the free reserve leaves only by governance, never what events are owed", async () => {
    const free = await cover.freeReserve();
    const op = await f.governance.schedule(
      cover.address,
      "withdrawReserve",
      [f.signers.payout.address, free + 1n],
      ParametricCoverArtifact.abi,
    );
    await f.chain.increaseTime(GOVERNANCE_DELAY);
    await expect(f.governance.execute(op)).rejects.toThrow();
    expect(await cover.committed()).toBeGreaterThan(0n);
  });
});

describe("ParametricCover: one claim per member per event", () => {
  it("a member with two policies (two leaves, one secret) is paid once; a proof for one event is refused on another", async () => {
    const start2 = await f.chain.latestTimestamp();
    await setProduct(3, rainProduct({ coverStart: start2 }));
    await setProduct(4, rainProduct({ coverStart: start2 }));
    await cover.connect(f.signers.issuer).recordPolicies(3, 7);
    await cover.connect(f.signers.issuer).recordPolicies(4, 7);
    await mint(cover.address, 4_000n * USD);
    // Member 0 buys a second policy: another leaf, the same identity secret.
    const first = f.members[0] as Member;
    const second: Member = { ...first, terms: { ...first.terms, policyId: 2n, parametricProducts: [3, 4] }, index: f.tree.size };
    const tree = f.tree.copy();
    tree.add(memberLeaf(identityCommitment(second.secret), second.terms));
    await f.payPremiums([tree.leaves[second.index] as bigint]);
    await f.asIssuer.addMembers([tree.leaves[second.index] as bigint], tree.root);
    await f.chain.increaseTime(60n);
    const eventId = await trigger(3);
    const otherEvent = await trigger(4);
    const proveWith = async (member: Member, event: bigint) => {
      const record = await cover.getEvent(event);
      const proof = await f.prover.prove({
        secret: member.secret,
        terms: member.terms,
        merkleProof: tree.proof(member.index),
        claimAmount: record?.payout ?? 0n,
        occurredAt: record?.occurredAt ?? 0n,
        scope: deriveScope({ chainId: f.chain.chainId, contract: cover.address, incidentId: event }),
        evidenceHash: 0n,
        recipient: f.signers.payout.address,
        parametricProduct: record?.product ?? 0,
      });
      return {
        eventId: event,
        root: proof.publicSignals.root,
        nullifier: proof.publicSignals.nullifier,
        recipient: f.signers.payout.address,
        proof: flattenProof(toSolidityProof(proof)),
      };
    };
    const viaSecond = await proveWith(second, eventId);
    await cover.connect(f.signers.relayer).claim(viaSecond);
    // Her first policy does not hold product 3; and a second claim through her first leaf would carry the same nullifier.
    await expect(proveWith(first, eventId)).rejects.toMatchObject({ code: "PRODUCT_NOT_COVERED" });
    await expectRevert(
      cover.connect(f.signers.outsider).claim({ ...viaSecond, recipient: f.signers.outsider.address }),
      "NullifierAlreadyUsed",
    );
    // The same proof sent for another open event (product 4, same root): its scope and product are not the proof's.
    await expectRevert(cover.connect(f.signers.outsider).claim({ ...viaSecond, eventId: otherEvent }), "InvalidProof");
  });
});
