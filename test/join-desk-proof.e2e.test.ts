// A join desk that asks to see a credential the person already holds before it makes an offer (OpenID4VP): an
// identity credential from an issuer that is not Mutua (test/pid-issuer.ts), shown from an independent wallet
// (test/standard-wallet.ts), the request to join then naming the verified proof. Every shortcut a stranger could
// take is refused, and the desk keeps who vouched and when, never what the credential said.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileJoinRecords } from "@mutua/cli";
import type { EmbeddedNetwork, StatusListHost } from "@mutua/devnet";
import { startEmbeddedNetwork, startStatusListHost } from "@mutua/devnet";
import { createIdentityAgent, MemberWallet } from "@mutua/identity";
import type { JoinProduct } from "@mutua/sdk";
import { AdmissionProofs, JoinDesk, JoinDeskClient, joinDeskHandler, MutualAdmin } from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PID_VCT, startPidIssuer } from "./pid-issuer.ts";
import { answerPresentationRequest, holderKey, presentSdJwt } from "./standard-wallet.ts";

const USDC = 10n ** 6n;
const PRODUCT: JoinProduct = { policyId: 1n, coverageLimit: 5_000n * USDC, premium: 300n * USDC, days: 365 };

let net: EmbeddedNetwork;
let host: StatusListHost;
let pid: Awaited<ReturnType<typeof startPidIssuer>>;
let rogue: Awaited<ReturnType<typeof startPidIssuer>>;
let dir: string;
let deskUrl: string;
let admin: MutualAdmin;
let client: JoinDeskClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mutua-join-proof-"));
  net = await startEmbeddedNetwork();
  [pid, rogue] = await Promise.all([startPidIssuer(), startPidIssuer()]);
  const issuerAgent = (await createIdentityAgent()).agent;
  const issuerDid = (await issuerAgent.didManagerCreate({ alias: "mutual" })).did;
  let handler: ReturnType<typeof joinDeskHandler> | undefined;
  host = await startStatusListHost({ extra: async (request, response) => (handler ? handler(request, response) : false) });
  deskUrl = `${host.origin}/join`;
  const [deployer] = net.chain.signers;
  admin = await MutualAdmin.deploy({
    signer: deployer as NonNullable<typeof deployer>,
    name: "Harbor Fishers Mutual",
    token: net.tokenAddress,
    issuer: { agent: issuerAgent, did: issuerDid, statusListUrl: host.url("members") },
    settings: { maxClaimAmount: 10_000n * USDC, quorum: 2 },
  });
  const admissionProofs = new AdmissionProofs(
    {
      purpose: "The mutual covers adults living in Kenya or Tanzania",
      trustedIssuers: [pid.issuer],
      vct: [PID_VCT],
      claims: [
        { path: ["age_over_18"], values: [true] },
        { path: ["address", "country"], values: ["KE", "TZ"] },
      ],
    },
    { responseUri: `${deskUrl}/proof-response` },
  );
  const desk = new JoinDesk({
    admin,
    agent: issuerAgent,
    url: deskUrl,
    product: PRODUCT,
    store: fileJoinRecords(join(dir, "join-desk.json")),
    admissionProofs,
  });
  handler = joinDeskHandler(desk);
  client = new JoinDeskClient(deskUrl);
}, 300_000);

