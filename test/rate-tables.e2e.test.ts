// A member's wallet checks an offer against the rate table the members adopted (its hash on-chain): an issuer
// charging one member more than the table says, a table nobody adopted, a tampered table, a class misstated in the
// policy are each refused before anything is paid.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileJoinRecords } from "@mutua/cli";
import type { StatusListHost } from "@mutua/devnet";
import { startEmbeddedNetwork, startStatusListHost } from "@mutua/devnet";
import { createIdentityAgent, MemberWallet } from "@mutua/identity";
import type { Admission, RateTable } from "@mutua/sdk";
import {
  admissionOf,
  buildRateTable,
  checkDeskOffer,
  checkOfferAgainstTable,
  classNumber,
  drawPool,
  JoinDesk,
  JoinDeskClient,
  joinDeskHandler,
  MutualAdmin,
  poolExperience,
  quote,
} from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const USDC = 10n ** 6n;
const factors = [
  { name: "port", levels: ["Kilifi", "Lamu"] },
  { name: "boat", levels: ["canoe", "dhow"] },
];
const levels = { port: "Lamu", boat: "dhow" };

function table(version: number, expenseRatio = 0.1): RateTable {
  return buildRateTable({
    version,
    product: "boats",
    unit: "boat-year",
    factors,
    experience: poolExperience(
      drawPool({
        seed: 7,
        factors,
        years: 6,
        exposure: [50, 150],
        frequency: 0.2,
        severity: Number(1_000n * USDC),
        severityShape: 2,
        frequencyRelativities: { "port=Lamu": 1.3 },
        severityRelativities: { "boat=dhow": 1.2 },
      }),
    ),
    snapshot: { fromBlock: 0, toBlock: 0, blockHash: "0x00" },
    loadings: { expenseRatio, solvencyMargin: 0.05 },
  });
}

let net: Awaited<ReturnType<typeof startEmbeddedNetwork>>;
let admin: MutualAdmin;
let agent: Awaited<ReturnType<typeof createIdentityAgent>>["agent"];
let host: StatusListHost;
let handler: ReturnType<typeof joinDeskHandler> | undefined;
const founding = table(1);

beforeAll(async () => {
  net = await startEmbeddedNetwork();
  const [signer] = net.chain.signers;
  if (!signer) throw new Error("no account");
  agent = (await createIdentityAgent()).agent;
  host = await startStatusListHost({ extra: async (request, response) => (handler ? handler(request, response) : false) });
  admin = await MutualAdmin.deploy({
    signer,
    name: "Rated Mutual",
    token: net.tokenAddress,
    issuer: { agent, did: (await agent.didManagerCreate()).did, statusListUrl: net.statusLists.url("m") },
    settings: { maxClaimAmount: 10_000n * USDC },
    rateTable: founding,
  });
}, 300_000);
afterAll(async () => {
  await host?.close();
  await net?.close();
});

describe("offers checked against the adopted rate table", () => {
  const offer = (premium: bigint, ratingClass = classNumber(factors, levels)): Admission => ({
    memberDid: "did:key:z6Mkexample",
    identityCommitment: 1n,
    terms: { policyId: 1n, coverageLimit: 5_000n * USDC, policyStart: 1n, policyExpiry: 2n, ratingClass },
    premium,
  });
  const check = (admission: Admission, rateTable = founding) =>
    checkOfferAgainstTable({ deployment: admin.deployment, runner: net.chain.provider, table: rateTable, levels, exposure: 1, admission });

  it("accepts the table's premium for the member's class", async () => {
    const premium = quote(founding, levels, 1).premium;
    expect((await check(offer(premium))).premium).toBe(premium);
  });

  it("refuses a premium above the table's, a misstated class, a table nobody adopted, and a tampered table", async () => {
    const premium = quote(founding, levels, 1).premium;
    await expect(check(offer(premium + 1n))).rejects.toMatchObject({ code: "PREMIUM_NOT_FROM_TABLE" });
    await expect(check(offer(premium, classNumber(factors, { port: "Kilifi", boat: "canoe" })))).rejects.toMatchObject({
      code: "CLASS_MISMATCH",
    });
    const unadopted = table(2, 0.2);
    await expect(check(offer(quote(unadopted, levels, 1).premium), unadopted)).rejects.toMatchObject({ code: "RATE_TABLE_NOT_ADOPTED" });
    const tampered: RateTable = { ...founding, loadings: { ...founding.loadings, expenseRatio: 0.3 } };
    await expect(check(offer(quote(tampered, levels, 1).premium), tampered)).rejects.toMatchObject({ code: "RATE_TABLE_NOT_ADOPTED" });
  });
});

describe("a join desk that cites the adopted rate table", () => {
  const deskFor = (premium: bigint) =>
    new JoinDesk({
      admin,
      agent,
      url: `${host.origin}/join`,
      product: { policyId: 1n, coverageLimit: 5_000n * USDC, premium, days: 365, pricing: { table: founding, levels } },
      store: fileJoinRecords(join(mkdtempSync(join(tmpdir(), "mutua-priced-desk-")), "desk.json")),
    });

  it("refuses to open with a premium the table does not give", () => {
    expect(() => deskFor(quote(founding, levels, 1).premium + 1n)).toThrow(expect.objectContaining({ code: "PREMIUM_NOT_FROM_TABLE" }));
  });

  it("offers the table's premium for the table's class; the wallet recomputes it and explains it, and refuses an altered offer", async () => {
    const premium = quote(founding, levels, 1).premium;
    handler = joinDeskHandler(deskFor(premium));
    const client = new JoinDeskClient(`${host.origin}/join`);
    const description = await client.describe();
    expect(description.pricing?.table.version).toBe(1);
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const mutual = { chainId: admin.deployment.chainId, contract: admin.deployment.mutual };
    const answer = await client.request(await wallet.signMembershipRequest(mutual, client.url));
    const offer = admissionOf(answer.offer);
    expect(offer.terms.ratingClass).toBe(classNumber(factors, levels));
    const why = await checkDeskOffer({ deployment: admin.deployment, runner: net.chain.provider, description, offer });
    expect(why?.premium).toBe(premium);
    expect(why?.lines.map((l) => l.sentence).join(" ")).toMatch(/Premium for 1 boat-year/);
    // The same offer with a higher premium (a desk charging this member more than the table says): refused.
    await expect(
      checkDeskOffer({ deployment: admin.deployment, runner: net.chain.provider, description, offer: { ...offer, premium: premium + 1n } }),
    ).rejects.toMatchObject({ code: "PREMIUM_NOT_FROM_TABLE" });
  });
});
