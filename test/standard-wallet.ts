// A wallet made only of independent libraries (Animo's OpenID4VC clients, the OpenWallet Foundation's SD-JWT
// libraries, jose for keys): the other side of every Mutua OpenID4VC test. Nothing here imports Mutua.

import { createHash, randomBytes } from "node:crypto";
import { clientAuthenticationNone, type Jwk, type SignJwtCallback } from "@openid4vc/oauth2";
import { Openid4vciClient, setGlobalConfig } from "@openid4vc/openid4vci";
import { Openid4vpClient } from "@openid4vc/openid4vp";
import { SDJwtInstance } from "@sd-jwt/core";
import { digest, ES256, generateSalt } from "@sd-jwt/crypto-nodejs";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { DcqlQuery } from "dcql";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

// The devnet serves HTTP on loopback; a real wallet would insist on HTTPS.
setGlobalConfig({ allowInsecureUrls: true });

export interface HolderKey {
  publicJwk: JWK;
  privateJwk: JWK;
}

export async function holderKey(): Promise<HolderKey> {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

export const walletCallbacks = (keys: readonly HolderKey[]) => {
  const signJwt: SignJwtCallback = async (signer, { header, payload }) => {
    if (signer.method !== "jwk") throw new Error("this wallet signs with JWK keys only");
    const thumbprint = await calculateJwkThumbprint(signer.publicJwk as JWK);
    let key: HolderKey | undefined;
    for (const k of keys) if ((await calculateJwkThumbprint(k.publicJwk)) === thumbprint) key = k;
    if (!key) throw new Error("no such key in this wallet");
    const jwt = await new SignJWT(payload as Record<string, unknown>)
      .setProtectedHeader(header as { alg: string })
      .sign(await importJWK(key.privateJwk, "ES256"));
    return { jwt, signerJwk: signer.publicJwk };
  };
  return {
    hash: (data: Uint8Array, alg: string) => createHash(alg.replace("-", "").toLowerCase()).update(data).digest(),
    generateRandom: (bytes: number) => randomBytes(bytes),
    signJwt,
    clientAuthentication: clientAuthenticationNone({ clientId: "standard-wallet" }),
  };
};

/** Receives credentials from an offer link: offer → metadata → token (with the transaction code) → nonce → proofs → credentials. */
export async function receiveOffer(offerUri: string, txCode: string, keys: readonly HolderKey[]) {
  const client = new Openid4vciClient({ callbacks: walletCallbacks(keys) });
  const offer = await client.resolveCredentialOffer(offerUri);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  const [configurationId] = offer.credential_configuration_ids;
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer,
    issuerMetadata,
    txCode,
  });
  const { c_nonce } = await client.requestNonce({ issuerMetadata });
  const proofs = [];
  for (const key of keys) {
    const { jwt } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId: configurationId as string,
      signer: { method: "jwk", alg: "ES256", publicJwk: key.publicJwk as Jwk },
      nonce: c_nonce,
    });
    proofs.push(jwt);
  }
  const { credentialResponse } = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: configurationId as string,
    proofs: { jwt: proofs },
  });
  const credentials = (credentialResponse.credentials ?? []).map(
    (c) => (typeof c === "object" && "credential" in c ? c.credential : c) as string,
  );
  return { credentials, issuerMetadata, offer };
}

/** The issuer's signing keys, fetched as any verifier would: JWT VC issuer metadata under /.well-known/jwt-vc-issuer. */
export async function issuerKeys(issuer: string): Promise<JWK[]> {
  const url = new URL(issuer);
  const response = await fetch(`${url.origin}/.well-known/jwt-vc-issuer${url.pathname}`);
  const metadata = (await response.json()) as { issuer: string; jwks: { keys: JWK[] } };
  if (metadata.issuer !== issuer) throw new Error("the metadata names another issuer");
  return metadata.jwks.keys;
}

