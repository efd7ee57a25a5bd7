// "A claim cannot be traced to the member who filed it", played by each adversary through the real parts:
// real proofs, a real relayer over HTTP, real Helia nodes, a real chain, real Veramo agents.
import { claimNullifier, deriveScope, identityCommitment, memberLeaf } from "@mutua/core";
import { HeliaEvidenceStore } from "@mutua/evidence";
import { agentResolver, createIdentityAgent, MemberWallet } from "@mutua/identity";
import type { FetchLike } from "@mutua/relayer";
import { RelayerClient } from "@mutua/relayer";
import type { PublicClaimRecord } from "@mutua/sdk";
import { collectPublicRecord, findInRecord, identifierForms, Member, relayerSubmitter } from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World, WorldMember } from "./world.ts";
import { createWorld, DAY, evidenceFiles, USDC } from "./world.ts";

let world: World;
let observer: HeliaEvidenceStore;
/** Every body a member sent to the relayer, as the relayer (or anyone on its path) received it. */
const relayerBodies: string[] = [];
const recordingFetch: FetchLike = async (url, init) => {
  if (init.body) relayerBodies.push(init.body);
  return fetch(url, init);
};
const filedBy = new Map<string, { member: WorldMember; evidenceCid: string; incidentId: bigint; claimId: string }>();
let records: PublicClaimRecord[];

const member = (name: string) => world.member(name);

beforeAll(async () => {
  world = await createWorld({ memberNames: ["alice", "bob", "carol", "dave"] });
  const submitter = relayerSubmitter(new RelayerClient(world.relayerService.url, { fetch: recordingFetch }));
  // Alice and Bob claim, each to a fresh payout address, through the relayer.
  for (const name of ["alice", "bob"]) {
    const claimant = member(name);
    const filed = await claimant.member.fileClaim({
      incidentId: world.incidentId,
      amount: 900n * USDC,
      recipient: await world.take().getAddress(),
      files: evidenceFiles(`${name}'s storm damage`),
      submitter,
    });
    filedBy.set(filed.claimId, {
      member: claimant,
      evidenceCid: filed.evidenceCid.toString(),
      incidentId: world.incidentId,
      claimId: filed.claimId,
    });
  }
  // The observer: a fresh IPFS node with no key, connected to the network that holds the evidence.
  observer = await HeliaEvidenceStore.create();
  const [address] = world.net.store.multiaddrs();
  if (!address) throw new Error("the world's IPFS node does not listen");
  await observer.connect(address);
  records = await collectPublicRecord({ provider: world.net.chain.provider, deployment: world.admin.deployment, observer });
});
afterAll(async () => {
  await observer?.close();
  await world?.close();
});

async function formsOf(m: WorldMember): Promise<string[]> {
  return identifierForms({
    did: await m.wallet.did(),
    resolver: agentResolver((await createIdentityAgent()).agent),
    addresses: [await m.signer.getAddress()],
  });
}

describe("1. the on-chain observer", () => {
  it("reaches every claim's events, calldata and every evidence block, and finds no identifier of any member", async () => {
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.evidence.blocks.length).toBeGreaterThanOrEqual(5);
      expect(record.evidence.listing.map((l) => l.name)).toEqual(expect.arrayContaining(["keys.json", "manifest.enc", "files"]));
    }
    for (const m of world.members) {
      const forms = await formsOf(m);
      expect(forms.length).toBeGreaterThan(10);
      expect(findInRecord(records, forms)).toEqual([]);
    }
    // The search does find what is there: the relayer's address is every claim's sender.
    const relayer = (await world.relayer.getAddress()).toLowerCase().slice(2);
    expect(findInRecord(records, [relayer]).length).toBeGreaterThanOrEqual(2);
  });

  it("premium payers are public, but no claim's sender or payout address is one of them", async () => {
    const payers = new Set((await Promise.all(world.members.map((m) => m.signer.getAddress()))).map((a) => a.toLowerCase()));
    for (const record of records) {
      expect(payers.has(record.transaction.from.toLowerCase())).toBe(false);
      const filed = (await world.admin.mutual.filedClaims(world.admin.deployment.fromBlock)).find((c) => c.claimId === record.claimId);
      expect(payers.has(String(filed?.recipient).toLowerCase())).toBe(false);
    }
  });
});

