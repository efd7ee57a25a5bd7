import { inverse, Matrix, solve } from "ml-matrix";
import { PricingError } from "./errors.ts";

/** A Tweedie GLM's data: design matrix, responses, exposures (offset) and weights. */
export interface GlmData {
  /** n × k design matrix (intercept included). */
  X: Matrix;
  /** n responses (≥ 0; > 0 for power 2). */
  y: readonly number[];
  /** Prior weights (exposure when y is a rate); default 1. */
  weights?: readonly number[];
  /** Added to the linear predictor (log exposure when y is a count or total); default 0. */
  offset?: readonly number[];
}

/** A fitted Tweedie GLM: coefficients, their standard errors, dispersion and deviance. */
export interface GlmFit {
  power: number;
  coefficients: number[];
  standardErrors: number[];
  /** Pearson estimate: Σ w (y − μ)² / μ^p over the residual degrees of freedom. */
  dispersion: number;
  deviance: number;
  iterations: number;
  fitted: number[];
  degreesOfFreedom: number;
}

/**
 * A Tweedie GLM with a log link fitted by iteratively reweighted least squares (as R's glm.fit does, started the
 * same way): power 1 is Poisson (frequency), 2 is gamma (severity), between them the compound Poisson-gamma of
 * losses per unit of exposure. Converged when the deviance changes by less than `tolerance` relative to itself.
 */
export function fitTweedieGlm(data: GlmData, options: { power: number; tolerance?: number; maxIterations?: number }): GlmFit {
  const { X, y } = data;
  const { power: p } = options;
  const n = y.length;
  const k = X.columns;
  if (!(p === 1 || (p > 1 && p < 2) || p === 2))
    throw new PricingError("BAD_POWER", `the Tweedie power must be 1, between 1 and 2, or 2: got ${p}`);
  if (X.rows !== n) throw new PricingError("BAD_DATA", `${X.rows} rows of factors for ${n} responses`);
  if (n <= k) throw new PricingError("TOO_FEW_ROWS", `${n} rows cannot fit ${k} coefficients`);
  const w = data.weights ?? new Array<number>(n).fill(1);
  const offset = data.offset ?? new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const yi = y[i] as number;
    if (!Number.isFinite(yi) || yi < 0 || (p === 2 && yi <= 0))
      throw new PricingError("BAD_DATA", `row ${i + 1}: response ${yi} is not allowed for power ${p}`);
    if (!((w[i] as number) >= 0)) throw new PricingError("BAD_DATA", `row ${i + 1}: weight ${w[i]} is negative`);
  }
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 100;

  // R's tweedie() start: μ = y + 0.1 where y is 0.
  let mu = y.map((yi) => yi + (yi === 0 ? 0.1 : 0));
  let eta = mu.map(Math.log);
  let deviance = tweedieDeviance(y, mu, w, p);
  let beta = new Array<number>(k).fill(0);
  // Rows as plain typed arrays: the normal equations are summed row by row (X is dense but small in k).
  const rows = Array.from({ length: n }, (_, i) => Float64Array.from(X.getRow(i)));
  let iterations = 0;
  for (; iterations < maxIterations; ) {
    iterations++;
    // Log link: dμ/dη = μ, so the working weight is w μ^(2−p) and the working response η − offset + (y − μ)/μ.
    const { A, b } = weightedNormalEquations(
      rows,
      k,
      (i) => (w[i] as number) * (mu[i] as number) ** (2 - p),
      (i) => {
        const m = mu[i] as number;
        return (eta[i] as number) - (offset[i] as number) + ((y[i] as number) - m) / m;
      },
    );
    const next = solve(A, b).getColumn(0);
    if (next.some((value) => !Number.isFinite(value)))
      throw new PricingError("NOT_CONVERGED", "the fit diverged: a factor level may have no exposure");
    beta = next;
    eta = rows.map((row, i) => dot(row, beta) + (offset[i] as number));
    mu = eta.map(Math.exp);
    const previous = deviance;
    deviance = tweedieDeviance(y, mu, w, p);
    if (Math.abs(deviance - previous) / (Math.abs(deviance) + 0.1) < tolerance) break;
  }
  if (iterations >= maxIterations) throw new PricingError("NOT_CONVERGED", `the fit did not converge in ${maxIterations} iterations`);
  const degreesOfFreedom = n - k;
  let pearson = 0;
  for (let i = 0; i < n; i++) pearson += ((w[i] as number) * ((y[i] as number) - (mu[i] as number)) ** 2) / (mu[i] as number) ** p;
  const dispersion = pearson / degreesOfFreedom;
  // The covariance at the solution: (Xᵀ W X)⁻¹ φ with W from the final μ.
  const covariance = inverse(
    weightedNormalEquations(
      rows,
      k,
      (i) => (w[i] as number) * (mu[i] as number) ** (2 - p),
      () => 0,
    ).A,
  );
  const standardErrors = beta.map((_, c) => Math.sqrt(covariance.get(c, c) * dispersion));
  return { power: p, coefficients: beta, standardErrors, dispersion, deviance, iterations, fitted: mu, degreesOfFreedom };
}

/** The Tweedie unit deviance summed with prior weights (R's tweedie()$dev.resids, summed). */
export function tweedieDeviance(y: readonly number[], mu: readonly number[], w: readonly number[], p: number): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number;
    const mi = mu[i] as number;
    let d: number;
    if (p === 1) d = (yi > 0 ? yi * Math.log(yi / mi) : 0) - (yi - mi);
    else if (p === 2) d = -Math.log(yi / mi) + (yi - mi) / mi;
    else d = (yi > 0 ? yi ** (2 - p) / ((1 - p) * (2 - p)) : 0) - (yi * mi ** (1 - p)) / (1 - p) + mi ** (2 - p) / (2 - p);
    total += 2 * (w[i] as number) * d;
  }
  return total;
}

/** Xᵀ W X and Xᵀ W z, summed over rows (k × k and k × 1), without forming W or Xᵀ. */
function weightedNormalEquations(rows: readonly Float64Array[], k: number, weight: (i: number) => number, response: (i: number) => number) {
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  rows.forEach((row, i) => {
    const wi = weight(i);
    if (wi === 0) return;
    const zi = response(i);
    for (let r = 0; r < k; r++) {
      const xr = row[r] as number;
      if (xr === 0) continue;
      const wx = wi * xr;
      b[r] = (b[r] as number) + wx * zi;
      for (let c = r; c < k; c++) A[r * k + c] = (A[r * k + c] as number) + wx * (row[c] as number);
    }
  });
  const matrix = new Matrix(k, k);
  for (let r = 0; r < k; r++)
    for (let c = r; c < k; c++) {
      matrix.set(r, c, A[r * k + c] as number);
      matrix.set(c, r, A[r * k + c] as number);
    }
  return { A: matrix, b: Matrix.columnVector(Array.from(b)) };
}

function dot(row: Float64Array, beta: readonly number[]): number {
  let sum = 0;
  for (let c = 0; c < row.length; c++) sum += (row[c] as number) * (beta[c] as number);
  return sum;
}
