import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { loadOnce } from "@mutua/core";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { CredentialIssuerMetadata, IssuerMetadataResult, Openid4vciIssuer } from "@openid4vc/openid4vci";
import type { JWK } from "jose";
import { ExpiringMap } from "../expiring-map.ts";
import { decodeJwtParts } from "../jwt-parts.ts";
import { loadJose, loadOpenid4vci } from "../lazy-libraries.ts";
import { randomToken } from "../random-token.ts";
import { COVER_CLAIM_NAMES, MEMBERSHIP_VCT } from "../sd-jwt/membership-claims.ts";
import { MAX_BATCH_SIZE, type MembershipSdJwtIssuer } from "../sd-jwt/membership-sd-jwt-issuer.ts";
import { uniformBelow } from "../status-list.ts";
import { ACCESS_TOKEN_SECONDS, MAX_TX_CODE_ATTEMPTS, NONCE_SECONDS, OFFER_LIFETIME_SECONDS } from "./credential-offers.ts";
import { joseCallbacks } from "./jose-callbacks.ts";

/** OAuth 2.0's pre-authorized code grant type, as OpenID4VCI names it. */
export const PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
/** The id of the membership credential's configuration in the issuer's metadata. */
export const MEMBERSHIP_SD_JWT_CONFIGURATION = "MutuaMembership_dc+sd-jwt";
/** The JWT type of Mutua's pre-authorized codes (opaque to wallets). */
const PRE_AUTHORIZED_CODE_TYPE = "mutua-pre-auth+jwt";

/** An HTTP answer: status, JSON body, extra headers. Errors are OAuth's `{ error, error_description }`. */
export interface OAuthReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A credential offer for one membership: the link (or QR code) for the wallet, and the code for the member. */
export interface CredentialOffer {
  /** `openid-credential-offer://?credential_offer=…`: what a wallet scans or opens. */
  uri: string;
  offer: Record<string, unknown>;
  /** Six digits the member types into the wallet; send them by another channel than the link. */
  txCode: string;
  expiresAt: number;
}

/**
 * OpenID for Verifiable Credential Issuance 1.0 for Mutua memberships: the pre-authorized code flow with a
 * transaction code, a nonce endpoint, and a credential endpoint that takes a batch of JWT key proofs and answers
 * one SD-JWT VC per key. The credential issuer is its own authorization server. Each offer, code, token and
 * nonce is single-use and short-lived; a transaction code guessed wrong five times burns its offer.
 */
