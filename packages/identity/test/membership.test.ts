// Issue, hold, present, verify and revoke MembershipCredentials through real Veramo agents, and every
// rejection a verifier must make. The status list is served over HTTP on loopback, as a mutual would host it.
import { identityCommitment, memberLeaf } from "@mutua/core";
import { decodeJWT } from "did-jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdentityAgent } from "../src/index.ts";
import { createIdentityAgent, MembershipIssuer, MembershipVerifier, MemberWallet } from "../src/index.ts";
import { policyTerms, startHttpServer } from "./support.ts";

let server: Awaited<ReturnType<typeof startHttpServer>>;
let issuerAgent: IdentityAgent;
let issuer: MembershipIssuer;
let wallet: MemberWallet;
let verifierAgent: IdentityAgent;
let verifier: MembershipVerifier;
let credentialId: string;
let credentialJwt: string;

const audience = { challenge: "6f1c0b8e-session-1", domain: "claims.mutua.example" };

beforeAll(async () => {
  server = await startHttpServer();
  issuerAgent = (await createIdentityAgent()).agent;
  const { did: issuerDid } = await issuerAgent.didManagerCreate({ provider: "did:key", options: { keyType: "Ed25519" } });
  issuer = await MembershipIssuer.open(issuerAgent, { issuerDid, statusListUrl: `${server.origin}/status/1` });
  server.route("/status/1", async () => ({ type: "application/vc+jwt", body: await issuer.statusListCredential() }));

  wallet = await MemberWallet.open(await createIdentityAgent());
  const request = await wallet.requestMembership();
  const issued = await issuer.issue({ ...request, terms: policyTerms(), mutual: { name: "Harbor Fishers Mutual", chainId: 31337n } });
  ({ id: credentialId, jwt: credentialJwt } = issued);
  await wallet.accept(issued.jwt);

  verifierAgent = (await createIdentityAgent()).agent;
  verifier = new MembershipVerifier(verifierAgent, { trustedIssuers: [issuerDid] });
});
afterAll(async () => {
  await server.close();
});

