import { MutuaError } from "@mutua/core";
import { sha256 } from "@noble/hashes/sha2.js";
import { SDJwtInstance, type SdJwtPayload } from "@sd-jwt/core";
import { DcqlPresentationResult, DcqlQuery } from "dcql";
import { importJWK, type JWK } from "jose";
import { StatusListUnavailableError } from "../errors.ts";
import { ExpiringMap } from "../expiring-map.ts";
import { type CoverClaims, MEMBERSHIP_VCT } from "../sd-jwt/membership-claims.ts";
import { verifyStatusListToken } from "../sd-jwt/token-status-list.ts";
import { COVER_CREDENTIAL_QUERY_ID, type CoverQuery, coverDcqlQuery } from "./cover-query.ts";

/** A request stays answerable this long; a key-binding JWT may be this old. */
export const REQUEST_SECONDS = 10 * 60;
export const KEY_BINDING_MAX_AGE = 5 * 60;
/** Clocks of issuer, wallet and verifier may differ this much. */
const CLOCK_SKEW_SECONDS = 60;

/** Why a presentation of cover was refused; `code` is one of the reasons below. */
export class CoverRejectedError extends MutuaError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** What a verified presentation showed, in the verifier's terms. */
export interface VerifiedCover {
  issuer: string;
  /** Only the claims the holder disclosed (those the query asked for). */
  claims: Partial<CoverClaims>;
}

/** An authorization request to show to the holder's wallet (as a link or QR code). */
export interface CoverRequest {
  /** `openid4vp://?…`: the request by value. */
  uri: string;
  state: string;
  nonce: string;
  /** The request's parameters, as a wallet reads them. */
  payload: Record<string, unknown>;
}

interface OpenRequest {
  query: CoverQuery;
  dcql: ReturnType<typeof coverDcqlQuery>;
  nonce: string;
  expiresAt: number;
}

/**
 * A verifier of Mutua cover over OpenID4VP 1.0 (`CoverVerifier` in the SDK re-exports it): makes an unsigned
 * request for the `redirect_uri:` client identifier prefix with a DCQL query and the direct_post response mode,
 * and checks the answer as HAIP asks: the issuer is one the verifier trusts and signed it, the disclosures are
 * the issuer's, a key-binding JWT by the credential's key, for this verifier (audience) and this request (nonce),
 * recent; the status list token fresh, signed by the issuer and not older than one already seen; the DCQL
 * query satisfied; and the cover what was asked. Each request is answered once.
 */
