import type { JWTPayload } from "did-jwt";
import type { Resolvable } from "did-resolver";
import type { IdentityAgent } from "./agent.ts";
import { cachedResolver } from "./cached-resolver.ts";
import {
  BadSignatureError,
  CredentialExpiredError,
  CredentialNotYetValidError,
  CredentialRevokedError,
  HolderMismatchError,
  MalformedJwtError,
  StatusListUnavailableError,
  UntrustedIssuerError,
  WrongChallengeError,
  WrongDomainError,
} from "./errors.ts";
import { decodeJwtParts } from "./jwt-parts.ts";
import { agentResolver } from "./key-agreement.ts";
import { loadDidJwt } from "./lazy-libraries.ts";
import type { Membership } from "./membership-credential.ts";
import { assertMembershipSchema, parseMembershipSubject } from "./membership-credential.ts";
import type { StatusListEntry } from "./status-list.ts";
import { RevocationList, STATUS_LIST_CREDENTIAL_TYPE } from "./status-list.ts";
import { readCredentialJwt } from "./vc-jwt.ts";

/** Which issuers a verifier trusts, how it resolves DIDs and status lists, and its clock. */
export interface MembershipVerifierOptions {
  /** DIDs whose MembershipCredentials this verifier accepts. */
  trustedIssuers: readonly string[];
  /** Fetches a status list credential (a JWT) by URL. Default: HTTP GET with a 10 s timeout. */
  fetchStatusList?: (url: string) => Promise<string>;
  /** The verifier's clock. Default: the system clock. */
  now?: () => Date;
  /** Tolerated clock difference with the issuer, seconds. Default 60. */
  clockSkewSeconds?: number;
}

/** A membership credential that verified: its subject, validity and status. */
export interface VerifiedMembership {
  id: string;
  issuer: string;
  membership: Membership;
  statusListIndex: number;
  validFrom: Date;
  validUntil: Date;
}

/** A presentation that verified: the holder, the challenge it answered and the membership it carried. */
export interface VerifiedPresentation {
  holder: string;
  credentials: VerifiedMembership[];
}

interface DecodedJwt {
  payload: JWTPayload & Record<string, unknown>;
}

/**
 * Checks MembershipCredentials and presentations of them, and says exactly why it rejects one: each
 * reason is its own CredentialRejectedError subclass. Checks run cheapest first: shape, issuer trust,
 * validity period, signature (DID resolution), schema, revocation status.
 */
export class MembershipVerifier {
  readonly #resolver: Resolvable;
  readonly #trusted: ReadonlySet<string>;
  readonly #fetchStatusList: (url: string) => Promise<string>;
  readonly #now: () => Date;
  readonly #skew: number;
  /** Status list JWTs already verified (signature, issuer, type) → their decoded bits. Bounded. */
  readonly #verifiedLists = new Map<string, { payload: JWTPayload; list: RevocationList }>();
  /** Per status list URL, the issuance time of the newest list seen: an older one is a replay. */
  readonly #newestList = new Map<string, number>();

  constructor(agent: IdentityAgent, options: MembershipVerifierOptions) {
    // The agent's resolvers (did:key, did:web, did:ethr), each DID resolved once: a verifier checks many
    // credentials of one issuer.
    this.#resolver = cachedResolver(agentResolver(agent));
    this.#trusted = new Set(options.trustedIssuers);
    this.#fetchStatusList = options.fetchStatusList ?? fetchOverHttp;
    this.#now = options.now ?? (() => new Date());
    this.#skew = options.clockSkewSeconds ?? 60;
  }

