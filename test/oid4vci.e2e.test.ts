// OpenID4VCI against an independent wallet (test/standard-wallet.ts: Animo's client, the OWF SD-JWT library),
// over real HTTP, with a real Veramo issuer behind it. Every attack is made as the stranger, the careless
// holder or the verifier would make it, through the endpoints.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CredentialIssuerService,
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
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holderKey, issuerKeys, receiveOffer, sdJwtVerifier } from "./standard-wallet.ts";

const DAY = 86_400n;
const now = () => BigInt(Math.floor(Date.now() / 1000));
const mutual = { name: "Harbor Fishers Mutual", chainId: 31337n, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };

let server: Server;
let origin: string;
let memberships: MembershipIssuer;
let sdJwt: MembershipSdJwtIssuer;
let service: CredentialIssuerService;

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
  const handle = oid4vciHandler(service, sdJwt);
  server.on("request", async (request, response) => {
    if (!(await handle(request, response))) response.writeHead(404).end();
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${origin}/oid4vci/${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });

describe("a standard wallet receives a membership", () => {
  it("offer → token with the transaction code → nonce → three key proofs → three SD-JWT VCs the holder's own library verifies", async () => {
    const issued = await admit();
    const offer = service.offer(issued.id);
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
    const offer = service.offer(issued.id);
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
    const fromA = service.offer((a as { id: string }).id);
    const fromB = service.offer((b as { id: string }).id);
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
    const offer = service.offer((await admit()).id);
    const code = (offer.offer.grants as Record<string, { "pre-authorized_code": string }>)[
      "urn:ietf:params:oauth:grant-type:pre-authorized_code"
    ]?.["pre-authorized_code"] as string;
    const form = (tx: string) =>
      new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        "pre-authorized_code": code,
        tx_code: tx,
      }).toString();
    expect((await post("token", form(offer.txCode))).status).toBe(200);
    const again = await post("token", form(offer.txCode));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it(`guessing the transaction code: ${MAX_TX_CODE_ATTEMPTS} wrong tries burn the offer, the right code is then refused too`, async () => {
    const offer = service.offer((await admit()).id);
    const code = (offer.offer.grants as Record<string, { "pre-authorized_code": string }>)[
      "urn:ietf:params:oauth:grant-type:pre-authorized_code"
    ]?.["pre-authorized_code"] as string;
    const form = (tx: string) =>
      new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        "pre-authorized_code": code,
        tx_code: tx,
      }).toString();
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

  it("a wallet without the transaction code gets no token", async () => {
    const offer = service.offer((await admit()).id);
    await expect(receiveOffer(offer.uri, "123", [await holderKey()])).rejects.toThrow();
  });

  it("key proofs: a reused nonce, another audience, a key that did not sign, one key twice, no token: each refused", async () => {
    const issued = await admit();
    const token = async () => {
      const offer = service.offer(issued.id);
      const code = (offer.offer.grants as Record<string, { "pre-authorized_code": string }>)[
        "urn:ietf:params:oauth:grant-type:pre-authorized_code"
      ]?.["pre-authorized_code"] as string;
      const response = await post(
        "token",
        new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:pre-authorized_code",
          "pre-authorized_code": code,
          tx_code: offer.txCode,
        }).toString(),
      );
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
    const offer = service.offer(issued.id);
    const { credentials } = await receiveOffer(offer.uri, offer.txCode, [await holderKey(), await holderKey()]);
    const verifier = await sdJwtVerifier(`${origin}/oid4vci`);
    for (const credential of credentials) await expect(verifier.verify(credential)).resolves.toBeDefined();
    await memberships.revoke(issued.id);
    const after = await sdJwtVerifier(`${origin}/oid4vci`);
    for (const credential of credentials) await expect(after.verify(credential)).rejects.toThrow(/Status is not valid/);
    expect(() => service.offer(issued.id)).toThrow(/revoked/);
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
