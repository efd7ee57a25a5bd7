// OpenID4VCI and OpenID4VP against an independent wallet (test/standard-wallet.ts: Animo's client, the OWF SD-JWT library),
// over real HTTP, with a real Veramo issuer behind it. Every attack is made as the stranger, the careless
// holder or the verifier would make it, through the endpoints.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CoverVerifier,
  CredentialIssuerService,
  coverVerifierHandler,
  createIdentityAgent,
  Es256Key,
  MAX_TX_CODE_ATTEMPTS,
  MembershipIssuer,
  MembershipSdJwtIssuer,
  MemberWallet,
  oid4vciHandler,
  verifyStatusListToken,
} from "@mutua/identity";
import { digest } from "@sd-jwt/crypto-nodejs";
import { decodeSdJwt } from "@sd-jwt/decode";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerPresentationRequest,
  type HolderKey,
  holderKey,
  issuerKeys,
  presentSdJwt,
  receiveOffer,
  sdJwtVerifier,
} from "./standard-wallet.ts";

const DAY = 86_400n;
const now = () => BigInt(Math.floor(Date.now() / 1000));
const mutual = { name: "Harbor Fishers Mutual", chainId: 31337n, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };

let server: Server;
let origin: string;
let memberships: MembershipIssuer;
let sdJwt: MembershipSdJwtIssuer;
let service: CredentialIssuerService;
let verifier: CoverVerifier;

async function admit(policyExpiry = now() + 365n * DAY) {
  const wallet = await MemberWallet.open(await createIdentityAgent());
  const request = await wallet.requestMembership();
  const terms = { policyId: 3n, coverageLimit: 2_500n * 10n ** 6n, policyStart: now() - 100n, policyExpiry };
  return memberships.issue({ ...request, terms, mutual });
}

