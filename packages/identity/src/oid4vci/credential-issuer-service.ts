import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { type CredentialIssuerMetadata, type IssuerMetadataResult, Openid4vciIssuer, Openid4vciVersion } from "@openid4vc/openid4vci";
import { decodeJwt, type JWK } from "jose";
import { ExpiringMap } from "../expiring-map.ts";
import { COVER_CLAIM_NAMES, MEMBERSHIP_VCT } from "../sd-jwt/membership-claims.ts";
import { MAX_BATCH_SIZE, type MembershipSdJwtIssuer } from "../sd-jwt/membership-sd-jwt-issuer.ts";
import { uniformBelow } from "../status-list.ts";
import {
  ACCESS_TOKEN_SECONDS,
  MAX_TX_CODE_ATTEMPTS,
  NONCE_SECONDS,
  OFFER_LIFETIME_SECONDS,
  type PendingOffer,
} from "./credential-offers.ts";
import { joseCallbacks } from "./jose-callbacks.ts";

export const PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
export const MEMBERSHIP_SD_JWT_CONFIGURATION = "MutuaMembership_dc+sd-jwt";

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
  readonly #library = new Openid4vciIssuer({ callbacks: { ...joseCallbacks, signJwt: notUsed, clientAuthentication: notUsed } });
  readonly #offers = new ExpiringMap<PendingOffer>();
  readonly #tokens = new ExpiringMap<{ credentialId: string; expiresAt: number }>();
  readonly #nonces = new ExpiringMap<{ expiresAt: number }>();
  readonly #now: () => number;
  readonly #display: { name: string };

  constructor(sdJwt: MembershipSdJwtIssuer, options: { mutualName?: string; now?: () => number } = {}) {
    this.#sdJwt = sdJwt;
    this.issuer = sdJwt.issuer;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.#display = { name: options.mutualName || "Mutua mutual" };
  }

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

  authorizationServerMetadata(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      token_endpoint: `${this.issuer}/token`,
      grant_types_supported: [PRE_AUTHORIZED_GRANT],
      "pre-authorized_grant_anonymous_access_supported": true,
      response_types_supported: [],
    };
  }

  /** An offer of the membership issued as `credentialId`, claimable once within 30 minutes with its code. */
  offer(credentialId: string): CredentialOffer {
    // Fails now rather than at the wallet: the membership must exist and stand.
    if (!this.#sdJwt.canIssue(credentialId))
      throw new TypeError(`membership ${credentialId} cannot be offered: not issued here, or revoked`);
    const now = this.#now();
    const code = randomToken();
    const txCode = String(uniformBelow(1_000_000)).padStart(6, "0");
    const expiresAt = now + OFFER_LIFETIME_SECONDS;
    if (!this.#offers.set(code, { credentialId, txCodeHash: hashHex(txCode), expiresAt, wrongAttempts: 0 }, now))
      throw new TypeError("too many open credential offers: wait for some to be claimed or expire");
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
  token(form: URLSearchParams): OAuthReply {
    const now = this.#now();
    if (form.get("grant_type") !== PRE_AUTHORIZED_GRANT)
      return oauthError(400, "unsupported_grant_type", "only the pre-authorized code grant");
    const code = form.get("pre-authorized_code") ?? "";
    const offer = this.#offers.get(code, now);
    if (!offer) return oauthError(400, "invalid_grant", "unknown, used or expired pre-authorized code");
    if (hashHex(form.get("tx_code") ?? "") !== offer.txCodeHash) {
      offer.wrongAttempts += 1;
      const left = MAX_TX_CODE_ATTEMPTS - offer.wrongAttempts;
      if (left <= 0) this.#offers.delete(code);
      return oauthError(
        400,
        "invalid_grant",
        left > 0 ? `wrong transaction code: ${left} tries left` : "wrong transaction code: this offer is now void, ask for a new one",
      );
    }
    this.#offers.delete(code);
    const accessToken = randomToken();
    this.#tokens.set(accessToken, { credentialId: offer.credentialId, expiresAt: now + ACCESS_TOKEN_SECONDS }, now);
    return { status: 200, body: { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS } };
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
    let proofs: string[];
    try {
      const parsed = this.#library.parseCredentialRequest({
        issuerMetadata: this.#metadataResult(),
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
        const { signer } = await this.#library.verifyCredentialRequestJwtProof({
          issuerMetadata: this.#metadataResult(),
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

  #metadataResult(): IssuerMetadataResult {
    const credentialIssuer = this.credentialIssuerMetadata();
    return {
      originalDraftVersion: Openid4vciVersion.V1,
      credentialIssuer,
      authorizationServers: [this.authorizationServerMetadata() as IssuerMetadataResult["authorizationServers"][number]],
      knownCredentialConfigurations: this.#library.getKnownCredentialConfigurationsSupported(credentialIssuer),
    };
  }
}

function oauthError(status: number, error: string, description: string): OAuthReply {
  return { status, body: { error, error_description: description }, headers: { "cache-control": "no-store" } };
}

function safeNonce(jwt: string): string | undefined {
  try {
    const nonce = decodeJwt(jwt).nonce;
    return typeof nonce === "string" ? nonce : undefined;
  } catch {
    return undefined;
  }
}

function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

function hashHex(text: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}

const notUsed = () => {
  throw new Error("not used by the issuer");
};
