import { InvalidArgumentError, memberLeaf } from "@mutua/core";
import type { IdentityAgent } from "./agent.ts";
import { IdentityCommitmentMismatchError } from "./errors.ts";
import { IssuerLog, type IssuerLogEntry } from "./issuer-log.ts";
import { decodeJwtParts } from "./jwt-parts.ts";
import type { Membership } from "./membership-credential.ts";
import {
  MEMBERSHIP_CONTEXT,
  MEMBERSHIP_CREDENTIAL_TYPE,
  MEMBERSHIP_SCHEMA_ID,
  membershipSubject,
  parseMembershipSubject,
  unixToIso,
} from "./membership-credential.ts";
import { allocateStatusIndex, RevocationList, STATUS_LIST_CREDENTIAL_TYPE, statusListEntry } from "./status-list.ts";
import { readCredentialJwt, signCredentialJwt, VC_V2_CONTEXT } from "./vc-jwt.ts";

export interface IssueMembershipRequest extends Membership {
  /** Default: now. The credential is not valid before it. */
  validFrom?: Date;
  /** Default: the policy's expiry. */
  validUntil?: Date;
}

/** A membership the issuer issued: its credential, the member's leaf and its status list index. */
export interface IssuedMembership {
  id: string;
  jwt: string;
  statusListIndex: number;
  membership: Membership;
}

/** What a revocation yields: the new status list to publish, and the leaf the registry must remove. */
export interface Revocation {
  credentialId: string;
  statusListIndex: number;
  /** The member's leaf (memberLeaf of commitment and terms): find its index in the tree and call removeMember. */
  memberLeaf: bigint;
  /** The re-issued status list credential (JWT) to publish at the status list URL. */
  statusListCredential: string;
}

interface IssuedRecord {
  id: string;
  jwt: string;
  index: number;
  membership: Membership;
}

/**
 * The mutual's side: issues MembershipCredentials (JWT VCs signed by the issuer's DID) with a Bitstring
 * Status List entry, and revokes them. Keys stay in the agent; what was issued and revoked goes to the
 * issuer's log, so an issuer on file storage picks up where it stopped.
 */
export class MembershipIssuer {
  readonly issuerDid: string;
  readonly statusListUrl: string;
  readonly #agent: IdentityAgent;
  readonly #issued = new Map<string, IssuedRecord>();
  readonly #used = new Set<number>();
  readonly #log: IssuerLog;
  #revocations: RevocationList;
  #statusListJwt: string | undefined;
  #statusListValidity = DEFAULT_STATUS_LIST_VALIDITY;

  private constructor(agent: IdentityAgent, issuerDid: string, statusListUrl: string, revocations: RevocationList, log: IssuerLog) {
    this.#agent = agent;
    this.#log = log;
    this.issuerDid = issuerDid;
    this.statusListUrl = statusListUrl;
    this.#revocations = revocations;
  }

  /**
   * Opens the issuer for `issuerDid` (a DID the agent controls); `statusListUrl` is where its status list is
   * published. `log` is where it records what it issued and revoked (default: memory).
   */
  static async open(
    agent: IdentityAgent,
    options: {
      issuerDid: string;
      statusListUrl: string;
      log?: { kind: "memory" } | { kind: "file"; path: string };
      /** How long each status list is valid, seconds. Default one day. */
      statusListValidity?: number;
    },
  ): Promise<MembershipIssuer> {
    await agent.didManagerGet({ did: options.issuerDid }).catch((error: unknown) => {
      throw new InvalidArgumentError("issuerDid", `the agent does not control ${options.issuerDid}`, { cause: String(error) });
    });
    try {
      new URL(options.statusListUrl);
    } catch {
      throw new InvalidArgumentError("statusListUrl", `not a URL: ${options.statusListUrl}`);
    }
    const log = options.log?.kind === "file" ? IssuerLog.open(options.log.path) : IssuerLog.memory();
    const issuer = new MembershipIssuer(agent, options.issuerDid, options.statusListUrl, await RevocationList.empty(), log);
    issuer.#statusListValidity = options.statusListValidity ?? DEFAULT_STATUS_LIST_VALIDITY;
    for (const entry of log.entries) issuer.#apply(entry);
    return issuer;
  }

  /** Takes in what other processes issued or revoked since (an issuer command beside a running desk). */
  refresh(): void {
    for (const entry of this.#log.refresh()) this.#apply(entry);
  }

  #apply(entry: IssuerLogEntry): void {
    if (entry.type === "issued") {
      const membership = parseMembershipSubject(readCredentialJwt(entry.jwt).credential.credentialSubject ?? {});
      this.#issued.set(entry.id, { id: entry.id, jwt: entry.jwt, index: entry.index, membership });
      this.#used.add(entry.index);
    } else if (entry.type === "revoked") {
      const record = this.#issued.get(entry.id);
      if (record) this.#revocations.revoke(record.index);
    } else if (entry.type === "statusList") {
      this.#statusListJwt = entry.jwt;
    }
  }

