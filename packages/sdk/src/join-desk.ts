import type { CoverTerms } from "@mutua/core";
import { MutuaError, memberLeaf } from "@mutua/core";
import type { IdentityAgent } from "@mutua/identity";
import { randomToken, verifyMembershipRequest } from "@mutua/identity";
import type { RateTable } from "@mutua/pricing";
import { classNumber, quote } from "@mutua/pricing";
import type { AdmissionProofRecord, AdmissionProofs } from "./admission-proofs.ts";
import type { Admission, MutualAdmin } from "./mutual-admin.ts";
import type { OfferJson } from "./offer.ts";
import { admissionOf, offerJson } from "./offer.ts";

/** The policy a desk offers everyone it admits: the mutual's standing product. */
export interface JoinProduct {
  policyId: bigint;
  coverageLimit: bigint;
  premium: bigint;
  /** How long a policy runs from the request, in days. */
  days: number;
  /** The policy's rating class, region and parametric products (in every admitted leaf); default none. */
  cover?: CoverTerms;
  /**
   * The adopted rate table the premium comes from, and the class (and exposure, default 1) it is quoted for: the
   * desk cites it, the premium must be the table's, the leaf's rating class is the table's number for the class, and
   * each member's wallet recomputes the premium before paying (checkDeskOffer).
   */
  pricing?: DeskPricing;
}

/** How the desk prices: the rate table, its on-chain version, and the factors a newcomer declares. */
export interface DeskPricing {
  table: RateTable;
  levels: Record<string, string>;
  exposure?: number;
}

/** What the desk says about itself to anyone (GET /join): enough for the app to show the offer in words. */
export interface JoinDeskDescription {
  mutual: string;
  chainId: string;
  name: string;
  issuerDid: string;
  token: string;
  coverageLimit: string;
  premium: string;
  days: number;
  /** How long an offer may be paid after it is made, in seconds. */
  offerValidFor: number;
  /** What the desk asks to see first, from a credential the person already holds (when it asks). */
  proof?: { purpose: string; vct: string[]; claims: string[][] };
  /** The rate table the premium comes from, and the class it is quoted for: the wallet checks the offer against it. */
  pricing?: DeskPricing;
}

/** One request as the desk keeps it: the ticket only as its hash, so a leaked state file grants nothing. */
export interface JoinRecord {
  ticketHash: string;
  /** The offer made for this request. */
  offer: OfferJson;
  /** Unix ms when the offer was made. */
  createdAt: number;
  credential?: { id: string; jwt: string };
  refused?: string;
  /** The credential shown before the offer (when the desk asks for one): its issuer and when, nothing it said. */
  proof?: AdmissionProofRecord;
}

/** Where the desk keeps its records (a file in production, memory in tests). */
export interface JoinRecordStore {
  /** The records kept. */
  load(): JoinRecord[];
  /** Replaces the records kept (written whole or not at all). */
  save(records: readonly JoinRecord[]): void;
}

/** Where a join request stands. */
export type JoinStatus =
  | { state: "awaiting-payment"; offer: OfferJson; payBefore: number }
  | {
      state: "admitted";
      offer: OfferJson;
      credential: { id: string; jwt: string };
      /** The same membership for a standard wallet (OpenID4VCI), when the desk's issuer runs the endpoint. */
      credentialOffer?: { uri: string; txCode: string; expiresAt: number };
    }
  | { state: "refused"; offer: OfferJson; reason: string };

/** What one admission round did: members admitted, payments refused, and what blocks the queue. */
export interface AdmissionRound {
  admitted: number;
  /** Payments refused this round: below or after their offer, or for a leaf nobody offered (after the grace). */
  refused: number;
  /** A payment at the head of the queue this desk made no offer for: the operator decides (`issuer queue`). */
  blockedBy?: { position: number; payer: string; amount: bigint };
}

/** An offer may be paid for an hour: long enough to open a wallet, short enough that prices stay current. */
export const OFFER_VALID_SECONDS = 3_600;
/** Unpaid requests are forgotten after a week (a payment that late is left to the operator). */
const FORGET_UNPAID_MS = 7 * 86_400_000;
/** At most this many unpaid requests at once: a stranger flooding the desk fills this, not the disk. */
export const MAX_WAITING_REQUESTS = 5_000;
/**
 * A payment at the queue's head for a leaf neither this desk nor the operator offered is refused (its payer
 * withdraws it) once it is this old in chain time: long enough for an operator to admit a policy offered by other
 * means, short enough that a stranger's payment cannot stall admissions for long.
 */
