// Parametric cover on Anvil (a separate process), with the real oracle code: UMA's Optimistic Oracle V3 from UMA's
// compiled contracts and Chainlink's MockV3Aggregator as the index feed. The members' vote sets the products and
// funds the reserve; an oracle opens each event; covered members claim through the relayer with a proof of the
// eligibility circuit's parametric mode and are paid at once. Every refusal is tried as the adversary who would try it.

import type { ParametricClaimRequest, ParametricProduct } from "@mutua/contracts";
import { ContractRevertError, flattenProof, MockV3AggregatorArtifact, ParametricCoverClient } from "@mutua/contracts";
import { claimNullifier, memberLeaf } from "@mutua/core";
import { toSolidityProof } from "@mutua/proofs";
import { MemberGovernance, memberTreeAtTime, moveCapitalAction, rebuildMemberTree, setParametricProductAction } from "@mutua/sdk";
import type { Contract, Signer } from "ethers";
import { ContractFactory, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvilNetwork } from "./anvil-network.ts";
import { issuerKnowledge, publicTrace } from "./issuer-view.ts";
import type { UmaOracle } from "./uma-oracle.ts";
import { deployUmaOracle, resolveDisputes } from "./uma-oracle.ts";
import type { World, WorldMember } from "./world.ts";
import { createWorld, DAY, USDC } from "./world.ts";

const REGION = 7; // the mutual's number for the Kisumu lakeshore (KE-17)
const OTHER_REGION = 9;
const RAIN = 0;
const WIND = 1;
const INLAND = 2;
const LIVENESS = 7_200n;
const FINAL_FEE = 50n * USDC;

let world: World;
/** Strangers to the mutual: a keeper that triggers, someone replaying proofs, an asserter and a disputer. */
let keeper: Signer;
let stranger: Signer;
let asserter: Signer;
let disputer: Signer;
let uma: UmaOracle;
let feed: Contract;
let cover: ParametricCoverClient;
let relayerAddress: string;
let start: bigint;
const covered: WorldMember[] = [];
let outsider: WorldMember;
let lapsed: WorldMember;

async function expectRevert(promise: Promise<unknown>, name: string) {
  await expect(promise).rejects.toSatisfy((error: unknown) => error instanceof ContractRevertError && error.errorName === name);
}

async function now(): Promise<bigint> {
  return BigInt((await world.net.chain.provider.getBlock("latest"))?.timestamp ?? 0);
}

async function send(contract: Contract, signer: Signer, method: string, ...args: unknown[]) {
  return (await (contract.connect(signer) as Contract).getFunction(method)(...args)).wait();
}

function product(overrides: Partial<ParametricProduct>): ParametricProduct {
  return {
    region: REGION,
    coverStart: start,
    coverEnd: start + 60n * BigInt(DAY),
    claimWindow: 7 * DAY,
    maxFeedAge: 3_600,
    liveness: LIVENESS,
    bands: [{ threshold: 1_200n, payout: 200n * USDC }],
    maxPlausible: 20_000n,
    description: "24 h rainfall at Kisumu, tenths of a millimetre",
    ...overrides,
  };
}

