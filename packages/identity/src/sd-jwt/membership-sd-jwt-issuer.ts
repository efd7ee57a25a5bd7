import { InvalidArgumentError, loadOnce, MutuaError } from "@mutua/core";
import { sha256 } from "@noble/hashes/sha2.js";
import type { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import type { JWK } from "jose";
import { IssuerLog } from "../issuer-log.ts";
import { loadJose, loadSdJwtVc } from "../lazy-libraries.ts";
import type { MembershipIssuer } from "../membership-issuer.ts";
import { allocateStatusIndex } from "../status-list.ts";
import type { Es256Key } from "./es256-key.ts";
import { COVER_DISCLOSURE_FRAME, coverClaims, MEMBERSHIP_VCT } from "./membership-claims.ts";
import { signStatusListToken, TOKEN_STATUS_LIST_LENGTH } from "./token-status-list.ts";

/** One line of the SD-JWT issuer's log: which status list entries belong to which membership. */
interface SdJwtLogEntry {
  type: "sdJwtIssued";
  /** The JWT VC (MembershipIssuer) credential id: revoking it revokes these too. */
  id: string;
  indices: number[];
}

/** At most this many one-time credentials in one batch (OID4VCI batch_size). */
export const MAX_BATCH_SIZE = 10;

/** A holder key a wallet sent for one-time credentials is unusable (not P-256, or sent twice). */
export class HolderKeyError extends MutuaError {
  constructor(reason: string) {
    super("BAD_HOLDER_KEY", `holder key refused: ${reason}`, { reason });
  }
}

/**
 * The same membership as an SD-JWT VC (`dc+sd-jwt`), for standard wallets and verifiers. Each call makes a
 * batch of one-time credentials, one per holder key, each with its own salts and status entry, so that two
 * verifiers comparing what they were shown cannot tell it came from one member. Revocation follows the JWT
 * VC's: the status list token is built from the MembershipIssuer's revocations, never kept apart, so both
 * lists always agree and a half-done revocation is completed by whatever completes the JWT VC's.
 */
export class MembershipSdJwtIssuer {
  /** The credential issuer identifier (the SD-JWT's `iss`), an HTTPS URL. */
  readonly issuer: string;
  readonly statusListUri: string;
  readonly key: Es256Key;
  readonly #memberships: MembershipIssuer;
  readonly #log: IssuerLog<SdJwtLogEntry>;
  readonly #owner = new Map<number, string>();
  readonly #policyType: (policyId: bigint) => string;
  readonly #validity: number;
  readonly #sdJwt: () => Promise<SDJwtVcInstance>;
  #token: { jwt: string; issuedAt: number; revoked: number } | undefined;

  private constructor(options: SdJwtIssuerOptions, log: IssuerLog<SdJwtLogEntry>) {
    this.issuer = options.issuer;
    this.statusListUri = options.statusListUri;
    this.key = options.key;
    this.#memberships = options.memberships;
    this.#log = log;
    this.#policyType = options.policyType ?? ((id) => `policy ${id}`);
    this.#validity = options.statusListValidity ?? 86_400;
    this.#sdJwt = loadOnce(async () => {
      const { SDJwtVcInstance } = await loadSdJwtVc();
      return new SDJwtVcInstance({
        signer: (data) => options.key.signData(data),
        signAlg: "ES256",
        hasher: (data) => sha256(typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data)),
        hashAlg: "sha-256",
        saltGenerator: () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url"),
      });
    });
    for (const entry of log.entries) for (const index of entry.indices) this.#owner.set(index, entry.id);
  }

  /** Opens the issuer with its log (in memory or in a file). */
  static open(options: SdJwtIssuerOptions): MembershipSdJwtIssuer {
    for (const [name, url] of [
      ["issuer", options.issuer],
      ["statusListUri", options.statusListUri],
    ] as const) {
      if (!URL.canParse(url)) throw new InvalidArgumentError(name, `not a URL: ${url}`);
    }
    const log = options.log?.kind === "file" ? IssuerLog.open<SdJwtLogEntry>(options.log.path) : IssuerLog.memory<SdJwtLogEntry>();
    return new MembershipSdJwtIssuer(options, log);
  }

  /** The issuer's keys, as JWT VC issuer metadata (`/.well-known/jwt-vc-issuer`) publishes them. */
  jwtVcIssuerMetadata(): { issuer: string; jwks: { keys: JWK[] } } {
    return { issuer: this.issuer, jwks: { keys: [this.key.publicJwk] } };
  }

  /** Whether `issueBatch` would take this membership: issued here, not revoked. */
  canIssue(credentialId: string): boolean {
    this.#memberships.refresh();
    return this.#memberships.issued(credentialId) !== undefined && !this.#memberships.isRevoked(credentialId);
  }

  /**
   * One SD-JWT VC per holder key (public P-256 JWKs, each a different key) of the membership issued as
   * `credentialId`. Refused if it was revoked: a revoked member gets nothing new to show.
   */
  async issueBatch(credentialId: string, holderKeys: readonly JWK[]): Promise<string[]> {
    this.#memberships.refresh();
    const issued = this.#memberships.issued(credentialId);
    if (!issued) throw new InvalidArgumentError("credentialId", `no membership ${credentialId} was issued here`);
    if (this.#memberships.isRevoked(credentialId)) throw new InvalidArgumentError("credentialId", `membership ${credentialId} is revoked`);
    if (holderKeys.length === 0 || holderKeys.length > MAX_BATCH_SIZE)
      throw new HolderKeyError(`send between 1 and ${MAX_BATCH_SIZE} keys, one per credential`);
    const thumbprints = new Set<string>();
    for (const jwk of holderKeys) {
      if (jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.x !== "string" || typeof jwk.y !== "string")
        throw new HolderKeyError("each key must be a P-256 public key (ES256)");
      if ("d" in jwk) throw new HolderKeyError("a holder key was sent with its private part");
      thumbprints.add(await (await loadJose()).calculateJwkThumbprint(jwk));
    }
    // One key for two credentials would link them: each one-time credential has a key of its own.
    if (thumbprints.size !== holderKeys.length) throw new HolderKeyError("the same key was sent twice");
    const { claims, exp } = coverClaims(issued.membership, this.#policyType(BigInt(issued.membership.terms.policyId)));
    if (exp * 1000 <= Date.now()) throw new InvalidArgumentError("credentialId", `membership ${credentialId} has no cover left`);
    const used = new Set(this.#owner.keys());
    const indices = holderKeys.map(() => {
      const index = allocateStatusIndex(used, TOKEN_STATUS_LIST_LENGTH);
      used.add(index);
      return index;
    });
    const sdJwt = await this.#sdJwt();
    const credentials = await Promise.all(
      holderKeys.map((jwk, i) =>
        sdJwt.issue(
          {
            iss: this.issuer,
            vct: MEMBERSHIP_VCT,
            exp,
            cnf: { jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } },
            status: { status_list: { idx: indices[i] as number, uri: this.statusListUri } },
            ...claims,
          },
          COVER_DISCLOSURE_FRAME,
          { header: { kid: this.key.kid } },
        ),
      ),
    );
    // Logged after signing, before handing out: a crash in between leaves entries nobody holds (harmless).
    this.#log.append({ type: "sdJwtIssued", id: credentialId, indices });
    for (const index of indices) this.#owner.set(index, credentialId);
    return credentials;
  }

  /**
   * The status list token to publish at statusListUri: re-signed when a revocation changed it or half its
   * validity has passed, so a host asking on every request always serves a fresh one.
   */
  async statusListToken(): Promise<string> {
    this.#memberships.refresh();
    const revoked = [...this.#owner].filter(([, id]) => this.#memberships.isRevoked(id)).map(([index]) => index);
    const now = Math.floor(Date.now() / 1000);
    const current = this.#token;
    if (current && current.revoked === revoked.length && now - current.issuedAt < this.#validity / 2) return current.jwt;
    // Strictly later than the last token (verifiers refuse a list older than the newest they have seen, and
    // one issued "in the future"): a second revocation within a second waits for the next second.
    const next = (current?.issuedAt ?? 0) + 1;
    if (now < next) await new Promise((resolve) => setTimeout(resolve, next * 1000 - Date.now() + 5));
    const issuedAt = Math.max(now, next);
    const jwt = await signStatusListToken({
      key: this.key,
      uri: this.statusListUri,
      revokedIndices: revoked,
      issuedAt,
      validity: this.#validity,
    });
    this.#token = { jwt, issuedAt, revoked: revoked.length };
    return jwt;
  }
}

/** The issuer's URL and key, its status list, the W3C issuer whose memberships it reissues, and its log. */
export interface SdJwtIssuerOptions {
  memberships: MembershipIssuer;
  key: Es256Key;
  issuer: string;
  statusListUri: string;
  /** The product in words for a policy id (default "policy <id>"). */
  policyType?: (policyId: bigint) => string;
  log?: { kind: "memory" } | { kind: "file"; path: string };
  /** Seconds each status list token is valid. Default one day. */
  statusListValidity?: number;
}
