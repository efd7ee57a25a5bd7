import type { Factor } from "./design-matrix.ts";
import { PricingError } from "./errors.ts";

/**
 * A published rating class: per factor the levels it covers ("KE-13|TZ-02", or "*" for all of them) and the
 * members who disclose it.
 */
export interface PublishedClass {
  levels: Record<string, string>;
  members: number;
}

/** The level a merged class shows for a factor whose levels were pooled. */
export const ANY_LEVEL = "*";

type Box = Map<string, Set<string>>;

/**
 * Rating classes a claim may disclose without narrowing its claimant to fewer than `k` people: every published
 * class is disclosed by at least `k` members. The smallest class below `k` is merged with its nearest class (the
 * fewest factors apart, differing in the least important factor, then the smallest), the merged class covering on
 * each factor the levels of both, until every class holds `k`. `factors` come in order of importance, most
 * important first; `classOf` maps a member's own levels to the class they disclose.
 */
export function mergeSmallClasses(
  factors: readonly Factor[],
  members: readonly { levels: Record<string, string>; count: number }[],
  k: number,
): {
  /** The published classes, most important first. */
  classes: PublishedClass[];
  /** The published class a member's own levels fall in. */
  classOf(levels: Record<string, string>): PublishedClass;
} {
  if (!(Number.isInteger(k) && k >= 1)) throw new PricingError("BAD_K", `the minimum class size must be a whole number ≥ 1: got ${k}`);
  const total = members.reduce((a, m) => a + m.count, 0);
  if (total < k) throw new PricingError("POOL_TOO_SMALL", `the pool has ${total} members, fewer than the ${k} one class must hold`);
  const fineKey = (levels: Record<string, string>) => factors.map((f) => levels[f.name]).join("|");
  // Groups of fine classes that disclose one box; each starts alone.
  let groups = members.map((m) => ({
    fine: [fineKey(m.levels)],
    box: new Map(factors.map((f) => [f.name, new Set([m.levels[f.name] as string])])) as Box,
    members: m.count,
  }));
  for (;;) {
    const small = groups.filter((g) => g.members < k).sort((a, b) => a.members - b.members)[0];
    if (!small) break;
    const others = groups.filter((g) => g !== small);
    const differing = (g: (typeof groups)[number]) =>
      factors.map((f, i) => (sameSet(g.box.get(f.name), small.box.get(f.name)) ? -1 : i)).filter((i) => i >= 0);
    const nearest = others
      .map((g) => ({ g, d: differing(g) }))
      .sort((a, b) => a.d.length - b.d.length || Math.min(...b.d) - Math.min(...a.d) || a.g.members - b.g.members)[0]?.g;
    if (!nearest) break;
    const box: Box = new Map(factors.map((f) => [f.name, new Set([...(small.box.get(f.name) ?? []), ...(nearest.box.get(f.name) ?? [])])]));
    groups = [
      ...others.filter((g) => g !== nearest),
      { fine: [...small.fine, ...nearest.fine], box, members: small.members + nearest.members },
    ];
  }
  const label = (box: Box) =>
    Object.fromEntries(
      factors.map((f) => {
        const covered = f.levels.filter((level) => box.get(f.name)?.has(level));
        return [f.name, covered.length === f.levels.length ? ANY_LEVEL : covered.join("|")];
      }),
    );
  const byFine = new Map<string, PublishedClass>();
  const classes = groups.map((g) => {
    const published = { levels: label(g.box), members: g.members };
    for (const fine of g.fine) byFine.set(fine, published);
    return published;
  });
  return {
    classes,
    classOf(levels) {
      const published = byFine.get(fineKey(levels));
      if (!published) throw new PricingError("UNKNOWN_CLASS", `no member class ${fineKey(levels)} in this pool`);
      return published;
    },
  };
}

function sameSet(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && [...a].every((x) => b.has(x));
}