export class CoverVerifier {
  readonly clientId: string;
  readonly responseUri: string;
  readonly #trusted: ReadonlySet<string>;
  readonly #requests = new ExpiringMap<OpenRequest>();
  readonly #keys = new Map<string, { keys: Es256Verifier; fetchedAt: number }>();
  /** Per status list URI: the newest token seen (its text, decoded bits, times); an older one is a replay. */
  readonly #lists = new Map<string, { token: string; issuedAt: number; expiresAt: number; status(index: number): number }>();
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(options: { responseUri: string; trustedIssuers: readonly string[]; fetch?: typeof fetch; now?: () => number }) {
    if (!URL.canParse(options.responseUri)) throw new TypeError(`responseUri is not a URL: ${options.responseUri}`);
    this.responseUri = options.responseUri;
    this.clientId = `redirect_uri:${options.responseUri}`;
    this.#trusted = new Set(options.trustedIssuers);
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** A request for this cover question; answerable once, within ten minutes. */
  createRequest(query: CoverQuery): CoverRequest {
    const dcql = coverDcqlQuery(query);
    const state = randomToken();
    const nonce = randomToken();
    const now = this.#now();
    if (!this.#requests.set(state, { query, dcql, nonce, expiresAt: now + REQUEST_SECONDS }, now))
      throw new CoverRejectedError("BUSY", "too many open requests: try again in a few minutes");
    const payload = {
      response_type: "vp_token",
      client_id: this.clientId,
      response_uri: this.responseUri,
      response_mode: "direct_post",
      nonce,
      state,
      dcql_query: dcql,
      client_metadata: { vp_formats_supported: { "dc+sd-jwt": { "sd-jwt_alg_values": ["ES256"], "kb-jwt_alg_values": ["ES256"] } } },
    };
    const params = new URLSearchParams(
      Object.entries(payload).map(([k, v]): [string, string] => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    return { uri: `openid4vp://?${params}`, state, nonce, payload };
  }

  /**
   * Checks the wallet's answer (the direct_post form: `vp_token` and `state`). Throws CoverRejectedError with
   * the reason; the request is spent either way, so a replay of the same answer is refused.
   */
  async verifyResponse(form: { vp_token?: unknown; state?: unknown }): Promise<VerifiedCover> {
    const now = this.#now();
    const request = typeof form.state === "string" ? this.#requests.take(form.state, now) : undefined;
    if (!request)
      throw new CoverRejectedError(
        "UNKNOWN_REQUEST",
        "no open request with this state: it was answered already, expired, or never made here",
      );
    let presentations: unknown;
    try {
      presentations = typeof form.vp_token === "string" ? JSON.parse(form.vp_token) : form.vp_token;
    } catch {
      throw new CoverRejectedError("MALFORMED", "vp_token is not JSON");
    }
    const presented = (presentations as Record<string, unknown> | null)?.[COVER_CREDENTIAL_QUERY_ID];
    const list = Array.isArray(presented) ? presented : [presented];
    if (list.length !== 1 || typeof list[0] !== "string")
      throw new CoverRejectedError("MALFORMED", `vp_token must hold exactly one SD-JWT presentation under "${COVER_CREDENTIAL_QUERY_ID}"`);
    const presentation = list[0];
    if (presentation.endsWith("~"))
      throw new CoverRejectedError(
        "NO_KEY_BINDING",
        "the presentation has no key-binding JWT: anyone who saw the credential could show it",
      );
    const issuer = unverifiedIssuer(presentation);
    if (!issuer || !this.#trusted.has(issuer))
      throw new CoverRejectedError("UNTRUSTED_ISSUER", `issuer ${issuer ?? "(none)"} is not one this verifier trusts`);
    const keys = await this.#issuerKeys(issuer, now);
    const sdJwt = new SDJwtInstance<SdJwtPayload>({
      hasher: (data) => sha256(typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data)),
      hashAlg: "sha-256",
      verifier: (data, signature) => keys.verify(data, signature),
      kbVerifier: async (data, signature, payload) => {
        const jwk = (payload as { cnf?: { jwk?: JWK } }).cnf?.jwk;
        return jwk ? (await es256Verifier([jwk])).verify(data, signature) : false;
      },
    });
    let verified: Awaited<ReturnType<SDJwtInstance<SdJwtPayload>["verify"]>>;
    try {
      verified = await sdJwt.verify(presentation, {
        keyBindingNonce: request.nonce,
        currentDate: now,
        skewSeconds: CLOCK_SKEW_SECONDS,
        requiredClaimKeys: ["vct", "status"],
      });
    } catch (error) {
      throw new CoverRejectedError(
        "INVALID_PRESENTATION",
        `the presentation does not verify: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const payload = verified.payload as Record<string, unknown> & {
      vct?: unknown;
      status?: { status_list?: { idx?: unknown; uri?: unknown } };
    };
    if (verified.header?.typ !== "dc+sd-jwt" || payload.vct !== MEMBERSHIP_VCT)
      throw new CoverRejectedError("INVALID_PRESENTATION", "not an SD-JWT VC of a Mutua membership");
    const entry = payload.status?.status_list;
    if (typeof entry?.idx !== "number" || typeof entry.uri !== "string")
      throw new CoverRejectedError("INVALID_PRESENTATION", "the credential names no status list entry");
    const statusList = await this.#statusList(entry.uri, keys.jwks, now);
    if (statusList.status(entry.idx) !== 0) throw new CoverRejectedError("REVOKED", "the mutual has revoked this membership");
    const kb = verified.kb?.payload;
    if (!kb)
      throw new CoverRejectedError(
        "NO_KEY_BINDING",
        "the presentation has no key-binding JWT: anyone who saw the credential could show it",
      );
    if (kb.aud !== this.clientId) throw new CoverRejectedError("WRONG_AUDIENCE", "the presentation was made for another verifier");
    if (!(kb.iat <= now + CLOCK_SKEW_SECONDS && kb.iat >= now - KEY_BINDING_MAX_AGE))
      throw new CoverRejectedError("STALE", "the key-binding JWT is not recent");
    const claims = payload as unknown as Partial<CoverClaims> & { vct: string };
    const result = DcqlPresentationResult.fromDcqlPresentation(
      {
        [COVER_CREDENTIAL_QUERY_ID]: [
          {
            credential_format: "dc+sd-jwt",
            vct: claims.vct,
            claims: payload as Record<string, never>,
            cryptographic_holder_binding: true,
          },
        ],
      },
      { dcqlQuery: DcqlQuery.parse(request.dcql as DcqlQuery.Input) },
    );
    if (!result.can_be_satisfied) throw new CoverRejectedError("QUERY_NOT_SATISFIED", "the presentation does not show what was asked");
    this.#checkCover(request.query, claims);
    return { issuer, claims: pick(claims) };
  }

  #checkCover(query: CoverQuery, claims: Partial<CoverClaims>): void {
    const refuse = (what: string) => {
      throw new CoverRejectedError("NOT_COVERED", what);
    };
    if (claims.in_good_standing !== true) refuse("the membership is not in good standing");
    if (query.mutual) {
      if (claims.mutual?.chain_id !== query.mutual.chainId.toString() || claims.mutual?.contract !== query.mutual.contract.toLowerCase())
        refuse("covered by another mutual");
    }
    if (query.policyType !== undefined && claims.policy_type !== query.policyType) refuse(`not covered for ${query.policyType}`);
    if (query.coveredUntil !== undefined && !(claims.policy_period && claims.policy_period.end >= query.coveredUntil))
      refuse(`cover ends before ${query.coveredUntil}`);
    if (query.minCoverLimit !== undefined && !(claims.cover_limit_band && BigInt(claims.cover_limit_band.min) >= query.minCoverLimit))
      refuse("the cover limit may be below what was asked");
  }

  async #issuerKeys(issuer: string, now: number): Promise<Es256Verifier> {
    const cached = this.#keys.get(issuer);
    if (cached && now - cached.fetchedAt < 300) return cached.keys;
    const url = new URL(issuer);
    const metadata = JSON.parse(
      await this.#get(`${url.origin}/.well-known/jwt-vc-issuer${url.pathname.replace(/\/$/, "")}`, "application/json"),
    ) as {
      issuer?: string;
      jwks?: { keys?: JWK[] };
    };
    if (metadata.issuer !== issuer || !Array.isArray(metadata.jwks?.keys))
      throw new CoverRejectedError("ISSUER_METADATA", `the issuer metadata of ${issuer} does not name it or has no keys`);
    const keys = await es256Verifier(metadata.jwks.keys);
    this.#keys.set(issuer, { keys, fetchedAt: now });
    return keys;
  }

  /**
   * The status list at `uri`, fetched on every verification (a revocation counts at once) but verified and
   * decoded only when its text changed: signed by the issuer, about this URI, unexpired, not older than the
   * newest seen (a replayed list would unrevoke).
   */
  async #statusList(uri: string, issuerKeys: readonly JWK[], now: number) {
    const token = await this.#get(uri, "application/statuslist+jwt");
    const known = this.#lists.get(uri);
    if (known?.token === token) {
      if (now - CLOCK_SKEW_SECONDS >= known.expiresAt) throw new StatusListUnavailableError(uri, "stale: the list has expired");
      return known;
    }
    const checked = await verifyStatusListToken(token, { uri, issuerKeys, now, notBefore: known?.issuedAt });
    const entry = { token, ...checked };
    this.#lists.set(uri, entry);
    return entry;
  }

  async #get(url: string, accept: string): Promise<string> {
    let response: Response;
    try {
      response = await this.#fetch(url, { headers: { accept }, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new CoverRejectedError("UNREACHABLE", `${url} could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw new CoverRejectedError("UNREACHABLE", `${url} answered ${response.status}`);
    return response.text();
  }
}

/** Checks ES256 signatures (JWS: raw r||s) against a set of public keys, each imported once. */
interface Es256Verifier {
  jwks: JWK[];
  verify(data: string, signature: string): Promise<boolean>;
}

async function es256Verifier(jwks: JWK[]): Promise<Es256Verifier> {
  // Imported once per key set (jose gives a Web Crypto key in Node and in browsers); a bad key verifies nothing.
  const keys = await Promise.all(
    jwks.map((jwk) =>
      importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, "ES256")
        .then((key) => key as Parameters<typeof crypto.subtle.verify>[1])
        .catch(() => undefined),
    ),
  );
  return {
    jwks,
    async verify(data, signature) {
      const bytes = new TextEncoder().encode(data);
      const sig = Buffer.from(signature, "base64url");
      for (const key of keys) {
        if (key && (await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, sig, bytes))) return true;
      }
      return false;
    },
  };
}

function unverifiedIssuer(presentation: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(presentation.split(".")[1] ?? "", "base64url").toString("utf8")) as { iss?: unknown };
    return typeof payload.iss === "string" ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

function pick(claims: Partial<CoverClaims>): Partial<CoverClaims> {
  const { mutual, policy_type, cover_limit_band, policy_period, in_good_standing } = claims;
  return Object.fromEntries(
    Object.entries({ mutual, policy_type, cover_limit_band, policy_period, in_good_standing }).filter(([, v]) => v !== undefined),
  ) as Partial<CoverClaims>;
}

function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}
