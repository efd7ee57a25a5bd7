// Revocation a cache cannot undo: status lists expire, a list older than one already seen is refused, and the
// credential's JSON-LD context defines every status term it uses (a standard verifier would skip them otherwise).
import * as vcContexts from "@digitalbazaar/credentials-context";
import { checkStatus, getCredentialStatus, statusTypeMatches } from "@digitalbazaar/vc-bitstring-status-list";
import { decodeJWT } from "did-jwt";
import jsonld from "jsonld";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdentityAgent } from "../src/index.ts";
import { createIdentityAgent, MembershipIssuer, MembershipVerifier, MemberWallet } from "../src/index.ts";
import { MEMBERSHIP_CONTEXT, membershipContext } from "../src/membership-credential.ts";
import { readCredentialJwt, VC_V2_CONTEXT } from "../src/vc-jwt.ts";
import { policyTerms } from "./support.ts";

const LIST_URL = "https://mutual.example/status/1";
let issuerAgent: IdentityAgent;
let issuer: MembershipIssuer;
let credentialJwt: string;
let credentialId: string;

beforeAll(async () => {
  issuerAgent = (await createIdentityAgent()).agent;
  const { did } = await issuerAgent.didManagerCreate();
  issuer = await MembershipIssuer.open(issuerAgent, { issuerDid: did, statusListUrl: LIST_URL, statusListValidity: 3_600 });
  const wallet = await MemberWallet.open(await createIdentityAgent());
  const issued = await issuer.issue({ ...(await wallet.requestMembership()), terms: policyTerms() });
  ({ jwt: credentialJwt, id: credentialId } = issued);
});

/** A verifier whose status-list fetches are answered by `serve` (a cache or a server that may replay). */
function verifierServing(serve: () => string, now?: () => Date) {
  return new MembershipVerifier(issuerAgent, {
    trustedIssuers: [issuer.issuerDid],
    fetchStatusList: async () => serve(),
    ...(now ? { now } : {}),
  });
}

describe("status lists are fresh", () => {
  it("a list issued before the revocation, replayed after a newer one was seen, is refused", async () => {
    const before = await issuer.statusListCredential();
    await issuer.revoke(credentialId);
    const after = await issuer.statusListCredential();
    expect(decodeJWT(after).payload.nbf).toBeGreaterThan(decodeJWT(before).payload.nbf ?? 0);

    let served = after;
    const verifier = verifierServing(() => served);
    await expect(verifier.verifyCredential(credentialJwt)).rejects.toMatchObject({ code: "REVOKED" });
    served = before; // the replay: the old list still says "valid"
    await expect(verifier.verifyCredential(credentialJwt)).rejects.toMatchObject({ code: "STATUS_UNAVAILABLE" });
  });

  it("a list past its validity is refused even by a verifier that never saw a newer one", async () => {
    const list = await issuer.statusListCredential();
    const exp = decodeJWT(list).payload.exp ?? 0;
    expect(exp - (decodeJWT(list).payload.nbf ?? 0)).toBe(3_600);
    const late = verifierServing(
      () => list,
      () => new Date((exp + 120) * 1000),
    );
    await expect(late.verifyCredential(credentialJwt)).rejects.toMatchObject({ code: "STATUS_UNAVAILABLE" });
  });

  it("the issuer re-issues a list once half its validity has passed", async () => {
    const first = await issuer.statusListCredential();
    expect(await issuer.statusListCredential()).toBe(first);
  });
});

