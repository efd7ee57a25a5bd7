import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { buhlmannStraub } from "./buhlmann-straub.ts";
import { designColumns, designMatrix, type Factor } from "./design-matrix.ts";
import { PricingError } from "./errors.ts";
import { fitTweedieGlm } from "./tweedie-glm.ts";

/** One class-period of experience: the class's levels, its exposure (e.g. boat-years) and what it cost. */
export interface ExperienceRow {
  levels: Record<string, string>;
  period: number;
  exposure: number;
  claims: number;
  losses: number;
}

/** Where the experience came from, so that anyone can rebuild it: the chain's blocks it was read from. */
export interface ExperienceSnapshot {
  fromBlock: number;
  toBlock: number;
  /** Block `toBlock`'s hash (a table fitted on a file: the file's SHA-256, with both blocks 0). */
  blockHash: string;
  /** Read from the chain: one period's length in seconds, counted from block `fromBlock`'s time. */
  periodSeconds?: number;
}

/**
 * Everything a premium is computed from, and nothing else: the members' governance adopts it (by its hash), offers
 * cite it, and a wallet recomputes its premium from it. Rates are per unit of exposure, in the pool token's units.
 */
export interface RateTable {
  format: "mutua-rate-table/1";
  version: number;
  product: string;
  /** What one unit of exposure is, in words ("boat-year"). */
  unit: string;
  factors: Factor[];
  model: {
    family: "tweedie";
    power: number;
    coefficients: Record<string, number>;
    standardErrors: Record<string, number>;
    dispersion: number;
  };
  credibility: { k: number; classes: Record<string, { exposure: number; experience: number; credibility: number }> };
  loadings: { expenseRatio: number; solvencyMargin: number };
  experience: ExperienceSnapshot;
}

/** The key of a rating class: its factors' levels in the table's factor order. */
export function classKey(factors: readonly Factor[], levels: Record<string, string>): string {
  return factors.map((f) => `${f.name}=${levels[f.name]}`).join(",");
}

/**
 * Fits a rate table: a Tweedie GLM of the pure premium (losses per unit of exposure, weighted by exposure) over the
 * declared factors, and Bühlmann–Straub credibility of each class's own experience against it.
 */
export function buildRateTable(options: {
  version: number;
  product: string;
  unit: string;
  factors: Factor[];
  experience: readonly ExperienceRow[];
  snapshot: ExperienceSnapshot;
  power?: number;
  loadings: { expenseRatio: number; solvencyMargin: number };
}): RateTable {
  const { factors, experience } = options;
  const { expenseRatio, solvencyMargin } = options.loadings;
  if (!(expenseRatio >= 0 && expenseRatio < 0.5))
    throw new PricingError("BAD_LOADING", `an expense ratio of ${expenseRatio} is outside [0, 0.5)`);
  if (!(solvencyMargin >= 0 && solvencyMargin <= 1))
    throw new PricingError("BAD_LOADING", `a solvency margin of ${solvencyMargin} is outside [0, 1]`);
  const power = options.power ?? 1.5;
  const rows = experience.filter((r) => r.exposure > 0);
  const fit = fitTweedieGlm(
    {
      X: designMatrix(
        factors,
        rows.map((r) => r.levels),
      ),
      y: rows.map((r) => r.losses / r.exposure),
      weights: rows.map((r) => r.exposure),
    },
    { power },
  );
  const columns = designColumns(factors);
  const byClass = new Map<string, { ratios: number[]; weights: number[] }>();
  for (const row of rows) {
    const key = classKey(factors, row.levels);
    const entry = byClass.get(key) ?? { ratios: [], weights: [] };
    entry.ratios.push(row.losses / row.exposure);
    entry.weights.push(row.exposure);
    byClass.set(key, entry);
  }
  const credibility = buhlmannStraub([...byClass].map(([name, e]) => ({ name, ...e })));
  return {
    format: "mutua-rate-table/1",
    version: options.version,
    product: options.product,
    unit: options.unit,
    factors,
    model: {
      family: "tweedie",
      power,
      coefficients: Object.fromEntries(columns.map((c, i) => [c, fit.coefficients[i] as number])),
      standardErrors: Object.fromEntries(columns.map((c, i) => [c, fit.standardErrors[i] as number])),
      dispersion: fit.dispersion,
    },
    credibility: {
      k: credibility.k,
      classes: Object.fromEntries(
        credibility.classes.map((c) => [c.name, { exposure: c.weight, experience: c.mean, credibility: c.credibility }]),
      ),
    },
    loadings: { expenseRatio, solvencyMargin },
    experience: options.snapshot,
  };
}

/** The table's hash (SHA-256 of its canonical JSON, keys sorted): what governance adopts and offers cite. */
export function rateTableHash(table: RateTable): string {
  return `0x${bytesToHex(sha256(new TextEncoder().encode(canonicalJson(table))))}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  // Infinity (no credibility anywhere) has no JSON form: written as a string.
  if (typeof value === "number" && !Number.isFinite(value)) return JSON.stringify(String(value));
  return JSON.stringify(value);
}

/** The snapshot of experience read from a file rather than the chain: the file's SHA-256, both blocks 0. */
export function fileSnapshot(text: string): ExperienceSnapshot {
  return { fromBlock: 0, toBlock: 0, blockHash: `0x${bytesToHex(sha256(new TextEncoder().encode(text)))}` };
}
