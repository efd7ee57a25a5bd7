import type { MutuaMutualClient } from "@mutua/contracts";

/** One rating class's claims as the chain records them: every claim discloses its class, nothing finer. */
export interface ClassClaims {
  ratingClass: number;
  filed: number;
  paid: number;
  /** What was paid, in the pool token's base units. */
  paidAmount: bigint;
}

/**
 * Each rating class's claims experience, read from the mutual's events alone (ClaimFiled carries the proven class,
 * ClaimPaid the amount): anyone can rebuild it, and no claim is tied to a member. Exposure (members per class and
 * period) is the issuer's to publish; with it, these counts are the rate table's experience.
 */
export async function claimsByClass(mutual: MutuaMutualClient, fromBlock = 0): Promise<ClassClaims[]> {
  const [filed, paid] = await Promise.all([mutual.filedClaims(fromBlock), mutual.paidClaims(fromBlock)]);
  const classOf = new Map(filed.map((claim) => [claim.claimId, claim.ratingClass]));
  const byClass = new Map<number, ClassClaims>();
  const entry = (ratingClass: number) => {
    const found = byClass.get(ratingClass) ?? { ratingClass, filed: 0, paid: 0, paidAmount: 0n };
    byClass.set(ratingClass, found);
    return found;
  };
  for (const claim of filed) entry(claim.ratingClass).filed += 1;
  for (const payment of paid) {
    const ratingClass = classOf.get(payment.claimId);
    if (ratingClass === undefined) continue; // filed before `fromBlock`
    const e = entry(ratingClass);
    e.paid += 1;
    e.paidAmount += payment.amount;
  }
  return [...byClass.values()].sort((a, b) => a.ratingClass - b.ratingClass);
}
