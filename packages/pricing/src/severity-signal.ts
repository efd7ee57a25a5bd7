import { designMatrix, type Factor, predictClass } from "./design-matrix.ts";
import { PricingError } from "./errors.ts";
import { gammaCdf } from "./gamma-distribution.ts";
import type { ExperienceRow } from "./rate-table.ts";
import { fitTweedieGlm } from "./tweedie-glm.ts";

/** A gamma severity model: the mean claim per class (log link) and one shape for all (1 / dispersion). */
export interface SeverityModel {
  factors: Factor[];
  coefficients: Record<string, number>;
  shape: number;
}

/** Fits the severity model on the class-periods with claims: average claim, weighted by the number of claims. */
export function buildSeverityModel(factors: Factor[], experience: readonly ExperienceRow[]): SeverityModel {
  const rows = experience.filter((r) => r.claims > 0 && r.losses > 0);
  const fit = fitTweedieGlm(
    {
      X: designMatrix(
        factors,
        rows.map((r) => r.levels),
      ),
      y: rows.map((r) => r.losses / r.claims),
      weights: rows.map((r) => r.claims),
    },
    { power: 2 },
  );
  const names = ["(Intercept)", ...factors.flatMap((f) => f.levels.slice(1).map((l) => `${f.name}=${l}`))];
  return { factors, coefficients: Object.fromEntries(names.map((n, i) => [n, fit.coefficients[i] as number])), shape: 1 / fit.dispersion };
}

/** A signal for an assessor: a number with its reason. Never a decision. */
export interface RiskSignal {
  kind: "amount-percentile";
  value: number;
  sentence: string;
}

/**
 * Where a claimed amount falls among the class's claims as the severity model expects them: the gamma CDF at the
 * amount. A signal to read the evidence more closely, not a reason to refuse: large losses happen.
 */
export function amountSignal(
  model: SeverityModel,
  levels: Record<string, string>,
  amount: number,
  money: (units: number) => string = (u) => u.toFixed(2),
): RiskSignal {
  if (!(amount > 0)) throw new PricingError("BAD_AMOUNT", `the amount must be above zero: got ${amount}`);
  const mean = predictClass(model.factors, model.coefficients, levels).value;
  const percentile = gammaCdf(amount, model.shape, mean / model.shape);
  const share = Math.round(percentile * 1000) / 10;
  return {
    kind: "amount-percentile",
    value: percentile,
    sentence: `${money(amount)} is above ${share}% of the claims this class is expected to make (their average is ${money(mean)}).`,
  };
}