  /** Verifies a membership credential: trusted issuer, signature, validity, schema and revocation status. */
  async verifyCredential(jwt: string): Promise<VerifiedMembership> {
    const { payload } = decode(jwt, "vc");
    const issuer = payload.iss as string;
    if (!this.#trusted.has(issuer)) throw new UntrustedIssuerError(issuer);
    const { validFrom, validUntil } = this.#checkValidity(payload);
    await this.#checkSignature(jwt, issuer, "credential");

    // VC Data Model 2.0 (issued now) or 1.1 (issued before): the JWT claims and the credential must agree.
    const { credential } = readCredentialJwt(jwt, payload);
    if (issuerId(credential.issuer) !== issuer) throw new MalformedJwtError("the credential's issuer is not the JWT's");
    await assertMembershipSchema(credential);
    const status = credential.credentialStatus as StatusListEntry;
    const statusListIndex = Number(status.statusListIndex);
    await this.#checkStatus(status, issuer, String(credential.id));
    return {
      id: String(credential.id),
      issuer,
      membership: parseMembershipSubject(credential.credentialSubject as Record<string, unknown>),
      statusListIndex,
      validFrom,
      validUntil,
    };
  }

  /**
   * A presentation is accepted only for this verifier's `challenge` (JWT nonce) and `domain` (JWT aud), so a
   * captured presentation cannot be replayed to another verifier or later; its holder must be the subject of
   * every credential in it.
   */
  async verifyPresentation(jwt: string, expected: { challenge: string; domain: string }): Promise<VerifiedPresentation> {
    const { payload } = decode(jwt, "vp");
    if (payload.nonce !== expected.challenge) throw new WrongChallengeError(expected.challenge, payload.nonce);
    const audience = [payload.aud ?? []].flat();
    if (!audience.includes(expected.domain)) throw new WrongDomainError(expected.domain, payload.aud);
    const holder = payload.iss as string;
    this.#checkValidity(payload);
    await this.#checkSignature(jwt, holder, "presentation", expected);

    const embedded = (payload.vp as { verifiableCredential?: unknown }).verifiableCredential;
    const jwts = [embedded ?? []].flat();
    if (jwts.length === 0 || !jwts.every((c): c is string => typeof c === "string")) {
      throw new MalformedJwtError("the presentation must carry its credentials as JWTs");
    }
    const credentials: VerifiedMembership[] = [];
    for (const credentialJwt of jwts) {
      const verified = await this.verifyCredential(credentialJwt);
      if (verified.membership.memberDid !== holder) throw new HolderMismatchError(holder, verified.membership.memberDid);
      credentials.push(verified);
    }
    return { holder, credentials };
  }

  #checkValidity(payload: JWTPayload): { validFrom: Date; validUntil: Date } {
    const now = this.#now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const validFrom = new Date((payload.nbf ?? payload.iat ?? 0) * 1000);
    const validUntil = new Date((payload.exp ?? Number.MAX_SAFE_INTEGER / 1000) * 1000);
    if (payload.nbf !== undefined && nowSeconds + this.#skew < payload.nbf) throw new CredentialNotYetValidError(validFrom, now);
    if (payload.exp !== undefined && nowSeconds - this.#skew >= payload.exp) throw new CredentialExpiredError(validUntil, now);
    return { validFrom, validUntil };
  }

  async #checkSignature(
    jwt: string,
    signer: string,
    kind: "credential" | "presentation",
    expected?: { challenge: string; domain: string },
  ) {
    // Time, status, challenge and shape are checked by this class with typed errors; did-jwt checks the signature
    // against the signer's DID document (its assertion method for a credential, authentication for a presentation)
    // and, for a presentation, that it is addressed to this verifier.
    try {
      const { verifyJWT } = await loadDidJwt();
      const { issuer } = await verifyJWT(jwt, {
        resolver: this.#resolver,
        proofPurpose: kind === "credential" ? "assertionMethod" : "authentication",
        policies: { nbf: false, iat: false, exp: false, aud: kind === "presentation" },
        ...(expected ? { audience: expected.domain } : {}),
      });
      if (issuer !== signer) throw new Error(`signed by ${issuer}`);
    } catch (error) {
      throw new BadSignatureError(signer, (error as Error).message);
    }
  }

  async #checkStatus(status: StatusListEntry, issuer: string, credentialId: string): Promise<void> {
    const url = status.statusListCredential;
    let listJwt: string;
    try {
      listJwt = await this.#fetchStatusList(url);
    } catch (error) {
      throw new StatusListUnavailableError(url, (error as Error).message, { cause: error });
    }
    // Keyed by issuer too: a list verified for one issuer says nothing about another's credentials.
    const { payload, list } = this.#verifiedLists.get(`${issuer} ${listJwt}`) ?? (await this.#verifyStatusList(url, listJwt, issuer));
    // A list must say how long it is valid and still be valid; and it must not be older than a list of the same
    // URL seen before (a cache or server replaying a list from before a revocation).
    if (payload.exp === undefined) throw new StatusListUnavailableError(url, "the list has no validity period (expirationDate)");
    try {
      this.#checkValidity(payload);
    } catch (error) {
      throw new StatusListUnavailableError(url, `stale: ${(error as Error).message}`, { cause: error });
    }
    const issuedAt = payload.nbf ?? payload.iat ?? 0;
    const newest = this.#newestList.get(url) ?? 0;
    if (issuedAt < newest) {
      throw new StatusListUnavailableError(
        url,
        `stale: issued ${new Date(issuedAt * 1000).toISOString()}, before a list already seen (${new Date(newest * 1000).toISOString()})`,
      );
    }
    this.#newestList.set(url, issuedAt);
    const index = Number(status.statusListIndex);
    if (!Number.isSafeInteger(index) || index >= list.length)
      throw new StatusListUnavailableError(url, `index ${index} is outside the list`);
    if (list.isRevoked(index)) throw new CredentialRevokedError(credentialId, index);
  }

