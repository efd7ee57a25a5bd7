import { MEMBERSHIP_VCT } from "../sd-jwt/membership-claims.ts";
import type { SdJwtDcqlQuery } from "./presentation-verifier.ts";

/** What a third party asks a member to show: cover by this mutual, for this product, until at least this day. */
export interface CoverQuery {
  mutual?: { chainId: bigint; contract: string };
  /** The product in words, as the mutual names it ("boats"). */
  policyType?: string;
  /** The last day (YYYY-MM-DD, UTC) the holder must be covered on. */
  coveredUntil?: string;
  /** The cover limit must be at least this, in the pool token's base units (the band's lower end is compared). */
  minCoverLimit?: bigint;
}

/** The id of the credential query in a cover request's DCQL query. */
export const COVER_CREDENTIAL_QUERY_ID = "mutua_membership";

/**
 * The DCQL query for a cover question: only the claims the question needs, exact values where DCQL can say them
 * (the mutual, the product, good standing), and the period or limit band where a comparison is needed (DCQL has
 * no "at least": the verifier compares after verifying).
 */
export function coverDcqlQuery(query: CoverQuery): SdJwtDcqlQuery {
  if (query.coveredUntil !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(query.coveredUntil))
    throw new TypeError(`coveredUntil must be a day, YYYY-MM-DD: got ${query.coveredUntil}`);
  const claims: { id: string; path: string[]; values?: (string | boolean)[] }[] = [
    { id: "standing", path: ["in_good_standing"], values: [true] },
  ];
  if (query.mutual) {
    claims.push({ id: "chain", path: ["mutual", "chain_id"], values: [query.mutual.chainId.toString()] });
    claims.push({ id: "contract", path: ["mutual", "contract"], values: [query.mutual.contract.toLowerCase()] });
  }
  if (query.policyType !== undefined) claims.push({ id: "product", path: ["policy_type"], values: [query.policyType] });
  if (query.coveredUntil !== undefined) claims.push({ id: "period", path: ["policy_period"] });
  if (query.minCoverLimit !== undefined) claims.push({ id: "limit", path: ["cover_limit_band"] });
  return {
    credentials: [{ id: COVER_CREDENTIAL_QUERY_ID, format: "dc+sd-jwt" as const, meta: { vct_values: [MEMBERSHIP_VCT] }, claims }],
  };
}
