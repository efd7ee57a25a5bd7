import { type CoverClaims, MEMBERSHIP_VCT } from "../sd-jwt/membership-claims.ts";
import { type CoverQuery, coverDcqlQuery } from "./cover-query.ts";
import { PresentationRejectedError, type PresentationRequest, PresentationVerifier } from "./presentation-verifier.ts";

/** Why a presentation of cover was refused (the presentation verifier's error, and NOT_COVERED). */
export const CoverRejectedError = PresentationRejectedError;
export type CoverRejectedError = PresentationRejectedError;
/** A cover request made by a verifier: the OpenID4VP request and its state. */
export type CoverRequest = PresentationRequest;

/** What a verified presentation showed, in the verifier's terms. */
export interface VerifiedCover {
  issuer: string;
  /** Only the claims the holder disclosed (those the query asked for). */
  claims: Partial<CoverClaims>;
}

/**
 * Proof of Mutua cover for third parties (a marina, a landlord, a second mutual) over OpenID4VP: a DCQL query
 * for the membership SD-JWT VC built from a cover question, every check of the PresentationVerifier (the
 * membership's status list is required), then the cover itself: the mutual, the product, covered until the day
 * asked, a limit band at least the amount asked.
 */
export class CoverVerifier {
  readonly #verifier: PresentationVerifier<CoverQuery>;

  constructor(options: { responseUri: string; trustedIssuers: readonly string[]; fetch?: typeof fetch; now?: () => number }) {
    this.#verifier = new PresentationVerifier<CoverQuery>({ ...options, requireStatus: true });
  }

  get clientId(): string {
    return this.#verifier.clientId;
  }

  get responseUri(): string {
    return this.#verifier.responseUri;
  }

  /** A request for this cover question; answerable once, within ten minutes. */
  createRequest(query: CoverQuery): CoverRequest {
    return this.#verifier.createRequest(coverDcqlQuery(query), query);
  }

  /** Checks the wallet's answer (the direct_post form); throws CoverRejectedError with the reason. */
  async verifyResponse(form: { vp_token?: unknown; state?: unknown }): Promise<VerifiedCover> {
    const { issuer, vct, claims, context: query } = await this.#verifier.verifyResponse(form);
    if (vct !== MEMBERSHIP_VCT) throw new PresentationRejectedError("INVALID_PRESENTATION", "not a Mutua membership");
    const cover = claims as Partial<CoverClaims>;
    checkCover(query, cover);
    return { issuer, claims: pick(cover) };
  }
}

function checkCover(query: CoverQuery, claims: Partial<CoverClaims>): void {
  const refuse = (what: string) => {
    throw new PresentationRejectedError("NOT_COVERED", what);
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

function pick(claims: Partial<CoverClaims>): Partial<CoverClaims> {
  const { mutual, policy_type, cover_limit_band, policy_period, in_good_standing } = claims;
  return Object.fromEntries(
    Object.entries({ mutual, policy_type, cover_limit_band, policy_period, in_good_standing }).filter(([, v]) => v !== undefined),
  ) as Partial<CoverClaims>;
}