export const UNKNOWN_PAYMENT_GRACE_SECONDS = 600;

export class JoinDeskError extends MutuaError {}

/** A product priced from a rate table: its premium must be the table's, and its leaves carry the table's class number. */
function priced(product: JoinProduct): JoinProduct {
  const pricing = product.pricing;
  if (!pricing) return product;
  const expected = quote(pricing.table, pricing.levels, pricing.exposure ?? 1).premium;
  if (expected !== product.premium) {
    throw new JoinDeskError(
      "PREMIUM_NOT_FROM_TABLE",
      `rate table ${pricing.table.version} gives ${expected} for this class, not ${product.premium}`,
    );
  }
  const ratingClass = classNumber(pricing.table.factors, pricing.levels);
  if (product.cover?.ratingClass !== undefined && product.cover.ratingClass !== ratingClass) {
    throw new JoinDeskError(
      "CLASS_MISMATCH",
      `rate table ${pricing.table.version} numbers this class ${ratingClass}, not ${product.cover.ratingClass}`,
    );
  }
  return { ...product, cover: { ...product.cover, ratingClass } };
}

/** What the desk needs of an OpenID4VCI issuer (CredentialIssuerService): an offer for an issued membership. */
export interface CredentialOffers {
  /** An OpenID4VCI offer of the membership `credentialId` names, with its transaction code. */
  offer(credentialId: string): Promise<{ uri: string; txCode: string; expiresAt: number }>;
}

/**
 * The issuer's join desk: people ask to join with a request signed by their wallet's DID, get the standing
 * offer for their commitment at once, pay it on-chain from their own account, and collect their credential
 * with the ticket they were given, while the desk admits every paid offer in the premium queue's order.
 * Nobody pastes anything; the operator sets the product once. Payment is the acceptance: a paid offer is
 * admitted without a person at the issuer's terminal, and a payment below the offer's premium is refused
 * (its payer withdraws it) rather than left to block the queue.
 */
export class JoinDesk {
  readonly #admin: MutualAdmin;
  readonly #agent: IdentityAgent;
  readonly #audience: string;
  readonly #product: JoinProduct;
  readonly #store: JoinRecordStore;
  readonly #records: JoinRecord[];
  readonly #maxWaiting: number;
  readonly #credentialOffers: CredentialOffers | undefined;
  readonly #proofs: AdmissionProofs | undefined;
  readonly #operatorOffers: () => ReadonlySet<bigint>;
  readonly #unknownGrace: number;

  constructor(options: {
    admin: MutualAdmin;
    agent: IdentityAgent;
    url: string;
    product: JoinProduct;
    store: JoinRecordStore;
    /** Unpaid requests held at once (default MAX_WAITING_REQUESTS). */
    maxWaiting?: number;
    /** The issuer's OpenID4VCI endpoint: admitted members also get an offer for their standard wallet. */
    credentialOffers?: CredentialOffers;
    /** A credential to see before making an offer (OpenID4VP): no offer without a verified, unspent pass. */
    admissionProofs?: AdmissionProofs;
    /** Leaves the operator offered by other means (`issuer offer`): their payments wait for the operator. */
    operatorOffers?: () => ReadonlySet<bigint>;
    /** Chain seconds before a payment for a leaf nobody offered is refused (default UNKNOWN_PAYMENT_GRACE_SECONDS). */
    unknownPaymentGraceSeconds?: number;
  }) {
    if (options.product.premium <= 0n || options.product.coverageLimit <= 0n || options.product.days < 1) {
      throw new JoinDeskError("BAD_PRODUCT", "a join desk needs a premium, a cover and a policy length above zero");
    }
    this.#admin = options.admin;
    this.#agent = options.agent;
    this.#audience = options.url;
    this.#product = priced(options.product);
    this.#store = options.store;
    this.#records = options.store.load();
    this.#maxWaiting = options.maxWaiting ?? MAX_WAITING_REQUESTS;
    this.#credentialOffers = options.credentialOffers;
    this.#proofs = options.admissionProofs;
    this.#operatorOffers = options.operatorOffers ?? (() => new Set());
    this.#unknownGrace = options.unknownPaymentGraceSeconds ?? UNKNOWN_PAYMENT_GRACE_SECONDS;
  }

