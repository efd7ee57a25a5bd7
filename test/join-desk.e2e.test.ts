// The issuer's join desk over HTTP, on the embedded chain: a newcomer joins with nothing pasted, and every
// stranger the desk faces (one who alters or replays a request, guesses tickets, floods it, pays too little or
// pays for a leaf nobody offered) is refused without blocking members; a crash between the chain and the desk's
// file loses no credential.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileJoinRecords } from "@mutua/cli";
import { MutuaMutualClient } from "@mutua/contracts";
import type { EmbeddedNetwork, StatusListHost } from "@mutua/devnet";
import { startEmbeddedNetwork, startStatusListHost } from "@mutua/devnet";
import { agentResolver, createIdentityAgent, MemberWallet } from "@mutua/identity";
import type { JoinProduct } from "@mutua/sdk";
import {
  ensureAllowance,
  JoinDesk,
  JoinDeskClient,
  joinDeskHandler,
  Member,
  MutualAdmin,
  parseOffer,
  UNKNOWN_PAYMENT_GRACE_SECONDS,
} from "@mutua/sdk";
import type { Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const USDC = 10n ** 6n;
const PRODUCT: JoinProduct = { policyId: 1n, coverageLimit: 5_000n * USDC, premium: 300n * USDC, days: 365 };

let net: EmbeddedNetwork;
let admin: MutualAdmin;
let issuerAgent: Awaited<ReturnType<typeof createIdentityAgent>>["agent"];
let host: StatusListHost;
let desk: JoinDesk;
let dir: string;
let deskUrl: string;
let payers: Signer[];

function openDesk(maxWaiting?: number): JoinDesk {
  return new JoinDesk({
    admin,
    agent: issuerAgent,
    url: deskUrl,
    product: PRODUCT,
    store: fileJoinRecords(join(dir, "join-desk.json")),
    ...(maxWaiting ? { maxWaiting } : {}),
  });
}

async function newcomer(payer: Signer) {
  const handle = await createIdentityAgent();
  const wallet = await MemberWallet.open(handle);
  const member = new Member({ wallet, signer: payer, deployment: admin.deployment, resolver: agentResolver(handle.agent) });
  return { wallet, member, mutual: { chainId: admin.deployment.chainId, contract: admin.deployment.mutual } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mutua-join-desk-"));
  net = await startEmbeddedNetwork();
  const [deployer, ...rest] = net.chain.signers;
  if (!deployer) throw new Error("no accounts");
  payers = rest.slice(0, 4);
  issuerAgent = (await createIdentityAgent()).agent;
  const issuerDid = (await issuerAgent.didManagerCreate({ alias: "mutual" })).did;
  let handler: ReturnType<typeof joinDeskHandler> | undefined;
  host = await startStatusListHost({ extra: async (request, response) => (handler ? handler(request, response) : false) });
  deskUrl = `${host.origin}/join`;
  admin = await MutualAdmin.deploy({
    signer: deployer,
    name: "Harbor Fishers Mutual",
    token: net.tokenAddress,
    issuer: { agent: issuerAgent, did: issuerDid, statusListUrl: host.url("members") },
    settings: { maxClaimAmount: 10_000n * USDC, quorum: 2 },
  });
  for (const payer of payers) await net.mint(await payer.getAddress(), 1_000n * USDC);
  desk = openDesk();
  handler = joinDeskHandler(desk);
}, 300_000);

afterAll(async () => {
  await host?.close();
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the join desk", () => {
  it("a newcomer asks with a signed request, pays from their own account and collects the credential by ticket", async () => {
    const client = new JoinDeskClient(deskUrl);
    const described = await client.describe();
    expect(described).toMatchObject({ premium: (300n * USDC).toString(), coverageLimit: (5_000n * USDC).toString(), days: 365 });

    const { wallet, member, mutual } = await newcomer(payers[0] as Signer);
    const { ticket, offer } = await client.request(await wallet.signMembershipRequest(mutual, deskUrl));
    expect(offer.memberDid).toBe(await wallet.did());
    expect(BigInt(offer.identityCommitment)).toBe((await wallet.requestMembership(mutual)).identityCommitment);
    expect(await client.status(ticket)).toMatchObject({ state: "awaiting-payment" });
    // Nothing paid, nothing admitted.
    expect((await desk.admitPaid()).admitted).toBe(0);

    await member.payPremium(parseOffer(JSON.stringify(offer)));
    expect(await desk.admitPaid()).toMatchObject({ admitted: 1 });
    const credential = await client.waitForCredential(ticket, { intervalMs: 100 });
    const held = await wallet.accept(credential.jwt);
    expect(held.membership.terms.coverageLimit).toBe(5_000n * USDC);
    expect(admin.memberCount).toBe(1);
    // The desk's file keeps the ticket's hash only: a copy of it collects nobody's credential.
    expect(readFileSync(join(dir, "join-desk.json"), "utf8")).not.toContain(ticket);
  });

  it("refuses a request altered, made for another desk or mutual, or sent without the member's signature", async () => {
    const client = new JoinDeskClient(deskUrl);
    const { wallet, mutual } = await newcomer(payers[1] as Signer);
    const signed = await wallet.signMembershipRequest(mutual, deskUrl);
    // A stranger swaps in their own commitment, to bind this member's DID to a secret the stranger holds.
    const [header, payload, signature] = signed.split(".");
    const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString()) as Record<string, unknown>;
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...claims, identityCommitment: "12345" })).toString("base64url")}.${signature}`;
    await expect(client.request(altered)).rejects.toMatchObject({ code: "BAD_MEMBERSHIP_REQUEST" });
    // A request a member made for another mutual's desk is not valid here.
    await expect(client.request(await wallet.signMembershipRequest(mutual, "https://other.example/join"))).rejects.toMatchObject({
      code: "BAD_MEMBERSHIP_REQUEST",
    });
    const elsewhere = { chainId: mutual.chainId, contract: "0x000000000000000000000000000000000000dEaD" };
    await expect(client.request(await wallet.signMembershipRequest(elsewhere, deskUrl))).rejects.toMatchObject({
      code: "BAD_MEMBERSHIP_REQUEST",
    });
    await expect(client.request("not a request")).rejects.toMatchObject({ code: "BAD_MEMBERSHIP_REQUEST" });
  });

  it("answers no stranger without the ticket, and refuses oversized or malformed bodies", async () => {
    const guessed = await fetch(`${deskUrl}/status`, { headers: { authorization: `Bearer ${"A".repeat(43)}` } });
    expect(guessed.status).toBe(404);
    expect(((await guessed.json()) as { error: { code: string } }).error.code).toBe("UNKNOWN_TICKET");
    expect((await fetch(`${deskUrl}/status`)).status).toBe(401);
    const huge = await fetch(`${deskUrl}/requests`, { method: "POST", body: JSON.stringify({ request: "x".repeat(20_000) }) });
    expect(huge.status).toBe(413);
    const garbled = await fetch(`${deskUrl}/requests`, { method: "POST", body: "{not json" });
    expect(garbled.status).toBe(400);
  });

  it("refuses a payment below the offer (the payer withdraws it) and leaves a payment it never offered to the operator", async () => {
    const client = new JoinDeskClient(deskUrl);
    const { wallet, mutual } = await newcomer(payers[2] as Signer);
    const payer = payers[2] as Signer;
    const { ticket, offer } = await client.request(await wallet.signMembershipRequest(mutual, deskUrl));
    const leaf = MutualAdmin.leafOf(parseOffer(JSON.stringify(offer)));
    await ensureAllowance(admin.deployment.token, payer, admin.deployment.mutual, 1_000n * USDC);
    const asPayer = new MutuaMutualClient(admin.deployment.mutual, payer);
    await asPayer.payPremium(leaf, 1n * USDC);
    expect(await desk.admitPaid()).toMatchObject({ admitted: 0, refused: 1 });
    expect(await client.status(ticket)).toMatchObject({ state: "refused" });
    expect(await asPayer.refundOf(await payer.getAddress())).toBe(1n * USDC);

    // A payment for a leaf nobody offered stops the desk at the queue's head (never admitted blindly) until the
    // operator refuses it; the member behind it is admitted next.
    await asPayer.payPremium(12345n, 1n * USDC);
    const next = await newcomer(payers[3] as Signer);
    const second = await client.request(await next.wallet.signMembershipRequest(next.mutual, deskUrl));
    await next.member.payPremium(parseOffer(JSON.stringify(second.offer)));
    const blocked = await desk.admitPaid();
    expect(blocked.admitted).toBe(0);
    expect(blocked.blockedBy?.payer).toBe(await payer.getAddress());
    await admin.refusePayments(1);
    expect((await desk.admitPaid()).admitted).toBe(1);
    expect(await client.status(second.ticket)).toMatchObject({ state: "admitted" });
  });

  it(`a stranger's payment for a leaf nobody offered stalls admissions ${UNKNOWN_PAYMENT_GRACE_SECONDS / 60} minutes at most; the operator's own offers wait for the operator`, async () => {
    const client = new JoinDeskClient(deskUrl);
    const stranger = payers[1] as Signer;
    await ensureAllowance(admin.deployment.token, stranger, admin.deployment.mutual, 1_000n * USDC);
    const asStranger = new MutuaMutualClient(admin.deployment.mutual, stranger);
    await asStranger.payPremium(424242n, 300n * USDC);
    const next = await newcomer(payers[3] as Signer);
    const request = await client.request(await next.wallet.signMembershipRequest(next.mutual, deskUrl));
    await next.member.payPremium(parseOffer(JSON.stringify(request.offer)));
    // Within the grace the desk waits (the operator may have offered it by hand)…
    expect((await desk.admitPaid()).blockedBy?.payer).toBe(await stranger.getAddress());
    // …after it, the desk refuses the payment itself (the stranger withdraws it) and admits the member behind it.
    await net.chain.increaseTime(UNKNOWN_PAYMENT_GRACE_SECONDS + 1);
    expect(await desk.admitPaid()).toMatchObject({ admitted: 0, refused: 1 });
    expect(await asStranger.refundOf(await stranger.getAddress())).toBeGreaterThanOrEqual(300n * USDC);
    expect((await desk.admitPaid()).admitted).toBe(1);
    expect(await client.status(request.ticket)).toMatchObject({ state: "admitted" });

    // A leaf the operator offered by hand (`issuer offer`) is never refused for being unknown to the desk.
    const manual = 777777n;
    const patient = new JoinDesk({
      admin,
      agent: issuerAgent,
      url: deskUrl,
      product: PRODUCT,
      store: fileJoinRecords(join(dir, "join-desk-manual.json")),
      operatorOffers: () => new Set([manual]),
    });
    await asStranger.payPremium(manual, 300n * USDC);
    await net.chain.increaseTime(UNKNOWN_PAYMENT_GRACE_SECONDS + 1);
    const round = await patient.admitPaid();
    expect(round).toMatchObject({ admitted: 0, refused: 0 });
    expect(round.blockedBy?.payer).toBe(await stranger.getAddress());
    await admin.refusePayments(1);
  });

  it("refuses an offer paid after it closed: no cover bought after the fact for a loss the payer knew of", async () => {
    const client = new JoinDeskClient(deskUrl);
    const payer = payers[3] as Signer;
    const { wallet, member, mutual } = await newcomer(payer);
    const { ticket, offer } = await client.request(await wallet.signMembershipRequest(mutual, deskUrl));
    // Two hours pass on the chain (a storm, say); only then is the offer paid.
    await net.chain.increaseTime(2 * 3_600);
    const before = await new MutuaMutualClient(admin.deployment.mutual, payer).refundOf(await payer.getAddress());
    await member.payPremium(parseOffer(JSON.stringify(offer)));
    expect(await desk.admitPaid()).toMatchObject({ admitted: 0, refused: 1 });
    expect(await client.status(ticket)).toMatchObject({ state: "refused", reason: expect.stringContaining("after the offer had closed") });
    expect(await new MutuaMutualClient(admin.deployment.mutual, payer).refundOf(await payer.getAddress())).toBe(before + 300n * USDC);
  });

  it("a desk that crashed after the chain admitted finds the credential in the issuer's log; a flood fills only its cap", async () => {
    const small = openDesk(2);
    const { wallet, member, mutual } = await newcomer(payers[0] as Signer);
    // payers[0] was admitted above with another wallet: an account may pay for anyone.
    const { ticket, offer } = await small.request(await wallet.signMembershipRequest(mutual, deskUrl));
    const admission = parseOffer(JSON.stringify(offer));
    await member.payPremium(admission);
    // The crash: the leaves and the credential were made (as admitPaid does), the desk's file was not updated.
    const { credentials } = await admin.admitMembers([admission]);
    const reopened = openDesk(2);
    expect(await reopened.status(ticket)).toMatchObject({ state: "awaiting-payment" });
    await reopened.admitPaid();
    expect(await reopened.status(ticket)).toMatchObject({ state: "admitted", credential: { id: credentials[0]?.id } });

    // Strangers asking again and again fill the unpaid cap, and are told so; nothing else grows.
    const stranger = await newcomer(payers[1] as Signer);
    const ask = async () => reopened.request(await stranger.wallet.signMembershipRequest(stranger.mutual, deskUrl));
    await ask();
    await ask();
    await expect(ask()).rejects.toMatchObject({ code: "DESK_BUSY" });
  });
});
