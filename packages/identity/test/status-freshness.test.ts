// Revocation a cache cannot undo: status lists expire, a list older than one already seen is refused, and the
// credential's JSON-LD context defines every status term it uses (a standard verifier would skip them otherwise).
import credentialsContext from "credentials-context";
import { decodeJWT } from "did-jwt";
import jsonld from "jsonld";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdentityAgent } from "../src/index.ts";
import { createIdentityAgent, MembershipIssuer, MembershipVerifier, MemberWallet } from "../src/index.ts";
import { MEMBERSHIP_CONTEXT, membershipContext } from "../src/membership-credential.ts";
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

describe("the JSON-LD context defines the status terms", () => {
  const contexts = new Map<string, unknown>([
    [credentialsContext.CONTEXT_URL, credentialsContext.contexts.get(credentialsContext.CONTEXT_URL)],
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
  const asJsonLd = (jwt: string) => {
    const { payload } = decodeJWT(jwt) as unknown as { payload: { vc: Record<string, unknown>; jti?: string; sub?: string } };
    return { ...payload.vc, id: payload.jti, credentialSubject: { ...(payload.vc.credentialSubject as object), id: payload.sub } };
  };
  const STATUS = "https://www.w3.org/ns/credentials/status#";

  it("a membership credential expands in safe mode (every term defined) with every credentialStatus term", async () => {
    const [expanded] = await expandSafe(asJsonLd(credentialJwt));
    const status = JSON.stringify(expanded?.["https://www.w3.org/2018/credentials#credentialStatus"]);
    for (const term of ["statusPurpose", "statusListIndex", "statusListCredential"]) expect(status).toContain(`${STATUS}${term}`);
    expect(status).toContain(`${STATUS}BitstringStatusListEntry`);
  });

  it("a status list credential expands in safe mode with encodedList and statusPurpose", async () => {
    const list = asJsonLd(await issuer.statusListCredential());
    const [expanded] = await expandSafe(list);
    const subject = JSON.stringify(expanded?.["https://www.w3.org/2018/credentials#credentialSubject"]);
    expect(subject).toContain(`${STATUS}encodedList`);
    expect(subject).toContain(`${STATUS}statusPurpose`);
  });

  it("the check itself works: without the terms, safe mode refuses the credential", async () => {
    const bare = { ...membershipContext, "@context": { ...(membershipContext as { "@context": object })["@context"] } } as {
      "@context": Record<string, unknown>;
    };
    delete bare["@context"].BitstringStatusListEntry;
    const saved = contexts.get(MEMBERSHIP_CONTEXT);
    contexts.set(MEMBERSHIP_CONTEXT, bare);
    try {
      await expect(expandSafe(asJsonLd(credentialJwt))).rejects.toThrow();
    } finally {
      contexts.set(MEMBERSHIP_CONTEXT, saved);
    }
  });
});