  /** Issues a membership credential for a checked request; logs it before returning it. */
  async issue(request: IssueMembershipRequest): Promise<IssuedMembership> {
    const subject = membershipSubject(request);
    this.checkAdmissible(request);
    const index = allocateStatusIndex(this.#used);
    const id = `urn:uuid:${crypto.randomUUID()}`;
    const validFrom = request.validFrom ?? new Date();
    const validUntil = request.validUntil ?? new Date(Number(request.terms.policyExpiry) * 1000);
    if (validUntil <= validFrom)
      throw new InvalidArgumentError("validUntil", "must be after validFrom (and the policy must not have expired)");
    const jwt = await signCredentialJwt(this.#agent, this.issuerDid, {
      "@context": [VC_V2_CONTEXT, MEMBERSHIP_CONTEXT],
      id,
      type: ["VerifiableCredential", MEMBERSHIP_CREDENTIAL_TYPE],
      issuer: this.issuerDid,
      validFrom: isoSeconds(validFrom),
      validUntil: isoSeconds(validUntil),
      credentialSubject: subject,
      credentialStatus: statusListEntry(this.statusListUrl, index),
      credentialSchema: { id: MEMBERSHIP_SCHEMA_ID, type: "JsonSchema" },
    });
    const record = { id, jwt, index, membership: request };
    this.#log.append({ type: "issued", id, jwt: record.jwt, index });
    this.#issued.set(id, record);
    this.#used.add(index);
    return { id, jwt: record.jwt, statusListIndex: index, membership: request };
  }

  /**
   * Throws unless `issue` would accept the request: valid terms, and one identity commitment per member per
   * mutual for every policy, renewal and re-admission (revoked credentials included: their nullifiers must stay
   * the member's), and no two members sharing one. Lets a caller check before an irreversible step.
   */
  checkAdmissible(request: Membership): void {
    membershipSubject(request);
    const sameMutual = (m: Membership) =>
      m.mutual?.chainId === request.mutual?.chainId && m.mutual?.contract?.toLowerCase() === request.mutual?.contract?.toLowerCase();
    for (const { membership } of this.#issued.values()) {
      if (!sameMutual(membership)) continue;
      if (membership.memberDid === request.memberDid && membership.identityCommitment !== request.identityCommitment) {
        throw new IdentityCommitmentMismatchError(
          request.memberDid,
          "this member was admitted with another identity commitment; a renewal or second policy must reuse it",
        );
      }
      if (membership.memberDid !== request.memberDid && membership.identityCommitment === request.identityCommitment) {
        throw new IdentityCommitmentMismatchError(request.memberDid, "another member already holds this identity commitment");
      }
    }
  }

  /** Revokes the credential with this id: sets its bit and re-issues the status list credential. */
  async revoke(credentialId: string): Promise<Revocation> {
    const record = this.#issued.get(credentialId);
    if (!record) throw new InvalidArgumentError("credentialId", `${credentialId} was not issued by ${this.issuerDid} on this status list`);
    this.#revocations.revoke(record.index);
    this.#log.append({ type: "revoked", id: credentialId });
    const statusListCredential = await this.#issueStatusList();
    return {
      credentialId,
      statusListIndex: record.index,
      memberLeaf: memberLeaf(record.membership.identityCommitment, record.membership.terms),
      statusListCredential,
    };
  }

  /** Whether the issuer revoked this credential. */
  isRevoked(credentialId: string): boolean {
    const record = this.#issued.get(credentialId);
    return record !== undefined && this.#revocations.isRevoked(record.index);
  }

  /** The credential issued with this id, if this issuer issued it. */
  issued(credentialId: string): IssuedMembership | undefined {
    const r = this.#issued.get(credentialId);
    return r && { id: r.id, jwt: r.jwt, statusListIndex: r.index, membership: r.membership };
  }

  /** Every membership this issuer issued, in order. */
  issuedCredentials(): readonly IssuedMembership[] {
    return [...this.#issued.values()].map((r) => ({ id: r.id, jwt: r.jwt, statusListIndex: r.index, membership: r.membership }));
  }

  /**
   * The status list credential (JWT) to publish at statusListUrl. Each list is valid for `statusListValidity`
   * seconds; a new one is issued when the current one has used half of it, so a publisher that asks on every
   * request always serves a fresh list, and a replayed old list stops being accepted when it expires.
   */
  async statusListCredential(): Promise<string> {
    const current = this.#statusListJwt;
    if (current) {
      const { payload } = decodeJwtParts(current);
      const remaining = (payload.exp ?? 0) * 1000 - Date.now();
      if (remaining > (this.#statusListValidity * 1000) / 2) return current;
    }
    return this.#issueStatusList();
  }

  async #issueStatusList(): Promise<string> {
    // Strictly later than the last list (verifiers reject any list older than the newest they have seen), and
    // never from the future: a second revocation within a second waits for the next second.
    const last = this.#statusListJwt ? (decodeJwtParts(this.#statusListJwt).payload.nbf ?? 0) : 0;
    const wait = (last + 1) * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 5));
    const issuedAt = Math.max(Math.floor(Date.now() / 1000), last + 1);
    this.#statusListJwt = await signCredentialJwt(this.#agent, this.issuerDid, {
      "@context": [VC_V2_CONTEXT],
      id: this.statusListUrl,
      type: ["VerifiableCredential", STATUS_LIST_CREDENTIAL_TYPE],
      issuer: this.issuerDid,
      validFrom: unixToIso(BigInt(issuedAt)),
      validUntil: unixToIso(BigInt(issuedAt + this.#statusListValidity)),
      credentialSubject: {
        id: `${this.statusListUrl}#list`,
        type: "BitstringStatusList",
        statusPurpose: "revocation",
        encodedList: await this.#revocations.encode(),
      },
    });
    this.#log.append({ type: "statusList", jwt: this.#statusListJwt });
    return this.#statusListJwt;
  }
}

const DEFAULT_STATUS_LIST_VALIDITY = 86_400;

function isoSeconds(date: Date): string {
  return unixToIso(BigInt(Math.floor(date.getTime() / 1000)));
}
