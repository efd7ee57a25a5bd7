import { MutuaError } from "@mutua/core";
import { sha256 } from "@noble/hashes/sha2.js";
import type { SDJwtInstance, SdJwtPayload } from "@sd-jwt/core";
import { DcqlPresentationResult, DcqlQuery } from "dcql";
import type { JWK } from "jose";
import { StatusListUnavailableError } from "../errors.ts";
import { ExpiringMap } from "../expiring-map.ts";
import { loadJose, loadSdJwtCore } from "../lazy-libraries.ts";
import { randomToken } from "../random-token.ts";
import { verifyStatusListToken } from "../sd-jwt/token-status-list.ts";

/** A request stays answerable this long; a key-binding JWT may be this old. */
export const REQUEST_SECONDS = 10 * 60;
/** How old a presentation's key-binding JWT may be, in seconds. */
export const KEY_BINDING_MAX_AGE = 5 * 60;
/** Clocks of issuer, wallet and verifier may differ this much. */
const CLOCK_SKEW_SECONDS = 60;

/** Why a presentation was refused; `code` says which check failed. */
export class PresentationRejectedError extends MutuaError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** An authorization request to show to the holder's wallet (as a link or QR code). */
export interface PresentationRequest {
  /** `openid4vp://?…`: the request by value. */
  uri: string;
  state: string;
  nonce: string;
  /** The request's parameters, as a wallet reads them. */
  payload: Record<string, unknown>;
}

/** A presentation that passed every check: who issued it, its type, and the claims the holder disclosed. */
export interface VerifiedSdJwtPresentation<Context> {
  issuer: string;
  vct: string;
  /** The disclosed claims and the signed ones (iss, vct, exp, status, cnf…). */
  claims: Record<string, unknown>;
  /** What the request was made with (`createRequest`'s context). */
  context: Context;
}

/** The DCQL query of one SD-JWT VC credential query (Mutua's verifiers ask for one credential at a time). */
export interface SdJwtDcqlQuery {
  credentials: [
    {
      id: string;
      format: "dc+sd-jwt";
      meta: { vct_values: string[] };
      claims?: { id?: string; path: (string | number | null)[]; values?: unknown[] }[];
    },
  ];
}

interface OpenRequest<Context> {
  dcql: SdJwtDcqlQuery;
  nonce: string;
  expiresAt: number;
  context: Context;
}

/**
 * An OpenID4VP 1.0 verifier of SD-JWT VCs: unsigned requests for the `redirect_uri:` client identifier prefix
 * with a DCQL query and the direct_post response mode, and answers checked as HAIP asks: an issuer the
 * verifier trusts (its keys from its JWT VC issuer metadata) signed it; the disclosures are the issuer's; a
 * key-binding JWT by the credential's key, for this verifier (audience) and this request (nonce), recent; the
 * type one the query asked for; its status list (when it names one, or always with `requireStatus`) fresh,
 * signed by the issuer and not older than one already seen; the DCQL query satisfied. Each request is answered
 * once. The cover verifier and the join desk's admission check are built on it.
 */
