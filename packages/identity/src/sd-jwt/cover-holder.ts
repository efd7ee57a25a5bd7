import { base64urlEncode } from "@mutua/core";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Jwk, SignJwtCallback } from "@openid4vc/oauth2";
import { DcqlQuery } from "dcql";
import type { JWK } from "jose";
import { loadJose, loadOpenid4vci, loadOpenid4vp, loadSdJwtVc } from "../lazy-libraries.ts";
import { joseCallbacks } from "../oid4vci/jose-callbacks.ts";

/** A one-time SD-JWT VC with the private key it is bound to: shown once, to one verifier. */
export interface OneTimeCredential {
  credential: string;
  key: JWK;
  used?: boolean;
}

/** What a verifier asks before the holder agrees: who asks and which claims. */
export interface CoverRequestView {
  verifier: string;
  claims: string[];
}

/**
 * The OpenID4VC libraries accept HTTPS URLs only. A wallet allows plain HTTP for a service on this machine (a
 * devnet, a test) and nowhere else: an offer or request naming an http:// service elsewhere is refused.
 */
async function allowLoopbackHttp(url: string): Promise<void> {
  const { protocol, hostname } = new URL(url);
  if (protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(hostname))
    (await loadOpenid4vci()).setGlobalConfig({ allowInsecureUrls: true });
}

const hasher = (data: string | ArrayBuffer) => sha256(typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data));

function signWith(keys: readonly JWK[]): SignJwtCallback {
  return async (signer, { header, payload }) => {
    if (signer.method !== "jwk") throw new Error("this wallet signs with its own keys only");
    const key = keys.find((k) => k.x === (signer.publicJwk as JWK).x && k.y === (signer.publicJwk as JWK).y);
    if (!key) throw new Error("no such key in this wallet");
    const { importJWK, SignJWT } = await loadJose();
    const jwt = await new SignJWT(payload as Record<string, unknown>)
      .setProtectedHeader(header as { alg: string })
      .sign(await importJWK(key, "ES256"));
    return { jwt, signerJwk: signer.publicJwk };
  };
}

const publicOf = (key: JWK): Jwk => ({ kty: key.kty as string, crv: key.crv, x: key.x, y: key.y }) as Jwk;

/**
 * Takes a credential offer (`openid-credential-offer://…`) with its transaction code, as a standard wallet
 * does: metadata, token, nonce, one key proof per fresh key, and `count` one-time credentials back.
 */
export async function receiveCredentialOffer(offerUri: string, txCode: string | undefined, count: number): Promise<OneTimeCredential[]> {
  const keys: JWK[] = [];
  for (let i = 0; i < count; i++) {
    const { exportJWK, generateKeyPair } = await loadJose();
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    keys.push(await exportJWK(privateKey));
  }
  const { Openid4vciClient } = await loadOpenid4vci();
  const client = new Openid4vciClient({
    callbacks: { ...joseCallbacks, signJwt: signWith(keys), clientAuthentication: () => {} } as never,
  });
  const byValue = new URL(offerUri).searchParams.get("credential_offer");
  if (byValue) await allowLoopbackHttp((JSON.parse(byValue) as { credential_issuer?: string }).credential_issuer ?? "https://x");
  const offer = await client.resolveCredentialOffer(offerUri);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  const configurationId = offer.credential_configuration_ids[0] as string;
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer,
    issuerMetadata,
    ...(txCode ? { txCode } : {}),
  });
  const { c_nonce } = await client.requestNonce({ issuerMetadata });
  const proofs: string[] = [];
  for (const key of keys) {
    const signer = { method: "jwk" as const, alg: "ES256", publicJwk: publicOf(key) };
    proofs.push(
      (await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: configurationId, signer, nonce: c_nonce }))
        .jwt,
    );
  }
  const { credentialResponse } = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: configurationId,
    proofs: { jwt: proofs },
  });
  const credentials = (credentialResponse.credentials ?? []).map(
    (c) => (typeof c === "object" && "credential" in c ? c.credential : c) as string,
  );
  if (credentials.length !== keys.length) throw new Error(`the issuer answered ${credentials.length} credentials for ${keys.length} keys`);
  return credentials.map((credential, i) => ({ credential, key: keys[i] as JWK }));
}

async function resolveRequest(requestUri: string) {
  const { Openid4vpClient } = await loadOpenid4vp();
  const client = new Openid4vpClient({ callbacks: { ...joseCallbacks } as never });
  const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: requestUri });
  const responseUri = (parsed.params as { response_uri?: string }).response_uri;
  if (responseUri) await allowLoopbackHttp(responseUri);
  const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params as never });
  const query = DcqlQuery.parse(resolved.dcql?.query as DcqlQuery.Input);
  DcqlQuery.validate(query);
  return { client, resolved, query };
}

/** The claims a DCQL query names, by their top-level name (what the holder discloses). */
function askedClaims(query: DcqlQuery): string[] {
  const [first] = query.credentials;
  return [...new Set((first?.claims ?? []).map((c) => String((c as { path: unknown[] }).path[0])))];
}

/** Who asks and for what, read from an OpenID4VP request link, before anything is shown. */
export async function describeCoverRequest(requestUri: string): Promise<CoverRequestView> {
  const { resolved, query } = await resolveRequest(requestUri);
  const payload = resolved.authorizationRequestPayload as { response_uri?: string; client_id: string };
  const verifier = payload.response_uri ? new URL(payload.response_uri).host : payload.client_id;
  return { verifier, claims: askedClaims(query) };
}

/**
 * Answers an OpenID4VP request with `held`: the claims the query names and nothing else, a key-binding JWT for
 * this verifier and request, posted to its response URI. Throws if the credential cannot answer the query.
 */
export async function answerCoverRequest(requestUri: string, held: OneTimeCredential): Promise<{ accepted: boolean; reason?: string }> {
  const { client, resolved, query } = await resolveRequest(requestUri);
  const request = resolved.authorizationRequestPayload as { client_id: string; nonce: string; response_uri: string };
  const { SDJwtVcInstance } = await loadSdJwtVc();
  const sdJwt = new SDJwtVcInstance({
    hasher,
    kbSigner: async (data) => {
      const key = await (await loadJose()).importJWK(held.key, "ES256");
      const signature = await crypto.subtle.sign(
        { name: "ECDSA", hash: "SHA-256" },
        key as Parameters<typeof crypto.subtle.sign>[1],
        new TextEncoder().encode(data),
      );
      return base64urlEncode(new Uint8Array(signature));
    },
    kbSignAlg: "ES256",
  });
  const claims = (await sdJwt.getClaims(held.credential)) as Record<string, unknown> & { vct: string };
  const match = DcqlQuery.query(query, [
    { credential_format: "dc+sd-jwt", vct: claims.vct, claims: claims as never, cryptographic_holder_binding: true },
  ]);
  if (!match.can_be_satisfied) throw new Error("your membership does not answer what this verifier asks");
  const disclose = Object.fromEntries(askedClaims(query).map((name) => [name, true]));
  const presentation = await sdJwt.present(held.credential, disclose, {
    kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: request.client_id, nonce: request.nonce } },
  });
  const id = query.credentials[0]?.id as string;
  const { authorizationResponsePayload } = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: resolved.authorizationRequestPayload,
    authorizationResponsePayload: { vp_token: { [id]: [presentation] } },
  });
  const { response } = await client.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: { response_uri: request.response_uri },
    authorizationResponsePayload,
  });
  if (response.ok) return { accepted: true };
  const body = (await response.json().catch(() => ({}))) as { error_description?: string };
  return { accepted: false, reason: body.error_description ?? `the verifier answered ${response.status}` };
}
