import { Matrix } from "ml-matrix";
import { PricingError } from "./errors.ts";

/** One rating factor: its levels in order, the first being the base (relativity 1), as R's treatment contrasts. */
export interface Factor {
  name: string;
  levels: readonly string[];
}

/** The columns of a design matrix: the intercept, then one column per non-base level of each factor. */
export function designColumns(factors: readonly Factor[]): string[] {
  return ["(Intercept)", ...factors.flatMap((f) => f.levels.slice(1).map((level) => `${f.name}=${level}`))];
}

/**
 * The design matrix of rows described by their factor levels (treatment coding, the first level of each factor
 * the base): what R's model.matrix gives for factors with those levels in that order.
 */
export function designMatrix(factors: readonly Factor[], rows: readonly Record<string, string>[]): Matrix {
  const width = designColumns(factors).length;
  const X = Matrix.zeros(rows.length, width);
  rows.forEach((row, i) => {
    X.set(i, 0, 1);
    let column = 1;
    for (const factor of factors) {
      const level = row[factor.name];
      const index = level === undefined ? -1 : factor.levels.indexOf(level);
      if (index < 0)
        throw new PricingError("UNKNOWN_LEVEL", `row ${i + 1}: ${factor.name} is ${String(level)}, not one of ${factor.levels.join(", ")}`);
      if (index > 0) X.set(i, column + index - 1, 1);
      column += factor.levels.length - 1;
    }
  });
  return X;
}

/**
 * A log-linear model's prediction for one class: the intercept plus each factor level's coefficient (0 at the
 * base), and each factor's relativity (exp of its coefficient) on the way. Refuses a level the factor lacks.
 */
export function predictClass(factors: readonly Factor[], coefficients: Record<string, number>, levels: Record<string, string>) {
  const intercept = coefficients["(Intercept)"];
  if (intercept === undefined) throw new PricingError("BAD_TABLE", "the model has no intercept");
  let log = intercept;
  const relativities: { factor: Factor; level: string; relativity: number }[] = [];
  for (const factor of factors) {
    const level = levels[factor.name];
    if (level === undefined || !factor.levels.includes(level))
      throw new PricingError("UNKNOWN_LEVEL", `${factor.name} must be one of ${factor.levels.join(", ")}: got ${String(level)}`);
    const coefficient = level === factor.levels[0] ? 0 : coefficients[`${factor.name}=${level}`];
    if (coefficient === undefined) throw new PricingError("BAD_TABLE", `the model has no coefficient for ${factor.name} ${level}`);
    log += coefficient;
    relativities.push({ factor, level, relativity: Math.exp(coefficient) });
  }
  return { base: Math.exp(intercept), value: Math.exp(log), relativities };
}