export class PresentationVerifier<Context = undefined> {
  readonly clientId: string;
  readonly responseUri: string;
  readonly #trusted: ReadonlySet<string>;
  readonly #requireStatus: boolean;
  readonly #requests = new ExpiringMap<OpenRequest<Context>>();
  readonly #keys = new Map<string, { keys: Es256Verifier; fetchedAt: number }>();
  /** Per status list URI: the newest token seen (its text, decoded bits, times); an older one is a replay. */
  readonly #lists = new Map<string, { token: string; issuedAt: number; expiresAt: number; status(index: number): number }>();
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(options: {
    responseUri: string;
    trustedIssuers: readonly string[];
    requireStatus?: boolean;
    fetch?: typeof fetch;
    now?: () => number;
  }) {
    if (!URL.canParse(options.responseUri)) throw new TypeError(`responseUri is not a URL: ${options.responseUri}`);
    this.responseUri = options.responseUri;
    this.clientId = `redirect_uri:${options.responseUri}`;
    this.#trusted = new Set(options.trustedIssuers);
    this.#requireStatus = options.requireStatus ?? false;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** A request for `dcql`; answerable once, within ten minutes. `context` comes back with the verified answer. */
  createRequest(dcql: SdJwtDcqlQuery, context: Context): PresentationRequest {
    DcqlQuery.validate(DcqlQuery.parse(dcql as DcqlQuery.Input));
    const state = randomToken();
    const nonce = randomToken();
    const now = this.#now();
    if (!this.#requests.set(state, { dcql, nonce, expiresAt: now + REQUEST_SECONDS, context }, now))
      throw new PresentationRejectedError("BUSY", "too many open requests: try again in a few minutes");
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
   * Checks the wallet's answer (the direct_post form: `vp_token` and `state`). Throws PresentationRejectedError
   * with the reason; the request is spent either way, so a replay of the same answer is refused.
   */
  async verifyResponse(form: { vp_token?: unknown; state?: unknown }): Promise<VerifiedSdJwtPresentation<Context>> {
    const now = this.#now();
    const request = typeof form.state === "string" ? this.#requests.take(form.state, now) : undefined;
    if (!request)
      throw new PresentationRejectedError(
        "UNKNOWN_REQUEST",
        "no open request with this state: it was answered already, expired, or never made here",
      );
    const [query] = request.dcql.credentials;
    let presentations: unknown;
    try {
      presentations = typeof form.vp_token === "string" ? JSON.parse(form.vp_token) : form.vp_token;
    } catch {
      throw new PresentationRejectedError("MALFORMED", "vp_token is not JSON");
    }
    const presented = (presentations as Record<string, unknown> | null)?.[query.id];
    const list = Array.isArray(presented) ? presented : [presented];
    if (list.length !== 1 || typeof list[0] !== "string")
      throw new PresentationRejectedError("MALFORMED", `vp_token must hold exactly one SD-JWT presentation under "${query.id}"`);
    const presentation = list[0];
    if (presentation.endsWith("~"))
      throw new PresentationRejectedError(
        "NO_KEY_BINDING",
        "the presentation has no key-binding JWT: anyone who saw the credential could show it",
      );
    const issuer = unverifiedIssuer(presentation);
    if (!issuer || !this.#trusted.has(issuer))
      throw new PresentationRejectedError("UNTRUSTED_ISSUER", `issuer ${issuer ?? "(none)"} is not one this verifier trusts`);
    const keys = await this.#issuerKeys(issuer, now);
    const { SDJwtInstance } = await loadSdJwtCore();
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
        requiredClaimKeys: ["vct"],
      });
    } catch (error) {
      throw new PresentationRejectedError(
        "INVALID_PRESENTATION",
        `the presentation does not verify: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const payload = verified.payload as Record<string, unknown> & {
      vct?: unknown;
      status?: { status_list?: { idx?: unknown; uri?: unknown } };
    };
    if (verified.header?.typ !== "dc+sd-jwt" || typeof payload.vct !== "string" || !query.meta.vct_values.includes(payload.vct))
      throw new PresentationRejectedError(
        "INVALID_PRESENTATION",
        `not an SD-JWT VC of the type asked for (${query.meta.vct_values.join(", ")})`,
      );
    const entry = payload.status?.status_list;
    if (entry !== undefined || this.#requireStatus) {
      if (typeof entry?.idx !== "number" || typeof entry.uri !== "string")
        throw new PresentationRejectedError("INVALID_PRESENTATION", "the credential names no status list entry");
      const statusList = await this.#statusList(entry.uri, keys.jwks, now);
      if (statusList.status(entry.idx) !== 0) throw new PresentationRejectedError("REVOKED", "the issuer has revoked this credential");
    }
    const kb = verified.kb?.payload;
    if (!kb)
      throw new PresentationRejectedError(
        "NO_KEY_BINDING",
        "the presentation has no key-binding JWT: anyone who saw the credential could show it",
      );
    if (kb.aud !== this.clientId) throw new PresentationRejectedError("WRONG_AUDIENCE", "the presentation was made for another verifier");
    if (!(kb.iat <= now + CLOCK_SKEW_SECONDS && kb.iat >= now - KEY_BINDING_MAX_AGE))
      throw new PresentationRejectedError("STALE", "the key-binding JWT is not recent");
    const result = DcqlPresentationResult.fromDcqlPresentation(
      {
        [query.id]: [
          {
            credential_format: "dc+sd-jwt",
            vct: payload.vct,
            claims: payload as Record<string, never>,
            cryptographic_holder_binding: true,
          },
        ],
      },
      { dcqlQuery: DcqlQuery.parse(request.dcql as DcqlQuery.Input) },
    );
    if (!result.can_be_satisfied)
      throw new PresentationRejectedError("QUERY_NOT_SATISFIED", "the presentation does not show what was asked");
    return { issuer, vct: payload.vct, claims: payload, context: request.context };
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
      throw new PresentationRejectedError("ISSUER_METADATA", `the issuer metadata of ${issuer} does not name it or has no keys`);
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
      throw new PresentationRejectedError(
        "UNREACHABLE",
        `${url} could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) throw new PresentationRejectedError("UNREACHABLE", `${url} answered ${response.status}`);
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
  const { importJWK } = await loadJose();
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
