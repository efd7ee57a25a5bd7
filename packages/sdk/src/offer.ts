import { explicitCoverTerms, MutuaError } from "@mutua/core";
import type { Admission } from "./mutual-admin.ts";

/**
 * The issuer's offer as it travels to the member (`mutua issuer offer --json`, pasted into the app): the member's
 * request with the policy's exact terms and premium, numbers as decimal strings. The member pays it, then is
 * admitted with exactly these terms.
 */
export interface OfferJson {
  memberDid: string;
  identityCommitment: string;
  terms: {
    policyId: string;
    coverageLimit: string;
    policyStart: string;
    policyExpiry: string;
    /** The cover terms, when the policy has them (the leaf commits to them: a member paying without them pays for another leaf). */
    ratingClass?: number;
    region?: number;
    parametricProducts?: number[];
  };
  premium: string;
}

/** An admission as the JSON a join desk sends and a wallet checks. */
export function offerJson(admission: Admission): OfferJson {
  const { terms } = admission;
  return {
    memberDid: admission.memberDid,
    identityCommitment: admission.identityCommitment.toString(),
    terms: {
      policyId: terms.policyId.toString(),
      coverageLimit: terms.coverageLimit.toString(),
      policyStart: terms.policyStart.toString(),
      policyExpiry: terms.policyExpiry.toString(),
      ...explicitCoverTerms(terms),
    },
    premium: admission.premium.toString(),
  };
}

/** Reads an offer's text (extra fields, such as the leaf, are ignored); NOT_AN_OFFER says what is wrong with it. */
export function parseOffer(text: string): Admission {
  let raw: Partial<OfferJson>;
  try {
    raw = JSON.parse(text) as Partial<OfferJson>;
  } catch {
    throw new MutuaError("NOT_AN_OFFER", "that is not an offer from the mutual (not JSON): use the whole text it sent");
  }
  return admissionOf(raw);
}

/** An offer as it travels (decimal strings) back to the admission it states; NOT_AN_OFFER if it is incomplete. */
export function admissionOf(raw: Partial<OfferJson>): Admission {
  try {
    return {
      memberDid: String(raw.memberDid),
      identityCommitment: BigInt(raw.identityCommitment as string),
      terms: {
        policyId: BigInt(raw.terms?.policyId as string),
        coverageLimit: BigInt(raw.terms?.coverageLimit as string),
        policyStart: BigInt(raw.terms?.policyStart as string),
        policyExpiry: BigInt(raw.terms?.policyExpiry as string),
        ...explicitCoverTerms(raw.terms ?? {}),
      },
      premium: BigInt(raw.premium as string),
    };
  } catch {
    throw new MutuaError("NOT_AN_OFFER", "that offer is incomplete: it needs the member's commitment, the policy's terms and its premium");
  }
}
