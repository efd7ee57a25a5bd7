import type { JWTPayload } from "did-jwt";
import type { IdentityAgent } from "./agent.ts";
import { decodeJwtParts } from "./jwt-parts.ts";
import { loadDidJwt } from "./lazy-libraries.ts";

export const VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1";
export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";

/** JWT claims that frame a VC-JWT; in a VC Data Model 2.0 JWT everything else is the credential itself. */
const JWT_CLAIMS = ["iss", "sub", "nbf", "exp", "iat", "jti", "aud", "nonce"] as const;

/** A credential read from its JWT, whichever data model it was issued in. */
export interface CredentialInJwt {
  credential: Record<string, unknown> & { credentialSubject?: Record<string, unknown> };
  payload: JWTPayload & Record<string, unknown>;
  /** 2: VC Data Model 2.0 secured as a JWT (`vc+jwt`, the payload is the credential); 1: VC-JWT 1.1 (a `vc` claim). */
  version: 1 | 2;
}

/**
 * Signs a VC Data Model 2.0 credential as a JWT (VC-JOSE-COSE: `typ: vc+jwt`, the payload is the credential),
 * with the issuer DID's key in the agent. The JWT claims repeat the credential's issuer, subject, id and validity
 * so that JWT tooling (did-jwt's verifyJWT, any JOSE library) checks them without reading the credential.
 */
export async function signCredentialJwt(agent: IdentityAgent, issuerDid: string, credential: Record<string, unknown>): Promise<string> {
  const identifier = await agent.didManagerGet({ did: issuerDid });
  const key = identifier.keys.find((k) => ["Ed25519", "Secp256k1", "Secp256r1"].includes(k.type));
  if (!key) throw new TypeError(`${issuerDid} has no signing key this issuer can use`);
  const alg = key.type === "Ed25519" ? "EdDSA" : key.type === "Secp256r1" ? "ES256" : "ES256K";
  const subject = credential.credentialSubject as { id?: string } | undefined;
  const seconds = (iso: unknown) => (typeof iso === "string" ? Math.floor(Date.parse(iso) / 1000) : undefined);
  const payload = {
    ...credential,
    ...(subject?.id ? { sub: subject.id } : {}),
    ...(typeof credential.id === "string" ? { jti: credential.id } : {}),
    nbf: seconds(credential.validFrom),
    exp: seconds(credential.validUntil),
  };
  const { createJWT } = await loadDidJwt();
  return createJWT(
    payload,
    { issuer: issuerDid, alg, signer: async (data) => agent.keyManagerSign({ keyRef: key.kid, data: data as string, algorithm: alg }) },
    // did-jwt types the header as plain JWT; VC-JOSE-COSE names the media type.
    { typ: "vc+jwt", cty: "vc", alg } as unknown as { typ: "JWT" },
  );
}

/**
 * The credential in a VC-JWT of either data model (throws on anything that is neither). `decoded`: its payload when
 * the caller decoded it already (a 2.0 credential is then read without decoding again).
 */
export function readCredentialJwt(jwt: string, decoded?: JWTPayload & Record<string, unknown>): CredentialInJwt {
  const payload = decoded ?? (decodeJwtParts(jwt).payload as JWTPayload & Record<string, unknown>);
  const context = payload["@context"];
  if (Array.isArray(context) && context[0] === VC_V2_CONTEXT) {
    const credential = Object.fromEntries(Object.entries(payload).filter(([key]) => !(JWT_CLAIMS as readonly string[]).includes(key)));
    return { credential, payload, version: 2 };
  }
  if (typeof payload.vc === "object" && payload.vc !== null) {
    return { credential: credentialFromV1Payload(payload), payload, version: 1 };
  }
  throw new TypeError("neither a VC Data Model 2.0 JWT nor a VC-JWT 1.1 (no @context, no vc claim)");
}

/**
 * The credential of a VC-JWT 1.1 (VC Data Model 1.1 §6.3.1, JWT decoding): the `vc` claim, with the registered JWT
 * claims mapped back to the properties they replaced (iss → issuer, sub → credentialSubject.id, jti → id,
 * nbf → issuanceDate, exp → expirationDate). Read, not verified: the signature is checked separately.
 */
function credentialFromV1Payload(payload: JWTPayload & Record<string, unknown>): CredentialInJwt["credential"] {
  const vc = payload.vc as Record<string, unknown>;
  const credential: CredentialInJwt["credential"] = { ...vc };
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString();
  if (typeof payload.iss === "string") credential.issuer = isObject(vc.issuer) ? { ...vc.issuer, id: payload.iss } : { id: payload.iss };
  if (typeof payload.sub === "string")
    credential.credentialSubject = { ...(isObject(vc.credentialSubject) ? vc.credentialSubject : {}), id: payload.sub };
  if (typeof payload.jti === "string" && credential.id === undefined) credential.id = payload.jti;
  if (typeof payload.nbf === "number" && credential.issuanceDate === undefined) credential.issuanceDate = isoDate(payload.nbf);
  if (typeof payload.exp === "number" && credential.expirationDate === undefined) credential.expirationDate = isoDate(payload.exp);
  return credential;
}