beforeAll(async () => {
  const agent = (await createIdentityAgent()).agent;
  const { did } = await agent.didManagerCreate({ provider: "did:key", options: { keyType: "Ed25519" } });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  memberships = await MembershipIssuer.open(agent, { issuerDid: did, statusListUrl: `${origin}/status/1` });
  sdJwt = MembershipSdJwtIssuer.open({
    memberships,
    key: await Es256Key.generate(),
    issuer: `${origin}/oid4vci`,
    statusListUri: `${origin}/oid4vci/status`,
    policyType: () => "boats",
  });
  service = new CredentialIssuerService(sdJwt, { mutualName: mutual.name });
  verifier = new CoverVerifier({ responseUri: `${origin}/verify/response`, trustedIssuers: [`${origin}/oid4vci`] });
  const handlers = [oid4vciHandler(service, sdJwt), coverVerifierHandler(verifier, "/verify")];
  server.on("request", async (request, response) => {
    for (const handle of handlers) if (await handle(request, response)) return;
    response.writeHead(404).end();
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The token request a wallet makes for `offer` with transaction code `tx`. */
function tokenForm(offer: { offer: Record<string, unknown> }, tx: string): URLSearchParams {
  const grant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
  const code = (offer.offer.grants as Record<string, { "pre-authorized_code": string }>)[grant]?.["pre-authorized_code"] as string;
  return new URLSearchParams({ grant_type: grant, "pre-authorized_code": code, tx_code: tx });
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${origin}/oid4vci/${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });

describe("a standard wallet receives a membership", () => {
  it("offer → token with the transaction code → nonce → three key proofs → three SD-JWT VCs the holder's own library verifies", async () => {
    const issued = await admit();
    const offer = await service.offer(issued.id);
    expect(offer.uri).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    const keys = await Promise.all([holderKey(), holderKey(), holderKey()]);
    const { credentials } = await receiveOffer(offer.uri, offer.txCode, keys);
    expect(credentials).toHaveLength(3);
    const verifier = await sdJwtVerifier(`${origin}/oid4vci`);
    for (const [i, credential] of credentials.entries()) {
      const { payload, header } = await verifier.verify(credential);
      expect(header).toMatchObject({ typ: "dc+sd-jwt", alg: "ES256" });
      expect(payload).toMatchObject({
        iss: `${origin}/oid4vci`,
        vct: "https://mutua.dev/vct/membership/v1",
        mutual: { name: mutual.name, chain_id: "31337", contract: mutual.contract.toLowerCase() },
        policy_type: "boats",
        cover_limit_band: { min: "2000000000", max: "5000000000" },
        in_good_standing: true,
      });
      // Bound to the key whose proof asked for it.
      expect((payload.cnf as { jwk: { x: string } }).jwk.x).toBe(keys[i]?.publicJwk.x);
    }
  });

  it("nothing in the SD-JWT VC is the member's: no DID, no commitment, no policy id, no exact limit or time", async () => {
    const issued = await admit();
    const offer = await service.offer(issued.id);
    const { credentials } = await receiveOffer(offer.uri, offer.txCode, [await holderKey()]);
    const decoded = await decodeSdJwt(credentials[0] as string, digest);
    const everything = JSON.stringify([decoded.jwt.header, decoded.jwt.payload, decoded.disclosures.map((d) => [d.key, d.value])]);
    const m = issued.membership;
    for (const secretish of [
      m.memberDid,
      m.identityCommitment.toString(),
      m.terms.coverageLimit.toString(),
      m.terms.policyStart.toString(),
      m.terms.policyExpiry.toString(),
      issued.id,
    ])
      expect(everything).not.toContain(secretish);
    // Every claim is behind its own disclosure: the signed payload shows none of them.
    expect(Object.keys(decoded.jwt.payload as object).sort()).toEqual(["_sd", "_sd_alg", "cnf", "exp", "iss", "status", "vct"]);
    expect(decoded.disclosures.map((d) => d.key).sort()).toEqual([
      "cover_limit_band",
      "in_good_standing",
      "mutual",
      "policy_period",
      "policy_type",
    ]);
  });

  it("two one-time credentials of one member share only what credentials of two members ending cover the same day share", async () => {
    const expiry = now() + 200n * DAY;
    const [a, b] = [await admit(expiry), await admit(expiry + 60n)];
    const fromA = await service.offer((a as { id: string }).id);
    const fromB = await service.offer((b as { id: string }).id);
    const [a1, a2] = (await receiveOffer(fromA.uri, fromA.txCode, [await holderKey(), await holderKey()])).credentials as [string, string];
    const [b1] = (await receiveOffer(fromB.uri, fromB.txCode, [await holderKey()])).credentials as [string];
    const shared = async (x: string, y: string) => {
      const [dx, dy] = [await decodeSdJwt(x, digest), await decodeSdJwt(y, digest)];
      const flat = (d: typeof dx) => ({
        ...Object.fromEntries(Object.entries(d.jwt.header as object).map(([k, v]) => [`header.${k}`, JSON.stringify(v)])),
        ...Object.fromEntries(Object.entries(d.jwt.payload as object).map(([k, v]) => [`payload.${k}`, JSON.stringify(v)])),
        ...Object.fromEntries(d.disclosures.map((s) => [`disclosure.${s.key}`, JSON.stringify([s.salt, s.value])])),
        signature: d.jwt.signature,
      });
      const [fx, fy] = [flat(dx), flat(dy)];
      return Object.keys(fx)
        .filter((k) => fx[k as keyof typeof fx] === fy[k as keyof typeof fy])
        .sort();
    };
    const sameMember = await shared(a1, a2);
    expect(sameMember).toEqual(await shared(a1, b1));
    expect(sameMember).toEqual(["header.alg", "header.kid", "header.typ", "payload._sd_alg", "payload.exp", "payload.iss", "payload.vct"]);
    // The status entries are on one list (same URI) at unrelated random places.
    const idx = (c: string) => (decodeJwt(c.split("~")[0] as string).status as { status_list: { idx: number } }).status_list.idx;
    expect(idx(a1)).not.toBe(idx(a2));
  });
});

describe("the issuance endpoints as an adversary would use them", () => {
  it("a pre-authorized code is good once: the second token request is refused", async () => {
    const offer = await service.offer((await admit()).id);
    const form = (tx: string) => tokenForm(offer, tx).toString();
    expect((await post("token", form(offer.txCode))).status).toBe(200);
    const again = await post("token", form(offer.txCode));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it(`guessing the transaction code: ${MAX_TX_CODE_ATTEMPTS} wrong tries burn the offer, the right code is then refused too`, async () => {
    const offer = await service.offer((await admit()).id);
    const form = (tx: string) => tokenForm(offer, tx).toString();
    const wrong = offer.txCode === "000000" ? "000001" : "000000";
    for (let i = 0; i < MAX_TX_CODE_ATTEMPTS; i++) {
      const response = await post("token", form(wrong));
      expect(response.status).toBe(400);
    }
    const right = await post("token", form(offer.txCode));
    expect(await right.json()).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/unknown, used or expired/),
    });
  });

  it("an offer made by another process with the issuer's key is honoured; a code from another key is not; spent codes stay spent after a restart", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const spentCodes = `${mkdtempSync(`${tmpdir()}/mutua-oid4vci-`)}/spent.jsonl`;
    const running = new CredentialIssuerService(sdJwt, { spentCodes });
    // `mutua issuer offer-credential` is another process: same key, its own service object.
    const offline = new CredentialIssuerService(sdJwt);
    const offer = await offline.offer((await admit()).id);
    const form = (o: typeof offer) => tokenForm(o, o.txCode);
    expect((await running.token(form(offer))).status).toBe(200);
    const restarted = new CredentialIssuerService(sdJwt, { spentCodes });
    expect(await restarted.token(form(offer))).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const stranger = MembershipSdJwtIssuer.open({
      memberships,
      key: await Es256Key.generate(),
      issuer: `${origin}/oid4vci`,
      statusListUri: `${origin}/oid4vci/status`,
    });
    const forged = await new CredentialIssuerService(stranger).offer((await admit()).id);
    expect(await running.token(form(forged))).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("a wallet without the transaction code gets no token", async () => {
    const offer = await service.offer((await admit()).id);
    await expect(receiveOffer(offer.uri, "123", [await holderKey()])).rejects.toThrow();
  });

  it("key proofs: a reused nonce, another audience, a key that did not sign, one key twice, no token: each refused", async () => {
    const issued = await admit();
    const token = async () => {
      const offer = await service.offer(issued.id);
      const response = await post("token", tokenForm(offer, offer.txCode).toString());
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const nonce = async () => ((await (await post("nonce", "")).json()) as { c_nonce: string }).c_nonce;
    const { SignJWT, importJWK } = await import("jose");
    const key = await holderKey();
    const other = await holderKey();
    const proof = async (options: { nonce: string; aud?: string; signWith?: typeof key; jwk?: typeof key }) =>
      new SignJWT({ aud: options.aud ?? `${origin}/oid4vci`, nonce: options.nonce, iat: Math.floor(Date.now() / 1000) })
        .setProtectedHeader({ alg: "ES256", typ: "openid4vci-proof+jwt", jwk: (options.jwk ?? key).publicJwk })
        .sign(await importJWK((options.signWith ?? key).privateJwk, "ES256"));
    const ask = async (accessToken: string, proofs: string[]) => {
      const response = await post(
        "credential",
        JSON.stringify({ credential_configuration_id: "MutuaMembership_dc+sd-jwt", proofs: { jwt: proofs } }),
        {
          "content-type": "application/json",
          authorization: `Bearer ${accessToken}`,
        },
      );
      return { status: response.status, body: (await response.json()) as { error?: string; credentials?: unknown[] } };
    };
    const access = await token();
    const n1 = await nonce();
    expect((await ask(access, [await proof({ nonce: n1, aud: "https://another-issuer.example" })])).body.error).toBe("invalid_proof");
    // The failed request spent its nonce: it cannot be retried with it.
    expect((await ask(access, [await proof({ nonce: n1 })])).body.error).toBe("invalid_nonce");
    expect((await ask(access, [await proof({ nonce: "made-up" })])).body.error).toBe("invalid_nonce");
    expect((await ask(access, [await proof({ nonce: await nonce(), signWith: other })])).body.error).toBe("invalid_proof");
    const n2 = await nonce();
    expect((await ask(access, [await proof({ nonce: n2 }), await proof({ nonce: n2 })])).body.error).toBe("invalid_proof");
    // A good request with the same token still works (refusals do not spend it), then the token is spent.
    const good = await ask(access, [await proof({ nonce: await nonce() })]);
    expect(good.status).toBe(200);
    expect(good.body.credentials).toHaveLength(1);
    const spent = await ask(access, [await proof({ nonce: await nonce() })]);
    expect(spent.status).toBe(401);
    expect((await ask("not-a-token", [await proof({ nonce: await nonce() })])).status).toBe(401);
  });

  it("a revoked membership: its one-time credentials fail their holder's status check, and no new offer or batch is made", async () => {
    const issued = await admit();
    const offer = await service.offer(issued.id);
    const { credentials } = await receiveOffer(offer.uri, offer.txCode, [await holderKey(), await holderKey()]);
    const verifier = await sdJwtVerifier(`${origin}/oid4vci`);
    for (const credential of credentials) await expect(verifier.verify(credential)).resolves.toBeDefined();
    await memberships.revoke(issued.id);
    const after = await sdJwtVerifier(`${origin}/oid4vci`);
    for (const credential of credentials) await expect(after.verify(credential)).rejects.toThrow(/Status is not valid/);
    await expect(service.offer(issued.id)).rejects.toThrow(/revoked/);
    // The JWT VC's Bitstring list says the same.
    expect(memberships.isRevoked(issued.id)).toBe(true);
  });
});

describe("the status list token as a verifier checks it", () => {
  it("a token from another key, an expired one and an older one replayed are refused", async () => {
    const uri = `${origin}/oid4vci/status`;
    const keys = await issuerKeys(`${origin}/oid4vci`);
    const token = await (await fetch(uri)).text();
    const t = Math.floor(Date.now() / 1000);
    const fresh = await verifyStatusListToken(token, { uri, issuerKeys: keys, now: t });
    expect(decodeProtectedHeader(token).typ).toBe("statuslist+jwt");
    const { signStatusListToken } = await import("@mutua/identity");
    const forged = await signStatusListToken({ key: await Es256Key.generate(), uri, revokedIndices: [], issuedAt: t, validity: 600 });
    await expect(verifyStatusListToken(forged, { uri, issuerKeys: keys, now: t })).rejects.toThrow(/key the issuer does not publish/);
    await expect(verifyStatusListToken(token, { uri, issuerKeys: keys, now: t + 2 * 86_400 })).rejects.toThrow(/does not verify/);
    await expect(verifyStatusListToken(token, { uri, issuerKeys: keys, now: t, notBefore: fresh.issuedAt + 1 })).rejects.toThrow(
      /replayed/,
    );
    await expect(verifyStatusListToken(token, { uri: `${origin}/another-list`, issuerKeys: keys, now: t })).rejects.toThrow(
      /does not verify/,
    );
  });
});

/** A member with one-time credentials in their standard wallet. */
async function memberWithCredentials(count: number, policyExpiry?: bigint) {
  const issued = await admit(policyExpiry);
  const offer = await service.offer(issued.id);
  const keys = await Promise.all(Array.from({ length: count }, () => holderKey()));
  const { credentials } = await receiveOffer(offer.uri, offer.txCode, keys);
  return { issued, held: credentials.map((credential, i) => ({ credential, key: keys[i] as HolderKey })) };
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function ask(query: Record<string, unknown>) {
  const response = await fetch(`${origin}/verify/requests`, {
    method: "POST",
    body: JSON.stringify(query),
    headers: { "content-type": "application/json" },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { uri: string; state: string; qrSvg: string };
}
const outcome = async (state: string) => (await fetch(`${origin}/verify/result?state=${state}`)).json() as Promise<Record<string, unknown>>;

describe("a member proves cover to a third party's verifier", () => {
  it("the verifier page asks, the standard wallet shows only what was asked, the verifier says covered", async () => {
    const page = await (await fetch(`${origin}/verify`)).text();
    expect(page).toContain("Check a member's cover");
    const { held } = await memberWithCredentials(1);
    const asked = await ask({ mutual: { chainId: "31337", contract: mutual.contract }, policyType: "boats", coveredUntil: day(30) });
    expect(asked.qrSvg).toMatch(/^<svg/);
    expect(asked.uri).toMatch(/^openid4vp:\/\//);
    const { response, disclosed } = await answerPresentationRequest(asked.uri, held[0]?.credential as string, held[0]?.key as HolderKey);
    expect(response.status).toBe(200);
    // The band and the limit were not asked: the wallet did not show them.
    expect(disclosed.sort()).toEqual(["in_good_standing", "mutual", "policy_period", "policy_type"]);
    const result = await outcome(asked.state);
    expect(result).toMatchObject({
      status: "verified",
      cover: { issuer: `${origin}/oid4vci`, claims: { policy_type: "boats", in_good_standing: true } },
    });
    expect((result.cover as { claims: Record<string, unknown> }).claims.cover_limit_band).toBeUndefined();
  });

  it("cover ending before the asked day, and another product, are refused", async () => {
    const { held } = await memberWithCredentials(2, now() + 20n * DAY);
    const tooLong = await ask({ coveredUntil: day(60) });
    const answer = await answerPresentationRequest(tooLong.uri, held[0]?.credential as string, held[0]?.key as HolderKey);
    expect(answer.response.status).toBe(400);
    expect(await outcome(tooLong.state)).toMatchObject({ status: "refused", code: "NOT_COVERED" });
    // A standard wallet sees the query cannot be met and sends nothing.
    const farms = await ask({ policyType: "farms" });
    await expect(answerPresentationRequest(farms.uri, held[1]?.credential as string, held[1]?.key as HolderKey)).rejects.toThrow(
      /nothing that answers/,
    );
  });
});

describe("presentations as an adversary makes them", () => {
  let held: { credential: string; key: HolderKey }[];
  let revokedHeld: { credential: string; key: HolderKey }[];
  beforeAll(async () => {
    ({ held } = await memberWithCredentials(2));
    const revoked = await memberWithCredentials(1);
    revokedHeld = revoked.held;
    await memberships.revoke(revoked.issued.id);
  });
  const everything = { mutual: true, policy_type: true, cover_limit_band: true, policy_period: true, in_good_standing: true };
  const request = () => verifier.createRequest({ policyType: "boats" });
  const answer = (state: string, presentation: string) =>
    verifier.verifyResponse({ state, vp_token: JSON.stringify({ mutua_membership: [presentation] }) });
  const first = () => held[0] as { credential: string; key: HolderKey };

  it("the right presentation verifies; answering the same request again is refused", async () => {
    const r = request();
    const p = await presentSdJwt(first().credential, first().key, everything, { aud: verifier.clientId, nonce: r.nonce });
    await expect(answer(r.state, p)).resolves.toMatchObject({ claims: { policy_type: "boats" } });
    await expect(answer(r.state, p)).rejects.toMatchObject({ code: "UNKNOWN_REQUEST" });
  });

  it("a presentation made for another verifier, or another request, is refused (replayed to a second verifier)", async () => {
    const r = request();
    const forOther = await presentSdJwt(first().credential, first().key, everything, {
      aud: "redirect_uri:https://another-verifier.example/response",
      nonce: r.nonce,
    });
    await expect(answer(r.state, forOther)).rejects.toMatchObject({ code: "WRONG_AUDIENCE" });
    const r2 = request();
    const oldNonce = await presentSdJwt(first().credential, first().key, everything, { aud: verifier.clientId, nonce: r.nonce });
    await expect(answer(r2.state, oldNonce)).rejects.toMatchObject({ code: "INVALID_PRESENTATION" });
  });

  it("no key binding, a key binding by another key, or one lifted from another presentation: refused", async () => {
    const plain = new SDJwtVcInstance({ hasher: digest });
    const r = request();
    const noKb = await plain.present(first().credential, everything);
    await expect(answer(r.state, noKb)).rejects.toMatchObject({ code: "NO_KEY_BINDING" });
    // The second one-time credential's key signs for the first credential: the cnf key does not match.
    const r2 = request();
    const otherKey = await presentSdJwt(first().credential, (held[1] as { key: HolderKey }).key, everything, {
      aud: verifier.clientId,
      nonce: r2.nonce,
    });
    await expect(answer(r2.state, otherKey)).rejects.toMatchObject({ code: "INVALID_PRESENTATION" });
    // A key-binding JWT made for a presentation with fewer disclosures, moved onto one with more.
    const r3 = request();
    const few = await presentSdJwt(first().credential, first().key, { policy_type: true }, { aud: verifier.clientId, nonce: r3.nonce });
    const many = await presentSdJwt(first().credential, first().key, everything, { aud: verifier.clientId, nonce: r3.nonce });
    const lifted = `${many.slice(0, many.lastIndexOf("~") + 1)}${few.slice(few.lastIndexOf("~") + 1)}`;
    await expect(answer(r3.state, lifted)).rejects.toMatchObject({ code: "INVALID_PRESENTATION" });
  });

  it("a disclosure altered or added: refused", async () => {
    const r = request();
    const p = await presentSdJwt(first().credential, first().key, everything, { aud: verifier.clientId, nonce: r.nonce });
    const parts = p.split("~");
    const index = parts.findIndex((part, i) => i > 0 && Buffer.from(part, "base64url").toString().includes("policy_type"));
    const [salt] = JSON.parse(Buffer.from(parts[index] as string, "base64url").toString()) as [string];
    const altered = [...parts];
    altered[index] = Buffer.from(JSON.stringify([salt, "policy_type", "everything"])).toString("base64url");
    await expect(answer(r.state, altered.join("~"))).rejects.toMatchObject({ code: "INVALID_PRESENTATION" });
    const r2 = request();
    const p2 = await presentSdJwt(first().credential, first().key, { policy_type: true }, { aud: verifier.clientId, nonce: r2.nonce });
    const added = p2.split("~");
    added.splice(
      1,
      0,
      Buffer.from(JSON.stringify(["c2FsdHNhbHQ", "cover_limit_band", { min: "1000000000000", max: "2000000000000" }])).toString(
        "base64url",
      ),
    );
    await expect(answer(r2.state, added.join("~"))).rejects.toMatchObject({ code: "INVALID_PRESENTATION" });
  });

  it("a revoked membership's credential is refused; so is one from an issuer the verifier does not trust", async () => {
    const revoked = revokedHeld[0] as { credential: string; key: HolderKey };
    const r = request();
    const p = await presentSdJwt(revoked.credential, revoked.key, everything, { aud: verifier.clientId, nonce: r.nonce });
    await expect(answer(r.state, p)).rejects.toMatchObject({ code: "REVOKED" });
    const picky = new CoverVerifier({
      responseUri: `${origin}/verify/response`,
      trustedIssuers: ["https://another-mutual.example/oid4vci"],
    });
    const r2 = picky.createRequest({});
    const p2 = await presentSdJwt(first().credential, first().key, everything, { aud: picky.clientId, nonce: r2.nonce });
    await expect(picky.verifyResponse({ state: r2.state, vp_token: { mutua_membership: [p2] } })).rejects.toMatchObject({
      code: "UNTRUSTED_ISSUER",
    });
  });

  it("an old status list replayed to a verifier that has seen a newer one is refused", async () => {
    const uri = `${origin}/oid4vci/status`;
    const old = await (await fetch(uri)).text();
    // Time passes; a revocation makes the issuer sign a newer list.
    await memberships.revoke((await memberWithCredentials(1)).issued.id);
    expect(await sdJwt.statusListToken()).not.toBe(old);
    let replay = false;
    const watched = new CoverVerifier({
      responseUri: `${origin}/verify/response`,
      trustedIssuers: [`${origin}/oid4vci`],
      fetch: async (input, init) => (replay && String(input) === uri ? new Response(old) : fetch(input, init)),
    });
    const r = watched.createRequest({});
    await expect(
      watched.verifyResponse({
        state: r.state,
        vp_token: {
          mutua_membership: [await presentSdJwt(first().credential, first().key, everything, { aud: watched.clientId, nonce: r.nonce })],
        },
      }),
    ).resolves.toBeDefined();
    replay = true;
    const r2 = watched.createRequest({});
    const p2 = await presentSdJwt(first().credential, first().key, everything, { aud: watched.clientId, nonce: r2.nonce });
    await expect(watched.verifyResponse({ state: r2.state, vp_token: { mutua_membership: [p2] } })).rejects.toMatchObject({
      code: "STATUS_UNAVAILABLE",
    });
  });
});

describe("Mutua's own wallet with an independent verifier", () => {
  it("MemberWallet takes the offer, keeps one-time credentials, and proves cover to a verifier built on Animo's and the OWF libraries", async () => {
    const { startStandardVerifier } = await import("./standard-verifier.ts");
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const issued = await memberships.issue({
      ...(await wallet.requestMembership(mutual)),
      terms: { policyId: 3n, coverageLimit: 2_500n * 10n ** 6n, policyStart: now() - 100n, policyExpiry: now() + 365n * DAY },
      mutual,
    });
    const offer = await service.offer(issued.id);
    expect(await wallet.receiveCredentialOffer(offer.uri, offer.txCode, 3)).toBe(3);
    expect(wallet.coverProofsLeft()).toBe(3);
    const standard = await startStandardVerifier(`${origin}/oid4vci`, {
      credentials: [
        {
          id: "cover",
          format: "dc+sd-jwt",
          meta: { vct_values: ["https://mutua.dev/vct/membership/v1"] },
          claims: [
            { path: ["policy_type"], values: ["boats"] },
            { path: ["in_good_standing"], values: [true] },
          ],
        },
      ],
    });
    try {
      const { describeCoverRequest } = await import("@mutua/identity");
      const first = await standard.request();
      expect(await describeCoverRequest(first.uri)).toEqual({
        verifier: new URL(standard.clientId.replace("redirect_uri:", "")).host,
        claims: ["policy_type", "in_good_standing"],
      });
      expect(await wallet.proveCover(first.uri)).toEqual({ accepted: true, left: 2 });
      const shown = standard.outcome(first.state);
      expect(shown?.verified).toBe(true);
      // Only what was asked: the mutual, the period and the band stayed in the wallet.
      expect(shown?.claims).toMatchObject({ policy_type: "boats", in_good_standing: true });
      expect(shown?.claims).not.toHaveProperty("mutual");
      expect(shown?.claims).not.toHaveProperty("policy_period");
      // A second proof uses another one-time credential: another key, another status entry.
      const second = await standard.request();
      expect(await wallet.proveCover(second.uri)).toMatchObject({ accepted: true, left: 1 });
      const cnf = (state: string) => JSON.stringify((standard.outcome(state)?.claims as { cnf?: unknown } | undefined)?.cnf);
      expect(cnf(first.state)).not.toBe(cnf(second.state));
    } finally {
      await standard.close();
    }
  });
});

describe("strangers flooding the standard endpoints", () => {
  it("one address is slowed (429 with retry-after) while another is served; open nonces are bounded however many addresses ask", async () => {
    const { fetchFrom } = await import("./source-address-fetch.ts");
    const stranger = fetchFrom("127.0.0.3");
    const wallet = fetchFrom("127.0.0.4");
    const nonce = (from: typeof stranger) => from(`${origin}/oid4vci/nonce`, { method: "POST", headers: {}, body: "" });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await nonce(stranger)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect((await nonce(wallet)).status).toBe(200);
    // The verifier's requests (each one a QR code to draw) likewise.
    const ask = (from: typeof stranger) =>
      from(`${origin}/verify/requests`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const asked: number[] = [];
    for (let i = 0; i < 31; i++) asked.push((await ask(stranger)).status);
    expect(asked.filter((s) => s === 201)).toHaveLength(30);
    expect(asked[30]).toBe(429);
    expect((await ask(wallet)).status).toBe(201);
    // Past 10,000 open nonces the service answers "try later" instead of growing (a flood from many addresses).
    const flooded = new CredentialIssuerService(sdJwt);
    let refused = 0;
    for (let i = 0; i < 10_001; i++) if (flooded.nonce().status === 503) refused++;
    expect(refused).toBe(1);
  });
});
