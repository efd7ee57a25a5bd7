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