describe("2. the issuer", () => {
  it("holds every member's DID, commitment, terms, leaf and credential, and none of it (or a value derived from it) is in a claim", async () => {
    const issued = world.admin.issuer.issuedCredentials();
    const perMember = issued.flatMap((c) => [
      c.membership.identityCommitment,
      memberLeaf(c.membership.identityCommitment, c.membership.terms),
    ]);
    const scope = deriveScope({
      chainId: world.admin.deployment.chainId,
      contract: world.admin.deployment.mutual,
      incidentId: world.incidentId,
    });
    // What the issuer could derive: the member values themselves, hashed with the scope as a nullifier would be.
    const derived = perMember.flatMap((v) => [v, claimNullifier(v, scope)]);
    const numberForms = derived.flatMap((v) => [v.toString(), v.toString(16).padStart(64, "0")]);
    // The status-list index (< 2^17) is too short to search: 6 digits occur by chance in any ciphertext.
    const textForms = issued.flatMap((c) => [c.id, c.jwt.slice(0, 40), c.membership.memberDid]);
    const forms = [...numberForms, ...textForms].map((f) => f.toLowerCase());
    expect(findInRecord(records, forms)).toEqual([]);
    for (const body of relayerBodies) for (const form of forms) expect(body.toLowerCase()).not.toContain(form);
    expect(relayerBodies).toHaveLength(2);
  });

  it("can narrow a claim only to the members whose terms allow it: all four here", async () => {
    for (const record of records) {
      const filed = (await world.admin.mutual.filedClaims(world.admin.deployment.fromBlock)).find((c) => c.claimId === record.claimId);
      const allowed = world.admin.issuer
        .issuedCredentials()
        .filter((c) => BigInt(c.membership.terms.coverageLimit) >= (filed?.amount ?? 0n));
      expect(allowed.length).toBe(world.members.length);
    }
  });
});

describe("3. the assessor", () => {
  it("reads the files and nothing that identifies the claimant", async () => {
    const [first] = world.assessors;
    if (!first) throw new Error("no assessor");
    for (const claim of await first.assessor.listClaims(world.incidentId)) {
      const opened = await first.assessor.openEvidence(claim);
      const seen = [
        JSON.stringify(opened.manifest),
        ...(await Promise.all(opened.files.map(async (f) => Buffer.from(await f.bytes()).toString("latin1")))),
        ...(await Promise.all(opened.files.map(async (f) => Buffer.from(await f.bytes()).toString("hex")))),
      ]
        .join(" ")
        .toLowerCase();
      const claimant = filedBy.get(claim.claimId)?.member;
      if (!claimant) throw new Error("unknown claim");
      expect(seen).toContain("storm damage");
      expect(opened.readerCount).toBe(4);
      for (const form of await formsOf(claimant)) expect(seen).not.toContain(form);
    }
  });
});

describe("4. the claimant", () => {
  it("reopens their own evidence from the wallet, and from a backup restored on a new device", async () => {
    const alice = member("alice");
    const [filed] = [...filedBy.values()].filter((f) => f.member === alice);
    if (!filed) throw new Error("alice has no claim");
    const own = await alice.member.openOwnEvidence(filed.incidentId, filed.evidenceCid);
    expect(Buffer.from((await own.files[1]?.bytes()) ?? []).toString()).toContain("alice's storm damage");

    const backup = await alice.wallet.exportBackup("alice's backup passphrase");
    const device = await createIdentityAgent();
    const restored = await MemberWallet.restore(device, backup, "alice's backup passphrase");
    const onNewDevice = new Member({
      wallet: restored,
      signer: alice.signer,
      deployment: world.admin.deployment,
      store: world.net.store,
      resolver: agentResolver(device.agent),
    });
    const reopened = await onNewDevice.openOwnEvidence(filed.incidentId, filed.evidenceCid);
    expect(reopened.manifest).toEqual(own.manifest);
    // Bob's key for the same incident opens only Bob's evidence.
    await expect(member("bob").member.openOwnEvidence(filed.incidentId, filed.evidenceCid)).rejects.toMatchObject({
      code: "NOT_A_RECIPIENT",
    });
  });
});