beforeAll(async () => {
  world = await createWorld({
    memberNames: ["ana", "ben", "cai", "dia", "eli"],
    cover: { region: REGION, parametricProducts: [RAIN, WIND] },
    network: () => startAnvilNetwork(),
    parametric: async (net, deployer) => {
      uma = await deployUmaOracle(deployer, net.tokenAddress, { finalFee: FINAL_FEE, liveness: LIVENESS });
      return { optimisticOracle: await uma.optimisticOracle.getAddress(), minPolicies: 5 };
    },
  });
  covered.push(...world.members);
  relayerAddress = (await world.relayer.getAddress()).toLowerCase();
  const deployment = world.admin.deployment;
  if (!deployment.parametricCover) throw new Error("no parametric cover deployed");
  const plain = (index: number): Signer => anvilWallet(index).connect(world.net.chain.provider);
  keeper = plain(16);
  stranger = plain(17);
  asserter = plain(18);
  disputer = plain(19);
  cover = new ParametricCoverClient(deployment.parametricCover, keeper);
  const factory = new ContractFactory(MockV3AggregatorArtifact.abi, MockV3AggregatorArtifact.bytecode, world.adminSigner);
  feed = (await (await factory.deploy(1, 500)).waitForDeployment()) as Contract;
  start = await now();

  // A member elsewhere, and one whose policy ends before any event can happen.
  [outsider = never()] = await world.admit([await world.newMember("oki")], {
    ...world.terms,
    region: OTHER_REGION,
    parametricProducts: [INLAND],
  });
  [lapsed = never()] = await world.admit([await world.newMember("lia")], { ...world.terms, policyExpiry: start + BigInt(DAY) });

  // The members vote the products and a reserve into force.
  const actions = [
    setParametricProductAction(
      deployment,
      RAIN,
      product({
        feed: await feed.getAddress(),
        bands: [
          { threshold: 1_200n, payout: 200n * USDC },
          { threshold: 1_800n, payout: 500n * USDC },
        ],
      }),
    ),
    setParametricProductAction(
      deployment,
      WIND,
      product({ bands: [{ threshold: 90n, payout: 300n * USDC }], maxPlausible: 300n, description: "peak gust at Kisumu airport, knots" }),
    ),
    setParametricProductAction(deployment, INLAND, product({ region: OTHER_REGION, feed: await feed.getAddress() })),
    moveCapitalAction(deployment, cover.address, 10_000n * USDC),
  ];
  const { proposalId } = await world.governance.propose(
    actions,
    "Parametric rain and wind cover for the lakeshore, with a 10,000 USDC reserve",
  );
  await world.net.chain.increaseTime(1);
  for (const m of covered.slice(0, 3)) await world.governance.vote(m.wallet, proposalId, "for");
  await world.travelPast((await world.governance.proposal(proposalId)).deadline);
  // Queued and executed from the admin's account (anyone may): the relayer's account is the relayer service's.
  const executor = new MemberGovernance({ deployment, signer: world.adminSigner, prover: world.voteProver });
  await executor.queue(proposalId);
  await world.net.chain.increaseTime(2 * DAY + 1);
  await executor.execute(proposalId);
  // The issuer records the policies sold with each product: six on the lakeshore, one inland.
  await world.admin.recordParametricPolicies(RAIN, 6);
  await world.admin.recordParametricPolicies(WIND, 6);
  await world.admin.recordParametricPolicies(INLAND, 1);
}, 600_000);

afterAll(async () => {
  await world?.close();
});