  /** A status list counts only if its issuer signed it; the result is cached by the exact JWT text. */
  async #verifyStatusList(url: string, listJwt: string, issuer: string): Promise<{ payload: JWTPayload; list: RevocationList }> {
    let payload: DecodedJwt["payload"];
    try {
      ({ payload } = decode(listJwt, "vc"));
    } catch (error) {
      throw new StatusListUnavailableError(url, "not a status list credential JWT", { cause: error });
    }
    // The list must come from the credential's own issuer: anyone else could publish an "all valid" list.
    if (payload.iss !== issuer) throw new StatusListUnavailableError(url, `signed by ${String(payload.iss)}, not by the issuer ${issuer}`);
    const vc = readCredentialJwt(listJwt).credential as {
      type?: string[];
      credentialSubject?: { statusPurpose?: string; encodedList?: string };
    };
    if (!vc.type?.includes(STATUS_LIST_CREDENTIAL_TYPE) || vc.credentialSubject?.statusPurpose !== "revocation") {
      throw new StatusListUnavailableError(url, "not a revocation BitstringStatusListCredential");
    }
    if (payload.jti !== undefined && payload.jti !== url) throw new StatusListUnavailableError(url, `its id is ${payload.jti}`);
    try {
      await this.#checkSignature(listJwt, issuer, "credential");
    } catch (error) {
      throw new StatusListUnavailableError(url, (error as Error).message, { cause: error });
    }
    const list = await RevocationList.decode(vc.credentialSubject.encodedList ?? "").catch((error: unknown) => {
      throw new StatusListUnavailableError(url, `undecodable encodedList: ${(error as Error).message}`);
    });
    if (this.#verifiedLists.size >= STATUS_LIST_CACHE_SIZE) this.#verifiedLists.delete(this.#verifiedLists.keys().next().value as string);
    this.#verifiedLists.set(`${issuer} ${listJwt}`, { payload, list });
    return { payload, list };
  }
}

const STATUS_LIST_CACHE_SIZE = 64;

function decode(jwt: string, claim: "vc" | "vp"): DecodedJwt {
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwtParts(jwt) as unknown as DecodedJwt;
  } catch (error) {
    throw new MalformedJwtError((error as Error).message, { cause: error });
  }
  if (typeof decoded.payload.iss !== "string" || !decoded.payload.iss.startsWith("did:")) throw new MalformedJwtError("iss is not a DID");
  // A credential is either VC Data Model 2.0 (the payload is the credential) or a VC-JWT 1.1 (a `vc` claim).
  const isV2Credential = claim === "vc" && Array.isArray(decoded.payload["@context"]);
  if (!isV2Credential && (typeof decoded.payload[claim] !== "object" || decoded.payload[claim] === null))
    throw new MalformedJwtError(`no ${claim} claim`);
  return decoded;
}

function issuerId(issuer: unknown): string | undefined {
  return typeof issuer === "string" ? issuer : typeof issuer === "object" && issuer !== null ? (issuer as { id?: string }).id : undefined;
}

async function fetchOverHttp(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.text()).trim();
}