describe("one claim per member per incident", () => {
  it("two overlapping policies (a renewal) share one secret: the second claim for the incident is refused on-chain", async () => {
    const person = await world.newMember("erin");
    const now = BigInt((await world.net.chain.provider.getBlock("latest"))?.timestamp ?? 0);
    const old = { ...world.terms, coverageLimit: 1_000n * USDC };
    const renewal = { policyId: 2n, coverageLimit: 3_000n * USDC, policyStart: now - BigInt(DAY), policyExpiry: now + 400n * BigInt(DAY) };
    const [first] = await world.admit([person], old);
    const [second] = await world.admit([person], renewal);
    if (!first || !second) throw new Error("not admitted");
    const held = person.wallet.memberships();
    expect(held).toHaveLength(2);
    expect(identityCommitment(held[0]?.identitySecret ?? 0n)).toBe(identityCommitment(held[1]?.identitySecret ?? 1n));

    const { incidentId } = await world.admin.openIncident(7 * DAY, 7 * DAY);
    const filing = (amount: bigint) => ({
      incidentId,
      amount,
      recipient: "0x000000000000000000000000000000000000dEaD",
      files: evidenceFiles("erin"),
      submitter: world.relayer,
      confirm: () => true,
    });
    await person.member.fileClaim(filing(2_000n * USDC)); // only the renewal covers 2,000
    // Drop the renewal: the next claim can only use the old policy, and its nullifier is the same.
    await world.admin.revokeMember(second.credentialId);
    await expect(person.member.fileClaim(filing(500n * USDC))).rejects.toMatchObject({ code: "NullifierAlreadyUsed" });
    // Nor can erin come back with a fresh secret: the issuer refuses the commitment.
    await expect(
      world.admin.admitMembers([{ memberDid: await person.wallet.did(), identityCommitment: 42n, terms: renewal, premium: 1n }]),
    ).rejects.toMatchObject({ code: "COMMITMENT_MISMATCH" });
    // Nor within one batch: one new DID with two commitments is refused before the chain sees either leaf.
    const stranger = await MemberWallet.open(await createIdentityAgent());
    const did = await stranger.did();
    const membersBefore = await world.admin.mutual.memberCount();
    await expect(
      world.admin.admitMembers([
        { memberDid: did, identityCommitment: 5n, terms: renewal, premium: 1n },
        { memberDid: did, identityCommitment: 6n, terms: renewal, premium: 1n },
      ]),
    ).rejects.toMatchObject({ code: "COMMITMENT_MISMATCH" });
    expect(await world.admin.mutual.memberCount()).toBe(membersBefore);
  });

  it("a revoked and re-admitted member claims with the new credential", async () => {
    const person = await world.newMember("frank");
    const [admitted] = await world.admit([person]);
    if (!admitted) throw new Error("not admitted");
    await world.admin.revokeMember(admitted.credentialId);
    const filing = {
      incidentId: world.incidentId,
      amount: 100n * USDC,
      recipient: "0x000000000000000000000000000000000000dEaD",
      files: evidenceFiles("frank"),
      confirm: () => true,
    };
    await expect(person.member.fileClaim(filing)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    const [readmitted] = await world.admit([person], { ...world.terms, policyId: 7n });
    expect(person.wallet.memberships()).toHaveLength(2);
    const filed = await person.member.fileClaim(filing);
    expect(readmitted?.credentialId).toBeDefined();
    expect(await person.member.claimStatus(world.incidentId, filed.nullifier)).toMatchObject({ status: "Filed" });
  });
});

describe("the member is warned before proving", () => {
  it("a payout address that paid premiums, a non-checksummed address, and filing from the own account", async () => {
    const carol = member("carol");
    const { incidentId } = await world.admin.openIncident(7 * DAY, 7 * DAY);
    const base = { incidentId, amount: 100n * USDC, files: evidenceFiles("carol") };
    const payer = await carol.signer.getAddress();
    await expect(carol.member.fileClaim({ ...base, recipient: payer })).rejects.toMatchObject({ code: "RECIPIENT_LINKED" });
    const warnings: string[] = [];
    await expect(
      carol.member.fileClaim({
        ...base,
        recipient: payer.toLowerCase(),
        confirm: (w) => {
          warnings.push(w.code);
          return false;
        },
      }),
    ).rejects.toMatchObject({ code: "RECIPIENT_NOT_CHECKSUMMED" });
    expect(warnings).toEqual(["RECIPIENT_NOT_CHECKSUMMED"]);
    await expect(carol.member.fileClaim({ ...base, recipient: "0x123" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(carol.member.fileClaim({ ...base, recipient: payer, fromOwnAccount: true })).rejects.toMatchObject({
      code: "OWN_ACCOUNT",
    });
  });
});