describe("parametric cover on Anvil, with UMA's and Chainlink's oracle code", () => {
  it("a feed opens nothing while it is below the threshold, implausible, stale or mid-round; the k rule holds a thin product back", async () => {
    expect(await cover.freeReserve()).toBe(10_000n * USDC);
    expect((await cover.getProduct(RAIN)).product.bands).toHaveLength(2);
    await send(feed, world.adminSigner, "updateAnswer", 800);
    await expectRevert(cover.triggerFromFeed(RAIN), "BelowThreshold");
    await send(feed, world.adminSigner, "updateAnswer", 25_000); // a broken station, not a flood
    await expectRevert(cover.triggerFromFeed(RAIN), "FeedOutOfRange");
    const t = await now();
    await send(feed, world.adminSigner, "updateRoundData", 50, 1_900, t - 7_200n, t - 7_200n); // two hours old
    await expectRevert(cover.triggerFromFeed(RAIN), "FeedStale");
    await send(feed, world.adminSigner, "updateRoundData", 51, 1_900, 0, t); // started, never answered
    await expectRevert(cover.triggerFromFeed(RAIN), "FeedRoundIncomplete");
    await send(feed, world.adminSigner, "updateAnswer", 1_900);
    // One policy sold in the other region: its only claimant would be named by the event itself.
    await expectRevert(cover.triggerFromFeed(INLAND), "TooFewPolicies");
    expect(await cover.events(world.admin.deployment.fromBlock)).toHaveLength(0);
  });

  it("the feed crossing the upper band opens the event; every covered member is paid at once through the relayer, and nobody learns which", async () => {
    const { eventId } = await cover.triggerFromFeed(RAIN);
    await expectRevert(cover.triggerFromFeed(RAIN), "AlreadyTriggered");
    const event = await cover.getEvent(eventId);
    expect(event).toMatchObject({ product: RAIN, band: 1, region: REGION, payout: 500n * USDC, instant: 500n * USDC, pot: 3_000n * USDC });

    // Members learn of it by reading the chain and checking their own policy locally.
    const seen = await covered[0]?.member.parametricEvents();
    expect(seen?.map((m) => ({ covered: m.held !== undefined, open: m.open, claimed: m.claimed }))).toEqual([
      { covered: true, open: true, claimed: false },
    ]);
    expect((await outsider.member.parametricEvents())[0]?.reason).toMatch(/region is 9/);
    expect((await lapsed.member.parametricEvents())[0]?.reason).toMatch(/not in force/);

    const paidTo: string[] = [];
    for (const m of covered.slice(0, 4)) {
      const recipient = freshAddress();
      const result = await m.member.claimParametric({ eventId, recipient, confirm: () => true });
      expect(result.paid).toBe(500n * USDC);
      expect(result.sent.from.toLowerCase()).toBe(relayerAddress);
      expect(result.sent.gasUsed).toBeLessThan(400_000n);
      paidTo.push(recipient);
    }
    const token = new (await import("ethers")).Contract(
      world.net.tokenAddress,
      ["function balanceOf(address) view returns (uint256)"],
      world.adminSigner,
    );
    for (const address of paidTo) expect(await token.getFunction("balanceOf")(address)).toBe(500n * USDC);

    // As the issuer, who knows every member's account, identity commitment and leaf: none appears in any claim's
    // transaction or logs, and the public inputs of the four claims differ only by nullifier and recipient binding.
    const known = await issuerKnowledge(world.members);
    const logs = await cover.contract.queryFilter(cover.contract.filters.ParametricClaimPaid?.(eventId) ?? "", 0);
    expect(logs).toHaveLength(4);
    const roots = new Set<string>();
    for (const log of logs) {
      const trace = await publicTrace(world.net.chain.provider, log.transactionHash);
      expect(trace.from).toBe(relayerAddress);
      for (const value of known) expect(trace.text).not.toContain(value);
      const [request] = cover.contract.interface.decodeFunctionData("claim", trace.data) as unknown as [ParametricClaimRequest];
      roots.add(request.root.toString());
    }
    expect(roots.size).toBe(1); // one root: the one current at the event, shared by every member of the region
  });

  it("refuses the same member twice, a proof replayed elsewhere, a member from another region, and a lapsed policy", async () => {
    const [ana] = covered;
    if (!ana) throw new Error("no ana");
    const [event] = await cover.events(world.admin.deployment.fromBlock);
    if (!event) throw new Error("no event");
    await expect(
      ana.member.claimParametric({ eventId: event.eventId, recipient: freshAddress(), confirm: () => true }),
    ).rejects.toMatchObject({
      code: "ALREADY_CLAIMED",
    });
    // Her first request sent again by someone else, straight to the contract: the nullifier is spent.
    const logs = await cover.contract.queryFilter(cover.contract.filters.ParametricClaimPaid?.(event.eventId) ?? "", 0);
    const tx = await world.net.chain.provider.getTransaction(logs[0]?.transactionHash ?? "");
    const [first] = cover.contract.interface.decodeFunctionData("claim", tx?.data ?? "0x") as unknown as [ParametricClaimRequest];
    const request = {
      eventId: first.eventId,
      root: first.root,
      nullifier: first.nullifier,
      recipient: first.recipient,
      proof: [...first.proof],
    };
    const asStranger = cover.connect(stranger);
    await expectRevert(asStranger.claim(request), "NullifierAlreadyUsed");
    // The same proof for another recipient, or for an event that does not exist.
    await expectRevert(asStranger.claim({ ...request, recipient: freshAddress() }), "NullifierAlreadyUsed");
    await expectRevert(asStranger.claim({ ...request, eventId: 2n }), "NoSuchEvent");
    await expect(
      outsider.member.claimParametric({ eventId: event.eventId, recipient: freshAddress(), confirm: () => true }),
    ).rejects.toMatchObject({
      code: "NOT_COVERED",
    });
    await expect(
      lapsed.member.claimParametric({ eventId: event.eventId, recipient: freshAddress(), confirm: () => true }),
    ).rejects.toMatchObject({
      code: "NOT_COVERED",
    });
  });

  it("the issuer cannot add a member after the event to claim it, even with a policy backdated to before it", async () => {
    const [event] = await cover.events(world.admin.deployment.fromBlock);
    if (!event) throw new Error("no event");
    const [late] = await world.admit([await world.newMember("leo")], { ...world.terms, region: REGION, parametricProducts: [RAIN] });
    if (!late) throw new Error("no leo");
    await expect(
      late.member.claimParametric({ eventId: event.eventId, recipient: freshAddress(), confirm: () => true }),
    ).rejects.toMatchObject({
      code: "NOT_A_MEMBER",
    });
    // The proof made anyway, against today's root (which holds the late leaf): the registry knows it was not current then.
    const mutual = world.admin.mutual;
    const tree = await rebuildMemberTree(mutual, world.admin.deployment.fromBlock);
    const held = late.wallet.memberships()[0];
    if (!held) throw new Error("no credential");
    const index = tree.indexOf(memberLeaf(held.membership.identityCommitment, held.membership.terms));
    const scope = await cover.scopeOf(event.eventId);
    const recipient = freshAddress();
    const proof = await world.prover.prove({
      secret: held.identitySecret,
      terms: held.membership.terms,
      merkleProof: tree.proof(index),
      claimAmount: event.payout,
      occurredAt: event.occurredAt,
      scope,
      evidenceHash: 0n,
      recipient,
      parametricProduct: RAIN,
    });
    const request = {
      eventId: event.eventId,
      root: proof.publicSignals.root,
      nullifier: proof.publicSignals.nullifier,
      recipient,
      proof: flattenProof(toSolidityProof(proof)),
    };
    await expectRevert(cover.connect(stranger).claim(request), "RootNotCurrentAtEvent");
    expect((await memberTreeAtTime(mutual, world.admin.deployment.fromBlock, event.occurredAt)).indexOf(tree.leaves[index] as bigint)).toBe(
      -1,
    );
    expect(claimNullifier(held.identitySecret, scope)).toBe(proof.publicSignals.nullifier);
  });

  it("UMA: an assertion for a time outside the window is refused; a false one is disputed, loses its bond and opens nothing; a true one opens the event after its liveness", async () => {
    const oo = uma.optimisticOracle;
    const minimum = (await oo.getFunction("getMinimumBond")(world.net.tokenAddress)) as bigint;
    expect(minimum).toBe(2n * FINAL_FEE);
    for (const who of [asserter, disputer]) {
      await world.net.mint(await who.getAddress(), 1_000n * USDC);
      const token = new (await import("ethers")).Contract(
        world.net.tokenAddress,
        ["function approve(address,uint256) returns (bool)"],
        who,
      );
      await (await token.getFunction("approve")(who === asserter ? cover.address : await oo.getAddress(), 1_000n * USDC)).wait();
    }
    const asAsserter = cover.connect(asserter);
    await expectRevert(asAsserter.assertEvent(WIND, 0, start - 10n), "OutsideCoverWindow");

    // A storm that never happened: disputed, and the oracle's vote finds it false.
    const { assertionId: falseClaim } = await asAsserter.assertEvent(WIND, 0, (await now()) - 3_600n);
    const asserterBefore = await balance(asserter);
    await send(oo, disputer, "disputeAssertion", falseClaim, await disputer.getAddress());
    expect(await resolveDisputes(uma, false)).toBe(1);
    const settled = await (await (oo.connect(world.adminSigner) as Contract).getFunction("settleAssertion")(falseClaim)).wait();
    const resolved = settled.logs
      .map((l: { topics: string[]; data: string }) => cover.contract.interface.parseLog(l))
      .find((l: { name?: string } | null) => l?.name === "AssertionResolved");
    expect(resolved?.args.slice(1).map(String)).toEqual(["false", "0"]);
    expect(await balance(asserter)).toBe(asserterBefore); // the bond went to the disputer, not back
    expect((await cover.getProduct(WIND)).triggered).toBe(false);

    // The real gust, undisputed: after the liveness, settling it opens the event through the callback.
    const occurredAt = (await now()) - 600n;
    const { assertionId } = await asAsserter.assertEvent(WIND, 0, occurredAt);
    await expect((oo.connect(world.adminSigner) as Contract).getFunction("settleAssertion")(assertionId)).rejects.toThrow();
    await world.net.chain.increaseTime(Number(LIVENESS) + 1);
    await (await (oo.connect(world.adminSigner) as Contract).getFunction("settleAssertion")(assertionId)).wait();
    const events = await cover.events(world.admin.deployment.fromBlock);
    const wind = events.find((e) => e.product === WIND);
    expect(wind).toMatchObject({ occurredAt, payout: 300n * USDC, region: REGION });
    const eli = covered[4];
    if (!eli || !wind) throw new Error("missing");
    const result = await eli.member.claimParametric({ eventId: wind.eventId, recipient: freshAddress(), confirm: () => true });
    expect(result.paid).toBe(300n * USDC);
  });

  it("after the claim window nobody claims; closing the event returns the unclaimed pot to the reserve", async () => {
    const [rain] = await cover.events(world.admin.deployment.fromBlock);
    if (!rain) throw new Error("no event");
    await world.travelPast(rain.claimsCloseAt);
    const eli = covered[4];
    if (!eli) throw new Error("no eli");
    await expect(
      eli.member.claimParametric({ eventId: rain.eventId, recipient: freshAddress(), confirm: () => true }),
    ).rejects.toMatchObject({
      code: "INCIDENT_NOT_OPEN",
    });
    const freeBefore = await cover.freeReserve();
    await cover.closeEvent(rain.eventId);
    // 3,000 earmarked, 2,000 paid: every claimant was paid in full, so the 1,000 left returns to the reserve.
    expect(await cover.freeReserve()).toBe(freeBefore + 1_000n * USDC);
    expect(await cover.getEvent(rain.eventId)).toMatchObject({ owed: 0n, topUpPot: 0n, claimants: 4 });
  });
});

function never(): never {
  throw new Error("a member was not admitted");
}

/** A payout address never seen on-chain before, as a careful member uses for each claim. */
function freshAddress(): string {
  return Wallet.createRandom().address;
}

async function balance(who: Signer): Promise<bigint> {
  const token = new (await import("ethers")).Contract(
    world.net.tokenAddress,
    ["function balanceOf(address) view returns (uint256)"],
    world.adminSigner,
  );
  return token.getFunction("balanceOf")(await who.getAddress());
}