  /** The admission check, when this desk asks for a credential first. */
  get admissionProofs(): AdmissionProofs | undefined {
    return this.#proofs;
  }

  /** The URL requests must name as their audience. */
  get url(): string {
    return this.#audience;
  }

  /** What the desk offers, as `JoinDeskClient.describe` reads it. */
  describe(): JoinDeskDescription {
    const { deployment } = this.#admin;
    return {
      mutual: deployment.mutual,
      chainId: deployment.chainId.toString(),
      name: deployment.name,
      issuerDid: this.#admin.issuer.issuerDid,
      token: deployment.token,
      coverageLimit: this.#product.coverageLimit.toString(),
      premium: this.#product.premium.toString(),
      days: this.#product.days,
      offerValidFor: OFFER_VALID_SECONDS,
      ...(this.#product.pricing ? { pricing: this.#product.pricing } : {}),
      ...(this.#proofs
        ? {
            proof: {
              purpose: this.#proofs.policy.purpose,
              vct: this.#proofs.policy.vct,
              claims: this.#proofs.policy.claims.map((c) => c.path),
            },
          }
        : {}),
    };
  }

  /**
   * Takes a signed request and answers the offer and a ticket (the only copy: the desk keeps its hash). Refused
   * before any offer: a bad signature, a request for another mutual or desk, a commitment the issuer could never
   * admit for this DID, a desk full of unpaid requests.
   */
  async request(signedRequest: string, proofState?: string): Promise<{ ticket: string; offer: OfferJson; payBefore: number }> {
    const { deployment } = this.#admin;
    const { memberDid, identityCommitment } = await verifyMembershipRequest(this.#agent, signedRequest, {
      mutual: { chainId: deployment.chainId, contract: deployment.mutual },
      audience: this.#audience,
    });
    const now = Date.now();
    this.#forgetStale(now);
    if (this.#records.filter((r) => !r.credential && !r.refused).length >= this.#maxWaiting) {
      throw new JoinDeskError("DESK_BUSY", "the mutual's join desk has too many requests waiting for payment: try again later");
    }
    const chainNow = await this.#admin.chainTime();
    const admission: Admission = {
      memberDid,
      identityCommitment,
      premium: this.#product.premium,
      terms: {
        policyId: this.#product.policyId,
        coverageLimit: this.#product.coverageLimit,
        // A minute back, as `issuer offer` does: the block that admits may carry an earlier timestamp than now.
        policyStart: chainNow - 60n,
        policyExpiry: chainNow + BigInt(this.#product.days) * 86_400n,
        ...this.#product.cover,
      },
    };
    this.#admin.checkAdmissible(admission);
    // Last before the record: a request refused for anything else leaves the pass unspent.
    const proof = this.#proofs?.consume(proofState);
    const ticket = randomToken();
    const record: JoinRecord = {
      ticketHash: await hashTicket(ticket),
      offer: offerJson(admission),
      createdAt: now,
      ...(proof ? { proof } : {}),
    };
    this.#records.push(record);
    this.#store.save(this.#records);
    return { ticket, offer: record.offer, payBefore: payBefore(record) };
  }

  /** Where a request stands, for the holder of its ticket alone (UNKNOWN_TICKET otherwise). */
  async status(ticket: string): Promise<JoinStatus> {
    const hash = await hashTicket(ticket);
    const record = this.#records.find((r) => r.ticketHash === hash);
    if (!record) throw new JoinDeskError("UNKNOWN_TICKET", "this desk holds no request for that ticket (it may have expired unpaid)");
    if (record.credential) {
      // A fresh single-use offer each time it is asked for; none for a membership revoked since.
      const made = await this.#credentialOffers?.offer(record.credential.id).catch(() => undefined);
      const credentialOffer = made && { uri: made.uri, txCode: made.txCode, expiresAt: made.expiresAt };
      return { state: "admitted", offer: record.offer, credential: record.credential, ...(credentialOffer ? { credentialOffer } : {}) };
    }
    if (record.refused) return { state: "refused", offer: record.offer, reason: record.refused };
    return { state: "awaiting-payment", offer: record.offer, payBefore: payBefore(record) };
  }

  /**
   * Admits the paid offers at the head of the premium queue, in one batch. A credential issued before a crash
   * (the chain took the leaves, the desk had not written the record) is found in the issuer's log first, so
   * no member is left paid and admitted without their credential.
   */
  async admitPaid(): Promise<AdmissionRound> {
    this.#recoverIssued();
    const round: AdmissionRound = { admitted: 0, refused: 0 };
    const pending = await this.#admin.pendingPayments();
    const batch: { record: JoinRecord; admission: Admission }[] = [];
    for (const payment of pending) {
      // A record with its credential whose payment is pending again: a reorganisation removed the admission (it is
      // posted again, the same credential kept), unless the leaf is on-chain: then this is a second payment, refused.
      const record = this.#records.find((r) => !r.refused && JoinDesk.#leafOf(r) === payment.leaf && !batch.some((b) => b.record === r));
      if (record?.credential && (await this.#admin.hasMember(payment.leaf))) {
        if (batch.length > 0) break;
        await this.#admin.refusePayments(1);
        round.refused++;
        return round;
      }
      if (!record) {
        if (batch.length > 0) break; // admit what is ahead of it first
        // Nobody offered this leaf: never admitted blindly. The operator's own offers wait for the operator; any
        // other is refused once its grace has passed, so a stranger's payment stalls admissions minutes, not days.
        const paidAt = await this.#admin.chainTime(payment.blockNumber);
        const unknown = !this.#operatorOffers().has(payment.leaf);
        if (unknown && (await this.#admin.chainTime()) >= paidAt + BigInt(this.#unknownGrace)) {
          await this.#admin.refusePayments(1);
          round.refused++;
          return round;
        }
        round.blockedBy = { position: payment.position, payer: payment.payer, amount: payment.amount };
        break;
      }
      const admission = admissionOf(record.offer);
      // An offer is open for OFFER_VALID_SECONDS of chain time from the request (its policy starts then): paid
      // later, it would buy cover from before the payment for a loss the payer may already know about.
      const paidAt = await this.#admin.chainTime(payment.blockNumber);
      const late = paidAt > BigInt(admission.terms.policyStart) + 60n + BigInt(OFFER_VALID_SECONDS);
      if (payment.amount < admission.premium || late) {
        if (batch.length > 0) break; // admit what is ahead of it first: refusals take the queue's head only
        await this.#admin.refusePayments(1);
        record.refused = late
          ? "paid after the offer had closed: refused, and the payment can be withdrawn; ask for a new offer"
          : `paid ${payment.amount} base units of the ${admission.premium} asked: refused, and the payment can be withdrawn`;
        this.#store.save(this.#records);
        round.refused++;
        return round;
      }
      batch.push({ record, admission });
    }
    if (batch.length === 0) return round;
    const { credentials } = await this.#admin.admitMembers(batch.map((b) => b.admission));
    batch.forEach(({ record }, i) => {
      const credential = credentials[i];
      if (credential) record.credential = { id: credential.id, jwt: credential.jwt };
    });
    this.#store.save(this.#records);
    round.admitted = batch.length;
    return round;
  }

  #recoverIssued(): void {
    const waiting = this.#records.filter((r) => !r.credential && !r.refused);
    if (waiting.length === 0) return;
    let found = false;
    for (const issued of this.#admin.issuer.issuedCredentials()) {
      const leaf = JoinDesk.#leafOfMembership(issued.membership);
      const record = waiting.find(
        (r) => !r.credential && JoinDesk.#leafOf(r) === leaf && r.offer.memberDid === issued.membership.memberDid,
      );
      if (record) {
        record.credential = { id: issued.id, jwt: issued.jwt };
        found = true;
      }
    }
    if (found) this.#store.save(this.#records);
  }

  #forgetStale(now: number): void {
    const before = this.#records.length;
    for (let i = this.#records.length - 1; i >= 0; i--) {
      const record = this.#records[i] as JoinRecord;
      if (!record.credential && now - record.createdAt > FORGET_UNPAID_MS) this.#records.splice(i, 1);
    }
    if (this.#records.length !== before) this.#store.save(this.#records);
  }

  static #leafOf(record: JoinRecord): bigint {
    return JoinDesk.#leafOfMembership(admissionOf(record.offer));
  }

  static #leafOfMembership(m: Pick<Admission, "identityCommitment" | "terms">): bigint {
    return memberLeaf(m.identityCommitment, m.terms);
  }
}

async function hashTicket(ticket: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(ticket));
  return Buffer.from(digest).toString("hex");
}

function payBefore(record: JoinRecord): number {
  return record.createdAt + OFFER_VALID_SECONDS * 1000;
}