describe("standard verifiers read the credential and its status (VC Data Model 2.0)", () => {
  const contexts = new Map<string, unknown>([
    [VC_V2_CONTEXT, vcContexts.contexts.get(VC_V2_CONTEXT)],
    [MEMBERSHIP_CONTEXT, membershipContext],
  ]);
  const documentLoader = async (url: string) => {
    const document = contexts.get(url);
    if (!document) throw new Error(`no context ${url} (nothing is fetched)`);
    return { contextUrl: null, documentUrl: url, document };
  };
  /** JSON-LD expansion in safe mode: any term the contexts do not define is an error, not silently dropped. */
  const expandSafe = async (document: unknown): Promise<Record<string, unknown>[]> =>
    (await jsonld.expand(
      document as Parameters<typeof jsonld.expand>[0],
      {
        documentLoader: documentLoader as never,
        safe: true,
      } as never,
    )) as unknown as Record<string, unknown>[];
  const asJsonLd = (jwt: string) => readCredentialJwt(jwt).credential;
  const STATUS = "https://www.w3.org/ns/credentials/status#";

  it("the JWT is a VC-JOSE-COSE `vc+jwt` whose payload is the credential, with validFrom and validUntil", () => {
    const { header } = decodeJWT(credentialJwt) as unknown as { header: Record<string, unknown> };
    expect(header.typ).toBe("vc+jwt");
    const credential = asJsonLd(credentialJwt);
    expect(credential["@context"]).toEqual([VC_V2_CONTEXT, MEMBERSHIP_CONTEXT]);
    expect(credential).toHaveProperty("validFrom");
    expect(credential).toHaveProperty("validUntil");
    expect(credential).not.toHaveProperty("issuanceDate");
  });

  it("a membership credential expands in safe mode (every term defined) with every credentialStatus term", async () => {
    const [expanded] = await expandSafe(asJsonLd(credentialJwt));
    const status = JSON.stringify(expanded?.["https://www.w3.org/2018/credentials#credentialStatus"]);
    for (const term of ["statusPurpose", "statusListIndex", "statusListCredential"]) expect(status).toContain(`${STATUS}${term}`);
    expect(status).toContain(`${STATUS}BitstringStatusListEntry`);
  });

  it("a status list credential expands in safe mode with encodedList and statusPurpose", async () => {
    const [expanded] = await expandSafe(asJsonLd(await issuer.statusListCredential()));
    const subject = JSON.stringify(expanded?.["https://www.w3.org/2018/credentials#credentialSubject"]);
    expect(subject).toContain(`${STATUS}encodedList`);
    expect(subject).toContain(`${STATUS}statusPurpose`);
  });

  it("the check itself works: a term no context defines is refused in safe mode", async () => {
    const credential = asJsonLd(credentialJwt);
    const tampered = { ...credential, credentialSubject: { ...(credential.credentialSubject as object), riskScore: "3" } };
    await expect(expandSafe(tampered)).rejects.toThrow();
  });

  it("Digital Bazaar's vc-bitstring-status-list (the W3C reference library) finds the status, reads it, and sees a revocation", async () => {
    const credential = asJsonLd(credentialJwt);
    expect(statusTypeMatches({ credential })).toBe(true);
    expect(getCredentialStatus({ credential, statusPurpose: "revocation" })).toMatchObject({ type: "BitstringStatusListEntry" });
    // The status list credential as the library loads it: the JWT's credential, its signature checked by our verifier first.
    const listLoader = (jwt: string) => async (url: string) =>
      url === LIST_URL ? { contextUrl: null, documentUrl: url, document: asJsonLd(jwt) } : documentLoader(url);
    const other = await MembershipIssuer.open(issuerAgent, {
      issuerDid: issuer.issuerDid,
      statusListUrl: LIST_URL,
      statusListValidity: 3_600,
    });
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const fresh = await other.issue({ ...(await wallet.requestMembership()), terms: policyTerms() });
    const before = await checkStatus({
      credential: asJsonLd(fresh.jwt),
      documentLoader: listLoader(await other.statusListCredential()),
      verifyBitstringStatusListCredential: false,
    });
    expect(before).toMatchObject({ verified: true, results: [{ status: false }] });
    const { statusListCredential } = await other.revoke(fresh.id);
    const after = await checkStatus({
      credential: asJsonLd(fresh.jwt),
      documentLoader: listLoader(statusListCredential),
      verifyBitstringStatusListCredential: false,
    });
    expect(after).toMatchObject({ verified: true, results: [{ status: true }] });
  });
});
