import { checkPolicyTerms } from "@mutua/core";
import type { Membership } from "../membership-credential.ts";
import typeMetadataJson from "../schemas/membership-vct-v1.json" with { type: "json" };

/** The SD-JWT VC type of a Mutua membership; its type metadata ships as schemas/membership-vct-v1.json. */
export const MEMBERSHIP_VCT = "https://mutua.dev/vct/membership/v1";
/** The SD-JWT VC type metadata of the membership credential (its vct's document). */
export const membershipTypeMetadata: Record<string, unknown> = typeMetadataJson;

/**
 * What an SD-JWT VC of a membership can show, each claim disclosed alone or not at all. Nothing here is
 * unique to one member: no DID, no identity commitment, no policy id or exact amount, times in whole days. A
 * member shows what a verifier asks and nothing links two of their presentations but what they chose to show.
 */
export interface CoverClaims {
  /** Which mutual covers the holder. */
  mutual: { name: string; chain_id: string; contract: string };
  /** The product in words, as the mutual names it (for example "boats"). */
  policy_type: string;
  /** The cover limit's band in the pool token's base units: min ≤ limit < max, on a 1-2-5 scale. */
  cover_limit_band: { min: string; max: string };
  /** Whole UTC days, inside the policy: the first full day of cover and the last. */
  policy_period: { start: string; end: string };
  /** Issued only to members in good standing; revocation (the status list) withdraws it. */
  in_good_standing: true;
}

/** The claims a one-time membership credential carries, each disclosable on its own. */
export const COVER_CLAIM_NAMES = ["mutual", "policy_type", "cover_limit_band", "policy_period", "in_good_standing"] as const;

/** Every claim selectively disclosable (the SD-JWT disclosure frame). */
export const COVER_DISCLOSURE_FRAME = { _sd: [...COVER_CLAIM_NAMES] };

const DAY = 86_400n;

/** The SD-JWT claims of a membership, and the credential's expiry (the last covered day's start, unix seconds). */
export function coverClaims(membership: Membership, policyType: string): { claims: CoverClaims; exp: number } {
  const terms = checkPolicyTerms(membership.terms);
  const { mutual } = membership;
  if (!mutual?.chainId || !mutual.contract) throw new TypeError("an SD-JWT membership names its mutual's chain and contract");
  // Rounded inward, never outward: the credential never claims a day of cover the policy does not give.
  const firstDay = ((terms.policyStart + DAY - 1n) / DAY) * DAY;
  const lastDay = ((terms.policyExpiry + 1n) / DAY) * DAY - DAY;
  if (lastDay < firstDay) throw new TypeError("the policy covers no whole day: nothing to put in an SD-JWT VC");
  return {
    claims: {
      mutual: { name: mutual.name ?? "", chain_id: mutual.chainId.toString(), contract: mutual.contract.toLowerCase() },
      policy_type: policyType,
      cover_limit_band: limitBand(terms.coverageLimit),
      policy_period: { start: isoDay(firstDay), end: isoDay(lastDay) },
      in_good_standing: true,
    },
    // The end of the last covered day: shared by every member whose policy ends that day.
    exp: Number(lastDay + DAY),
  };
}

/** The 1-2-5 band holding `limit`: [1, 2), [2, 5), [5, 10), [10, 20), … ([0, 1) for 0). */
export function limitBand(limit: bigint): { min: string; max: string } {
  if (limit < 1n) return { min: "0", max: "1" };
  let scale = 1n;
  while (scale * 10n <= limit) scale *= 10n;
  const steps = [1n, 2n, 5n, 10n];
  for (let i = 0; i < 3; i++) {
    const low = steps[i] as bigint;
    const high = steps[i + 1] as bigint;
    if (limit < high * scale) return { min: (low * scale).toString(), max: (high * scale).toString() };
  }
  return { min: (10n * scale).toString(), max: (20n * scale).toString() };
}

function isoDay(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
}