/** An SD-JWT VC instance that verifies with the issuer's published keys and checks the status list over HTTP. */
export async function sdJwtVerifier(
  issuer: string,
  extra: { kbVerifier?: (data: string, sig: string, payload: Record<string, unknown>) => Promise<boolean> } = {},
) {
  const keys = await issuerKeys(issuer);
  const verifiers = await Promise.all(keys.map((k) => ES256.getVerifier(k)));
  return new SDJwtVcInstance({
    hasher: digest,
    verifier: async (data, signature) => {
      for (const verify of verifiers) if (await verify(data, signature)) return true;
      return false;
    },
    ...(extra.kbVerifier ? { kbVerifier: extra.kbVerifier } : {}),
  });
}

/** The OWF core SD-JWT verification alone (issuer signature, disclosures, key binding by the cnf key): no status, no vct. */
export async function bareSdJwtVerifier(issuer: string) {
  const keys = await issuerKeys(issuer);
  const verifiers = await Promise.all(keys.map((k) => ES256.getVerifier(k)));
  const kbVerifiers = new Map<string, Awaited<ReturnType<typeof ES256.getVerifier>>>();
  return new SDJwtInstance({
    hasher: digest,
    verifier: async (data, signature) => {
      for (const verify of verifiers) if (await verify(data, signature)) return true;
      return false;
    },
    kbVerifier: async (data, signature, payload) => {
      const jwk = (payload as { cnf: { jwk: JWK } }).cnf.jwk;
      const id = JSON.stringify(jwk);
      const verify = kbVerifiers.get(id) ?? (await ES256.getVerifier(jwk));
      kbVerifiers.set(id, verify);
      return verify(data, signature);
    },
  });
}

/** The holder's side of a presentation: chosen disclosures and a key-binding JWT for this verifier and nonce. */
export async function presentSdJwt(
  credential: string,
  key: HolderKey,
  disclose: Record<string, boolean>,
  kb: { aud: string; nonce: string },
) {
  const holder = new SDJwtVcInstance({
    hasher: digest,
    saltGenerator: generateSalt,
    kbSigner: await ES256.getSigner(key.privateJwk),
    kbSignAlg: "ES256",
  });
  return holder.present(credential, disclose, { kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: kb.aud, nonce: kb.nonce } } });
}

/**
 * Answers an OpenID4VP request link as a standard wallet would: parse and resolve the request, match the
 * DCQL query against the credential it holds, disclose the claims the query names (and nothing else), bind
 * the presentation to the verifier (aud = client_id) and the request (nonce), post it to response_uri.
 */
export async function answerPresentationRequest(
  requestUri: string,
  credential: string,
  key: HolderKey,
  tamper?: (presentation: string) => string,
) {
  const client = new Openid4vpClient({ callbacks: { ...walletCallbacks([key]), fetch } as never });
  const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: requestUri });
  const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params as never });
  const request = resolved.authorizationRequestPayload as { client_id: string; nonce: string; response_uri: string };
  const query = DcqlQuery.parse(resolved.dcql?.query as DcqlQuery.Input);
  DcqlQuery.validate(query);
  const holder = new SDJwtVcInstance({ hasher: digest });
  const claims = (await holder.getClaims(credential)) as Record<string, unknown> & { vct: string };
  const match = DcqlQuery.query(query, [
    { credential_format: "dc+sd-jwt", vct: claims.vct, claims: claims as never, cryptographic_holder_binding: true },
  ]);
  if (!match.can_be_satisfied) throw new Error("this wallet holds nothing that answers the request");
  const [credentialQuery] = query.credentials;
  const disclose = Object.fromEntries((credentialQuery?.claims ?? []).map((c) => [String((c as { path: unknown[] }).path[0]), true]));
  let presentation = await presentSdJwt(credential, key, disclose, { aud: request.client_id, nonce: request.nonce });
  if (tamper) presentation = tamper(presentation);
  const { authorizationResponsePayload } = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: resolved.authorizationRequestPayload,
    authorizationResponsePayload: { vp_token: { [credentialQuery?.id as string]: [presentation] } },
  });
  const { response } = await client.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: { response_uri: request.response_uri },
    authorizationResponsePayload,
  });
  return { response, presentation, disclosed: Object.keys(disclose) };
}