afterAll(async () => {
  await host?.close();
  await pid?.close();
  await rogue?.close();
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newcomer() {
  const wallet = await MemberWallet.open(await createIdentityAgent());
  const mutual = { chainId: admin.deployment.chainId, contract: admin.deployment.mutual };
  return { wallet, signed: () => wallet.signMembershipRequest(mutual, deskUrl) };
}

describe("a join desk that asks for a credential first", () => {
  it("says what it asks, refuses a request without it, and makes the offer once the person's wallet showed it", async () => {
    expect((await client.describe()).proof).toEqual({
      purpose: "The mutual covers adults living in Kenya or Tanzania",
      vct: [PID_VCT],
      claims: [["age_over_18"], ["address", "country"]],
    });
    const person = await newcomer();
    await expect(client.request(await person.signed())).rejects.toMatchObject({ code: "NO_PROOF" });

    const key = await holderKey();
    const credential = await pid.issue(key.publicJwk, { age_over_18: true, country: "KE", given_name: "Amina" });
    const asked = await client.proofRequest();
    expect(await client.proofStatus(asked.state)).toEqual({ state: "pending" });
    await expect(client.request(await person.signed(), asked.state)).rejects.toMatchObject({ code: "PROOF_PENDING" });
    const { response, disclosed } = await answerPresentationRequest(asked.uri, credential, key);
    expect(response.status).toBe(200);
    // The wallet showed what was asked and not the name.
    expect(disclosed.sort()).toEqual(["address", "age_over_18"]);
    await client.waitForProof(asked.state, { intervalMs: 100 });
    const { offer } = await client.request(await person.signed(), asked.state);
    expect(offer.memberDid).toBe(await person.wallet.did());
    // One proof, one request: the pass is spent.
    const second = await newcomer();
    await expect(client.request(await second.signed(), asked.state)).rejects.toMatchObject({ code: "NO_PROOF" });
    // The desk's file keeps who vouched and when: not the country, not the presentation.
    const kept = readFileSync(join(dir, "join-desk.json"), "utf8");
    expect(kept).toContain(pid.issuer);
    expect(kept).not.toContain('"KE"');
    expect(kept).not.toContain("Amina");
    expect(kept).not.toContain(credential.split("~")[0]);
  });

  it("a credential that does not meet the policy, or from an issuer the mutual does not trust, gets no offer", async () => {
    const key = await holderKey();
    // A standard wallet does not even answer: the query's values do not match what it holds.
    const minor = await pid.issue(key.publicJwk, { age_over_18: false, country: "KE" });
    await expect(answerPresentationRequest((await client.proofRequest()).uri, minor, key)).rejects.toThrow(/nothing that answers/);
    // A wallet that answers anyway (with the disclosures it has) is refused by the desk.
    const elsewhere = await pid.issue(key.publicJwk, { age_over_18: true, country: "FR" });
    const asked = await client.proofRequest();
    const request = Object.fromEntries(new URL(asked.uri).searchParams) as { client_id: string; nonce: string; state: string };
    const presentation = await presentSdJwt(
      elsewhere,
      key,
      { age_over_18: true, address: true },
      { aud: request.client_id, nonce: request.nonce },
    );
    const answered = await fetch(`${deskUrl}/proof-response`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ state: asked.state, vp_token: JSON.stringify({ admission: [presentation] }) }),
    });
    expect(answered.status).toBe(400);
    expect(await client.proofStatus(asked.state)).toMatchObject({ state: "refused" });
    const person = await newcomer();
    await expect(client.request(await person.signed(), asked.state)).rejects.toMatchObject({ code: "PROOF_REFUSED" });

    const forged = await rogue.issue(key.publicJwk, { age_over_18: true, country: "KE" });
    const fromRogue = await client.proofRequest();
    const answer = await answerPresentationRequest(fromRogue.uri, forged, key);
    expect(answer.response.status).toBe(400);
    expect(await client.proofStatus(fromRogue.state)).toMatchObject({
      state: "refused",
      reason: expect.stringMatching(/not one this verifier trusts/),
    });
  });

  it("a stranger cannot learn or settle someone else's proof: unknown states are not found, answers under them are not recorded", async () => {
    await expect(client.proofStatus("A".repeat(43))).rejects.toMatchObject({ code: "UNKNOWN_PROOF" });
    const answered = await fetch(`${deskUrl}/proof-response`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ state: "made-up", vp_token: "{}" }),
    });
    expect(answered.status).toBe(400);
    await expect(client.proofStatus("made-up")).rejects.toMatchObject({ code: "UNKNOWN_PROOF" });
  });

  it("a stranger flooding the desk from one address is slowed (429), a person at another address is not", async () => {
    const { fetchFrom } = await import("./source-address-fetch.ts");
    const stranger = fetchFrom("127.0.0.5");
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await stranger(`${deskUrl}/proof-requests`, { method: "POST", headers: {}, body: "" })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses[30]).toBe(429);
    expect((await fetchFrom("127.0.0.6")(`${deskUrl}/proof-requests`, { method: "POST", headers: {}, body: "" })).status).toBe(201);
  });
});