describe("issue, hold and verify", () => {
  it("a verifier accepts the credential and reads the policy and the commitment the circuit uses", async () => {
    const verified = await verifier.verifyCredential(credentialJwt);
    const [held] = wallet.memberships();
    expect(held?.credentialId).toBe(credentialId);
    expect(verified.membership.memberDid).toBe(await wallet.did());
    expect(verified.membership.terms).toEqual(held?.membership.terms);
    expect(verified.membership.identityCommitment).toBe(identityCommitment(held?.identitySecret as bigint));
    expect(verified.membership.mutual).toEqual({ name: "Harbor Fishers Mutual", chainId: 31337n });
    expect(verified.issuer).toBe(issuer.issuerDid);
  });

  it("the credential carries the commitment, never the secret", async () => {
    const secret = wallet.memberships()[0]?.identitySecret ?? 0n;
    expect(secret).not.toBe(0n);
    const payload = JSON.stringify(decodeJWT(credentialJwt).payload);
    expect(payload).not.toContain(secret.toString());
    expect(payload).toContain(identityCommitment(secret).toString());
  });

  it("a presentation verifies for its challenge and domain", async () => {
    const vp = await wallet.present(credentialId, audience);
    const verified = await verifier.verifyPresentation(vp, audience);
    expect(verified.holder).toBe(await wallet.did());
    expect(verified.credentials[0]?.id).toBe(credentialId);
  });

  it("a wallet refuses a credential whose commitment matches none of its secrets", async () => {
    const other = await MemberWallet.open(await createIdentityAgent());
    const issued = await issuer.issue({ memberDid: await other.did(), identityCommitment: 12345n, terms: policyTerms() });
    await expect(other.accept(issued.jwt)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("credentials issued before VC Data Model 2.0", () => {
  it("a VC-JWT 1.1 membership issued earlier still verifies, is presented and is held", async () => {
    const legacyWallet = await MemberWallet.open(await createIdentityAgent());
    const request = await legacyWallet.requestMembership();
    const terms = policyTerms();
    // Exactly what the issuer signed before the move (Veramo's JWT proof format: a `vc` claim, 1.1 contexts).
    const legacy = await issuerAgent.createVerifiableCredential({
      credential: {
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://mutua.dev/contexts/membership/v1"],
        id: "urn:uuid:7d3c2b1a-0000-4000-8000-000000000001",
        type: ["VerifiableCredential", "MembershipCredential"],
        issuer: { id: issuer.issuerDid },
        issuanceDate: new Date(Number(terms.policyStart) * 1000).toISOString().replace(".000Z", "Z"),
        expirationDate: new Date(Number(terms.policyExpiry) * 1000).toISOString().replace(".000Z", "Z"),
        credentialSubject: {
          id: request.memberDid,
          policyId: terms.policyId.toString(),
          coverageLimit: terms.coverageLimit.toString(),
          policyStart: new Date(Number(terms.policyStart) * 1000).toISOString().replace(".000Z", "Z"),
          policyExpiry: new Date(Number(terms.policyExpiry) * 1000).toISOString().replace(".000Z", "Z"),
          identityCommitment: request.identityCommitment.toString(),
        },
        credentialStatus: {
          id: `${server.origin}/status/1#17`,
          type: "BitstringStatusListEntry",
          statusPurpose: "revocation",
          statusListIndex: "17",
          statusListCredential: `${server.origin}/status/1`,
        },
        credentialSchema: { id: "https://mutua.dev/schemas/membership-credential/v1.json", type: "JsonSchema" },
      },
      proofFormat: "jwt",
    });
    const jwt = legacy.proof.jwt as string;
    expect(decodeJWT(jwt).payload).toHaveProperty("vc");
    const verified = await verifier.verifyCredential(jwt);
    expect(verified.membership.identityCommitment).toBe(request.identityCommitment);
    const held = await legacyWallet.accept(jwt);
    expect(held.credentialId).toBe("urn:uuid:7d3c2b1a-0000-4000-8000-000000000001");
    const vp = await legacyWallet.present(held.credentialId, audience);
    await expect(verifier.verifyPresentation(vp, audience)).resolves.toMatchObject({ holder: request.memberDid });
  });
});

describe("rejections", () => {
  it("malformed JWTs", async () => {
    await expect(verifier.verifyCredential("not.a.jwt")).rejects.toMatchObject({ code: "MALFORMED_JWT" });
    await expect(verifier.verifyCredential("x")).rejects.toMatchObject({ code: "MALFORMED_JWT" });
    // A valid presentation JWT is not a credential.
    const vp = await wallet.present(credentialId, audience);
    await expect(verifier.verifyCredential(vp)).rejects.toMatchObject({ code: "MALFORMED_JWT" });
  });

  it("a raised coverage limit breaks the issuer's signature", async () => {
    const [header, payload, signature] = credentialJwt.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    claims.credentialSubject.coverageLimit = "999999999999";
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
    await expect(verifier.verifyCredential(forged)).rejects.toMatchObject({ code: "BAD_SIGNATURE" });
  });

  it("an issuer the verifier does not trust, even with a perfect credential", async () => {
    const rogueAgent = (await createIdentityAgent()).agent;
    const { did } = await rogueAgent.didManagerCreate();
    const rogue = await MembershipIssuer.open(rogueAgent, { issuerDid: did, statusListUrl: `${server.origin}/status/rogue` });
    const issued = await rogue.issue({ memberDid: await wallet.did(), identityCommitment: 1n, terms: policyTerms() });
    await expect(verifier.verifyCredential(issued.jwt)).rejects.toMatchObject({ code: "UNTRUSTED_ISSUER", details: { issuer: did } });
  });

  it("an expired credential, and one not yet valid", async () => {
    const later = new MembershipVerifier(verifierAgent, {
      trustedIssuers: [issuer.issuerDid],
      now: () => new Date(Date.now() + 400 * 86_400_000),
    });
    await expect(later.verifyCredential(credentialJwt)).rejects.toMatchObject({ code: "EXPIRED" });

    const future = await issuer.issue({
      memberDid: await wallet.did(),
      identityCommitment: 1n,
      terms: policyTerms(),
      validFrom: new Date(Date.now() + 7 * 86_400_000),
    });
    await expect(verifier.verifyCredential(future.jwt)).rejects.toMatchObject({ code: "NOT_YET_VALID" });
  });

  it("a credential that does not match the published schema", async () => {
    const vc = await issuerAgent.createVerifiableCredential({
      credential: {
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://mutua.dev/contexts/membership/v1"],
        type: ["VerifiableCredential", "MembershipCredential"],
        issuer: { id: issuer.issuerDid },
        issuanceDate: new Date().toISOString(),
        expirationDate: new Date(Date.now() + 86_400_000).toISOString(),
        credentialSubject: { id: await wallet.did(), policyId: "7", coverageLimit: "-5" },
      },
      proofFormat: "jwt",
    });
    const error = await verifier.verifyCredential(vc.proof.jwt as string).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SCHEMA_MISMATCH" });
    expect(String((error as Error).message)).toContain("identityCommitment");
  });

  it("a presentation for another challenge or another domain", async () => {
    const vp = await wallet.present(credentialId, audience);
    await expect(verifier.verifyPresentation(vp, { ...audience, challenge: "session-2" })).rejects.toMatchObject({
      code: "WRONG_CHALLENGE",
    });
    await expect(verifier.verifyPresentation(vp, { ...audience, domain: "evil.example" })).rejects.toMatchObject({ code: "WRONG_DOMAIN" });
  });

  it("someone presenting a captured credential that is not theirs", async () => {
    const thiefAgent = (await createIdentityAgent()).agent;
    const thief = await thiefAgent.didManagerCreate();
    const vp = await thiefAgent.createVerifiablePresentation({
      presentation: { holder: thief.did, verifiableCredential: [credentialJwt] },
      proofFormat: "jwt",
      ...audience,
    });
    await expect(verifier.verifyPresentation(vp.proof.jwt as string, audience)).rejects.toMatchObject({ code: "HOLDER_MISMATCH" });
  });

  it("a status list that cannot be fetched, or is signed by someone else", async () => {
    const unreachable = new MembershipVerifier(verifierAgent, {
      trustedIssuers: [issuer.issuerDid],
      fetchStatusList: async () => {
        throw new Error("connection refused");
      },
    });
    await expect(unreachable.verifyCredential(credentialJwt)).rejects.toMatchObject({ code: "STATUS_UNAVAILABLE" });

    // An attacker serves an "all valid" list signed with their own key.
    const attackerAgent = (await createIdentityAgent()).agent;
    const { did } = await attackerAgent.didManagerCreate();
    const fake = await MembershipIssuer.open(attackerAgent, { issuerDid: did, statusListUrl: `${server.origin}/status/1` });
    const spoofed = new MembershipVerifier(verifierAgent, {
      trustedIssuers: [issuer.issuerDid],
      fetchStatusList: () => fake.statusListCredential(),
    });
    await expect(spoofed.verifyCredential(credentialJwt)).rejects.toMatchObject({ code: "STATUS_UNAVAILABLE" });
  });
});

describe("revocation", () => {
  it("the issuer revokes; verifiers see it; the revocation names the leaf to remove from the member tree", async () => {
    const wallet2 = await MemberWallet.open(await createIdentityAgent());
    const request = await wallet2.requestMembership();
    const terms = policyTerms();
    const issued = await issuer.issue({ ...request, terms });
    const held = await wallet2.accept(issued.jwt);
    await expect(verifier.verifyCredential(issued.jwt)).resolves.toBeDefined();

    const revocation = await issuer.revoke(issued.id);
    expect(revocation.memberLeaf).toBe(memberLeaf(identityCommitment(held.identitySecret), terms));
    expect(revocation.statusListIndex).toBe(issued.statusListIndex);
    await expect(verifier.verifyCredential(issued.jwt)).rejects.toMatchObject({ code: "REVOKED" });
    const vp = await wallet2.present(issued.id, audience);
    await expect(verifier.verifyPresentation(vp, audience)).rejects.toMatchObject({ code: "REVOKED" });
    // Other members are unaffected.
    await expect(verifier.verifyCredential(credentialJwt)).resolves.toBeDefined();
  });
});

describe("one identity secret per member per mutual", () => {
  const mutual = { chainId: 31337n, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };

  it("the wallet reuses its secret for a second policy and a renewal in the same mutual; another mutual gets another", async () => {
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const first = await wallet.requestMembership(mutual);
    const second = await wallet.requestMembership(mutual);
    expect(second.identityCommitment).toBe(first.identityCommitment);
    const elsewhere = await wallet.requestMembership({ ...mutual, contract: "0x0000000000000000000000000000000000000001" });
    expect(elsewhere.identityCommitment).not.toBe(first.identityCommitment);

    const policyA = await wallet.accept((await issuer.issue({ ...first, terms: policyTerms(), mutual })).jwt);
    const policyB = await wallet.accept((await issuer.issue({ ...second, terms: { ...policyTerms(), policyId: 2n }, mutual })).jwt);
    expect(policyB.identitySecret).toBe(policyA.identitySecret);
  });

  it("the issuer refuses a member who comes back with a fresh secret (two nullifiers per incident), or another member's", async () => {
    const honest = await MemberWallet.open(await createIdentityAgent());
    const request = await honest.requestMembership(mutual);
    await issuer.issue({ ...request, terms: policyTerms(), mutual });
    // The same DID with a commitment of a secret generated elsewhere (a second wallet restored from the same keys).
    const forged = { memberDid: request.memberDid, identityCommitment: request.identityCommitment + 1n };
    await expect(issuer.issue({ ...forged, terms: policyTerms(), mutual })).rejects.toMatchObject({ code: "COMMITMENT_MISMATCH" });
    // Another DID presenting this member's commitment.
    const other = await MemberWallet.open(await createIdentityAgent());
    await expect(
      issuer.issue({ memberDid: await other.did(), identityCommitment: request.identityCommitment, terms: policyTerms(), mutual }),
    ).rejects.toMatchObject({ code: "COMMITMENT_MISMATCH" });
  });

  it("a credential for a commitment the wallet did not send for that mutual is not accepted", async () => {
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const request = await wallet.requestMembership(mutual);
    const otherMutual = { ...mutual, contract: "0x0000000000000000000000000000000000000002" };
    const issued = await issuer.issue({ ...request, terms: policyTerms(), mutual: otherMutual });
    await expect(wallet.accept(issued.jwt)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});
