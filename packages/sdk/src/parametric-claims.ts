import type { ParametricEventRecord, ParametricProduct } from "@mutua/contracts";
import { checkCoverTerms } from "@mutua/core";
import type { HeldMembership } from "@mutua/identity";

/** A parametric event as the wallet sees it: whether one of its own policies covers it, checked locally. */
export interface ParametricEventMatch {
  event: ParametricEventRecord;
  product: ParametricProduct;
  /** Claims are taken now (chain time before the claim window's end). */
  open: boolean;
  /** The wallet's policy that covers it, if any. */
  held?: HeldMembership;
  /** Why none of the wallet's policies covers it (when none does). */
  reason?: string;
  /** This wallet already claimed it (its nullifier is among the event's paid claims). */
  claimed: boolean;
}

/**
 * The wallet's policy covering a parametric event: same region, the product in the policy, in force at the event,
 * and a coverage limit at least the band's payout (what the circuit proves). Decided from the wallet alone.
 */
export function policyCovering(
  held: readonly HeldMembership[],
  event: Pick<ParametricEventRecord, "region" | "product" | "occurredAt" | "payout">,
): { held?: HeldMembership; reason?: string } {
  const reasons = new Set<string>();
  for (const candidate of held) {
    const terms = candidate.membership.terms;
    const cover = checkCoverTerms(terms);
    if (cover.region !== event.region) reasons.add(`your policy's region is ${cover.region || "none"}, the event's ${event.region}`);
    else if (!cover.parametricProducts.includes(event.product)) reasons.add(`your policy does not hold product ${event.product}`);
    else if (BigInt(terms.policyStart) > event.occurredAt || event.occurredAt > BigInt(terms.policyExpiry)) {
      reasons.add("your policy was not in force at the event");
    } else if (BigInt(terms.coverageLimit) < event.payout) reasons.add("your policy's coverage limit is below the band's payout");
    else return { held: candidate };
  }
  return { reason: [...reasons].join("; ") || "the wallet holds no policy of this mutual" };
}
