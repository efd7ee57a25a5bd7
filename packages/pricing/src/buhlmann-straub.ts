import { PricingError } from "./errors.ts";

/** One class's experience: a ratio (pure premium, loss ratio) per period and its weight (exposure). */
export interface ClassExperience {
  name: string;
  ratios: readonly number[];
  weights: readonly number[];
}

/** Bühlmann–Straub credibility: each class's weight on its own experience and the resulting estimate. */
export interface CredibilityResult {
  /** The credibility-weighted mean of the class means: what a class with no weight of its own gets. */
  collective: number;
  /** Expected within-class variance per unit weight (s²) and variance between class means (a). */
  withinVariance: number;
  betweenVariance: number;
  /** s²/a: the weight at which a class's own experience counts half. Infinity when the classes do not differ. */
  k: number;
  classes: { name: string; weight: number; mean: number; credibility: number; premium: number }[];
}

/**
 * Bühlmann–Straub credibility with the unbiased estimators of the structure parameters (as R's actuar::cm):
 * each class's premium is Z·(its weighted mean) + (1 − Z)·(the collective), Z = w/(w + k), so that a small
 * class leans on the whole pool and a large one on its own experience.
 */
export function buhlmannStraub(classes: readonly ClassExperience[]): CredibilityResult {
  if (classes.length < 2) throw new PricingError("TOO_FEW_CLASSES", "credibility needs at least two classes to compare");
  const stats = classes.map((c) => {
    if (c.ratios.length !== c.weights.length || c.ratios.length < 2)
      throw new PricingError("BAD_EXPERIENCE", `class ${c.name}: one weight per ratio, and at least two periods`);
    const weight = c.weights.reduce((a, b) => a + b, 0);
    if (!(weight > 0)) throw new PricingError("BAD_EXPERIENCE", `class ${c.name} has no exposure`);
    const mean = c.ratios.reduce((sum, x, j) => sum + x * (c.weights[j] as number), 0) / weight;
    const squares = c.ratios.reduce((sum, x, j) => sum + (c.weights[j] as number) * (x - mean) ** 2, 0);
    return { name: c.name, weight, mean, squares, periods: c.ratios.length };
  });
  const total = stats.reduce((a, s) => a + s.weight, 0);
  const withinVariance = stats.reduce((a, s) => a + s.squares, 0) / stats.reduce((a, s) => a + s.periods - 1, 0);
  const overall = stats.reduce((a, s) => a + s.weight * s.mean, 0) / total;
  const between =
    (stats.reduce((a, s) => a + s.weight * (s.mean - overall) ** 2, 0) - (stats.length - 1) * withinVariance) /
    (total - stats.reduce((a, s) => a + s.weight ** 2, 0) / total);
  const betweenVariance = Math.max(between, 0);
  const k = betweenVariance > 0 ? withinVariance / betweenVariance : Number.POSITIVE_INFINITY;
  const Z = stats.map((s) => (betweenVariance > 0 ? s.weight / (s.weight + k) : 0));
  const zSum = Z.reduce((a, b) => a + b, 0);
  // With no credibility anywhere, the collective is the exposure-weighted mean.
  const collective = zSum > 0 ? stats.reduce((a, s, i) => a + (Z[i] as number) * s.mean, 0) / zSum : overall;
  return {
    collective,
    withinVariance,
    betweenVariance,
    k,
    classes: stats.map((s, i) => ({
      name: s.name,
      weight: s.weight,
      mean: s.mean,
      credibility: Z[i] as number,
      premium: (Z[i] as number) * s.mean + (1 - (Z[i] as number)) * collective,
    })),
  };
}