export class CredentialIssuerService {
  readonly issuer: string;
  readonly #sdJwt: MembershipSdJwtIssuer;
  /** The OpenID4VCI library's issuer, made on the first credential request (the library loads then). */
  readonly #library: () => Promise<Openid4vciIssuer> = loadOnce(async () => {
    const { Openid4vciIssuer, setGlobalConfig } = await loadOpenid4vci();
    // The library checks that audiences are HTTPS URLs. An issuer served over plain HTTP (a devnet, a test)
    // must accept its own URL in the proofs: that check is relaxed in this process only for such an issuer.
    if (this.issuer.startsWith("http://")) setGlobalConfig({ allowInsecureUrls: true });
    return new Openid4vciIssuer({ callbacks: { ...joseCallbacks, signJwt: notUsed, clientAuthentication: notUsed } });
  });
  readonly #attempts = new ExpiringMap<{ wrong: number; expiresAt: number }>();
  readonly #spent = new Map<string, { expiresAt: number }>();
  readonly #spentFile: string | undefined;
  readonly #tokens = new ExpiringMap<{ credentialId: string; expiresAt: number }>();
  readonly #nonces = new ExpiringMap<{ expiresAt: number }>();
  readonly #now: () => number;
  readonly #display: { name: string };
  #metadata: IssuerMetadataResult | undefined;

  /** `spentCodes`: a file to remember spent pre-authorized codes across restarts (JSON lines). */
  constructor(sdJwt: MembershipSdJwtIssuer, options: { mutualName?: string; now?: () => number; spentCodes?: string } = {}) {
    this.#sdJwt = sdJwt;
    this.#spentFile = options.spentCodes;
    if (options.spentCodes && existsSync(options.spentCodes)) {
      const now = Math.floor(Date.now() / 1000);
      for (const line of readFileSync(options.spentCodes, "utf8").split("\n")) {
        try {
          const { jti, exp } = JSON.parse(line) as { jti: string; exp: number };
          if (exp > now) this.#spent.set(jti, { expiresAt: exp });
        } catch {
          // a torn last line: that code was not handed a token
        }
      }
    }
    this.issuer = sdJwt.issuer;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.#display = { name: options.mutualName || "Mutua mutual" };
  }

  /** The credential issuer's metadata (/.well-known/openid-credential-issuer). */
  credentialIssuerMetadata(): CredentialIssuerMetadata {
    return {
      credential_issuer: this.issuer,
      credential_endpoint: `${this.issuer}/credential`,
      nonce_endpoint: `${this.issuer}/nonce`,
      batch_credential_issuance: { batch_size: MAX_BATCH_SIZE },
      display: [{ name: this.#display.name, locale: "en" }],
      credential_configurations_supported: {
        [MEMBERSHIP_SD_JWT_CONFIGURATION]: {
          format: "dc+sd-jwt",
          vct: MEMBERSHIP_VCT,
          scope: "MutuaMembership",
          cryptographic_binding_methods_supported: ["jwk"],
          credential_signing_alg_values_supported: ["ES256"],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ["ES256"] } },
          credential_metadata: {
            display: [{ name: "Mutual membership", locale: "en", description: `Cover by ${this.#display.name}` }],
            claims: COVER_CLAIM_NAMES.map((name) => ({ path: [name] })),
          },
        },
      },
    } as CredentialIssuerMetadata;
  }

  /** The authorization server's metadata (/.well-known/oauth-authorization-server): the issuer is its own. */
  authorizationServerMetadata(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      token_endpoint: `${this.issuer}/token`,
      grant_types_supported: [PRE_AUTHORIZED_GRANT],
      "pre-authorized_grant_anonymous_access_supported": true,
      response_types_supported: [],
    };
  }

  /**
   * An offer of the membership issued as `credentialId`, claimable once within 30 minutes with its code. The
   * pre-authorized code is a JWT signed with the issuer's key (its subject the membership, the transaction
   * code as an HMAC only the key's holder can check), so `mutua issuer offer-credential` can make an offer that
   * the running endpoint accepts; the endpoint remembers which codes are spent.
   */
  async offer(credentialId: string): Promise<CredentialOffer> {
    // Fails now rather than at the wallet: the membership must exist and stand.
    if (!this.#sdJwt.canIssue(credentialId))
      throw new TypeError(`membership ${credentialId} cannot be offered: not issued here, or revoked`);
    const jti = randomToken();
    const txCode = String(uniformBelow(1_000_000)).padStart(6, "0");
    const expiresAt = this.#now() + OFFER_LIFETIME_SECONDS;
    const code = await this.#sdJwt.key.signJwt(
      { typ: PRE_AUTHORIZED_CODE_TYPE },
      { aud: this.issuer, sub: credentialId, jti, exp: expiresAt, txh: this.#txCodeMac(jti, txCode) },
    );
    const offer = {
      credential_issuer: this.issuer,
      credential_configuration_ids: [MEMBERSHIP_SD_JWT_CONFIGURATION],
      grants: {
        [PRE_AUTHORIZED_GRANT]: {
          "pre-authorized_code": code,
          tx_code: { input_mode: "numeric", length: 6, description: "The six digits your mutual sent you beside this link" },
        },
      },
    };
    return { uri: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`, offer, txCode, expiresAt };
  }

  /** The token endpoint: a pre-authorized code and its transaction code for a one-time access token. */
  async token(form: URLSearchParams): Promise<OAuthReply> {
    const now = this.#now();
    if (form.get("grant_type") !== PRE_AUTHORIZED_GRANT)
      return oauthError(400, "unsupported_grant_type", "only the pre-authorized code grant");
    const code = await this.#readCode(form.get("pre-authorized_code") ?? "", now);
    if (!code || this.#spent.has(code.jti)) return oauthError(400, "invalid_grant", "unknown, used or expired pre-authorized code");
    if (this.#txCodeMac(code.jti, form.get("tx_code") ?? "") !== code.txh) {
      const attempts = this.#attempts.get(code.jti, now) ?? { wrong: 0, expiresAt: code.exp };
      attempts.wrong += 1;
      this.#attempts.set(code.jti, attempts, now);
      const left = MAX_TX_CODE_ATTEMPTS - attempts.wrong;
      if (left <= 0) this.#spend(code.jti, code.exp);
      return oauthError(
        400,
        "invalid_grant",
        left > 0 ? `wrong transaction code: ${left} tries left` : "wrong transaction code: this offer is now void, ask for a new one",
      );
    }
    this.#spend(code.jti, code.exp);
    const accessToken = randomToken();
    this.#tokens.set(accessToken, { credentialId: code.sub, expiresAt: now + ACCESS_TOKEN_SECONDS }, now);
    return { status: 200, body: { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS } };
  }

  async #readCode(code: string, now: number): Promise<{ sub: string; jti: string; exp: number; txh: string } | undefined> {
    try {
      const { importJWK, jwtVerify } = await loadJose();
      const { payload, protectedHeader } = await jwtVerify(code, await importJWK(this.#sdJwt.key.publicJwk, "ES256"), {
        algorithms: ["ES256"],
        audience: this.issuer,
        currentDate: new Date(now * 1000),
        requiredClaims: ["sub", "jti", "exp"],
      });
      if (protectedHeader.typ !== PRE_AUTHORIZED_CODE_TYPE || typeof payload.txh !== "string") return undefined;
      return { sub: payload.sub as string, jti: payload.jti as string, exp: payload.exp as number, txh: payload.txh };
    } catch {
      return undefined;
    }
  }

  #txCodeMac(jti: string, txCode: string): string {
    return bytesToHex(hmac(sha256, this.#sdJwt.key.secretFor("mutua oid4vci tx_code"), new TextEncoder().encode(`${jti}:${txCode}`)));
  }

  /** A code is spent for good: remembered until it expires, on disk when the service has a file for it. */
  #spend(jti: string, exp: number): void {
    this.#spent.set(jti, { expiresAt: exp });
    this.#attempts.delete(jti);
    if (this.#spentFile) appendFileSync(this.#spentFile, `${JSON.stringify({ jti, exp })}\n`, { mode: 0o600 });
  }

  /** The nonce endpoint: a fresh `c_nonce` for the key proofs, usable once within five minutes. */
  nonce(): OAuthReply {
    const now = this.#now();
    const nonce = randomToken();
    if (!this.#nonces.set(nonce, { expiresAt: now + NONCE_SECONDS }, now))
      return oauthError(503, "temporarily_unavailable", "too many open nonces");
    return { status: 200, body: { c_nonce: nonce }, headers: { "cache-control": "no-store" } };
  }

  /**
   * The credential endpoint: `Authorization: Bearer <token>`, a request for the SD-JWT configuration with one
   * JWT proof per key (`proofs.jwt`), each for this issuer and the same fresh nonce. Answers one credential per
   * proof. The token is spent by a successful answer; a refused request can be retried with a new nonce.
   */
  async credential(authorization: string | undefined, body: unknown): Promise<OAuthReply> {
    const now = this.#now();
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1] ?? "";
    const grant = this.#tokens.take(token, now);
    if (!grant)
      return {
        ...oauthError(401, "invalid_token", "unknown, used or expired access token"),
        headers: { "www-authenticate": 'Bearer error="invalid_token"' },
      };
    const reply = await this.#issue(grant.credentialId, body, now);
    // Spent only by success: taken first so that two requests racing with one token cannot both be answered.
    if (reply.status !== 200) this.#tokens.set(token, grant, now);
    return reply;
  }

  async #issue(credentialId: string, body: unknown, now: number): Promise<OAuthReply> {
    if (typeof body !== "object" || body === null)
      return oauthError(400, "invalid_credential_request", "send the request as a JSON object");
    const library = await this.#library();
    const issuerMetadata = await this.#metadataResult();
    let proofs: string[];
    try {
      const parsed = library.parseCredentialRequest({
        issuerMetadata,
        credentialRequest: body as Record<string, unknown>,
      });
      if (parsed.credentialConfigurationId !== MEMBERSHIP_SD_JWT_CONFIGURATION)
        return oauthError(400, "unknown_credential_configuration", `this issuer issues ${MEMBERSHIP_SD_JWT_CONFIGURATION}`);
      proofs = parsed.proofs?.jwt ?? [];
    } catch (error) {
      return oauthError(400, "invalid_credential_request", error instanceof Error ? error.message : String(error));
    }
    if (proofs.length === 0 || proofs.length > MAX_BATCH_SIZE)
      return oauthError(400, "invalid_proof", `send between 1 and ${MAX_BATCH_SIZE} JWT proofs (proofs.jwt), one per key`);
    const nonces = new Set(proofs.map((jwt) => safeNonce(jwt)));
    const [nonce] = nonces;
    if (nonces.size !== 1 || !nonce || !this.#nonces.take(nonce, now))
      return oauthError(400, "invalid_nonce", "each proof must carry one fresh c_nonce from the nonce endpoint: ask for a new one");
    const keys: JWK[] = [];
    for (const jwt of proofs) {
      try {
        const { signer } = await library.verifyCredentialRequestJwtProof({
          issuerMetadata,
          jwt,
          expectedNonce: nonce,
          now: new Date(now * 1000),
        });
        keys.push(signer.publicJwk as JWK);
      } catch (error) {
        return oauthError(400, "invalid_proof", error instanceof Error ? error.message : String(error));
      }
    }
    try {
      const credentials = await this.#sdJwt.issueBatch(credentialId, keys);
      return {
        status: 200,
        body: { credentials: credentials.map((credential) => ({ credential })) },
        headers: { "cache-control": "no-store" },
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return oauthError(400, /key/.test(message) ? "invalid_proof" : "invalid_credential_request", message);
    }
  }

  /** The metadata as the library reads it: made once (it never changes), not for every request and proof. */
  async #metadataResult(): Promise<IssuerMetadataResult> {
    if (!this.#metadata) {
      const [{ Openid4vciVersion }, library] = await Promise.all([loadOpenid4vci(), this.#library()]);
      const credentialIssuer = this.credentialIssuerMetadata();
      this.#metadata = {
        originalDraftVersion: Openid4vciVersion.V1,
        credentialIssuer,
        authorizationServers: [this.authorizationServerMetadata() as IssuerMetadataResult["authorizationServers"][number]],
        knownCredentialConfigurations: library.getKnownCredentialConfigurationsSupported(credentialIssuer),
      };
    }
    return this.#metadata;
  }
}

function oauthError(status: number, error: string, description: string): OAuthReply {
  return { status, body: { error, error_description: description }, headers: { "cache-control": "no-store" } };
}

function safeNonce(jwt: string): string | undefined {
  try {
    const nonce = decodeJwtParts(jwt).payload.nonce;
    return typeof nonce === "string" ? nonce : undefined;
  } catch {
    return undefined;
  }
}

const notUsed = () => {
  throw new Error("not used by the issuer");
};
