import { predictClass } from "./design-matrix.ts";
import { PricingError } from "./errors.ts";
import { classKey, type RateTable } from "./rate-table.ts";

/** One step of a premium, with its number and a sentence a member reads. */
export interface QuoteLine {
  step: "base" | "factor" | "model" | "experience" | "credibility" | "expenses" | "solvency" | "premium";
  value: number;
  sentence: string;
}

/** A premium quote for one policy: the class, its rate, each factor's line, and the table it came from. */
export interface Quote {
  /** In the pool token's base units, rounded up: what the offer must ask. */
  premium: bigint;
  /** Per unit of exposure, before rounding. */
  rate: number;
  lines: QuoteLine[];
  tableVersion: number;
}

/**
 * The premium for a class and an exposure (in the table's units) from a rate table, every step explained: base rate
 * × each factor's relativity = the model's rate; blended with the class's own experience by its credibility;
 * then the expense and solvency loadings. The same function runs in the issuer, the SDK, the CLI and the wallet,
 * so a member's wallet can recompute any offer.
 */
export function quote(
  table: RateTable,
  levels: Record<string, string>,
  exposure: number,
  money: (units: number) => string = (u) => u.toFixed(2),
): Quote {
  if (!(exposure > 0)) throw new PricingError("BAD_EXPOSURE", `exposure must be above zero: got ${exposure}`);
  const lines: QuoteLine[] = [];
  const predicted = predictClass(table.factors, table.model.coefficients, levels);
  const base = predicted.base;
  const baseClass = table.factors.map((f) => `${f.name} ${f.levels[0]}`).join(", ");
  lines.push({
    step: "base",
    value: base,
    sentence: `The pool's base rate is ${money(base)} per ${table.unit}, for the base class (${baseClass}).`,
  });
  for (const { factor, level, relativity } of predicted.relativities) {
    const change = relativity > 1 ? `${Math.round((relativity - 1) * 100)}% more` : `${Math.round((1 - relativity) * 100)}% less`;
    lines.push({
      step: "factor",
      value: relativity,
      sentence:
        level === factor.levels[0]
          ? `${factor.name} ${level}: × 1 (the base level).`
          : `${factor.name} ${level}: × ${relativity.toFixed(3)} (${change} than ${factor.levels[0]}, the other factors equal, in the pool's experience).`,
    });
  }
  const model = predicted.value;
  lines.push({ step: "model", value: model, sentence: `The model's rate for your class: ${money(model)} per ${table.unit}.` });
  const own = table.credibility.classes[classKey(table.factors, levels)];
  let rate = model;
  if (own) {
    lines.push({
      step: "experience",
      value: own.experience,
      sentence: `Your class's own losses: ${money(own.experience)} per ${table.unit}, over ${own.exposure.toFixed(0)} ${table.unit}s.`,
    });
    rate = own.credibility * own.experience + (1 - own.credibility) * model;
    lines.push({
      step: "credibility",
      value: own.credibility,
      sentence: `Its own experience counts for ${(own.credibility * 100).toFixed(1)}% and the model for the rest: ${money(rate)} per ${table.unit}.`,
    });
  } else {
    lines.push({ step: "credibility", value: 0, sentence: "Your class has no experience of its own yet: the model's rate stands." });
  }
  const { expenseRatio, solvencyMargin } = table.loadings;
  rate /= 1 - expenseRatio;
  lines.push({
    step: "expenses",
    value: expenseRatio,
    sentence: `÷ (1 − ${expenseRatio}): the mutual's running costs are ${(expenseRatio * 100).toFixed(1)}% of premiums.`,
  });
  rate *= 1 + solvencyMargin;
  lines.push({
    step: "solvency",
    value: solvencyMargin,
    sentence: `× (1 + ${solvencyMargin}): a solvency margin of ${(solvencyMargin * 100).toFixed(1)}% so the pool can pay a worse year than the average.`,
  });
  const premium = BigInt(Math.ceil(rate * exposure));
  lines.push({
    step: "premium",
    value: Number(premium),
    sentence: `Premium for ${exposure} ${table.unit}${exposure === 1 ? "" : "s"}: ${money(Number(premium))}.`,
  });
  return { premium, rate, lines, tableVersion: table.version };
}

/**
 * A solvency margin from the pool's position: capital left after open reservations, against the losses expected in a
 * year (the sum of model rates × exposure). Capital for `targetYears` of expected losses needs no margin; less asks
 * for the shortfall to be built over `buildYears`, capped at `cap`.
 */
export function solvencyMargin(options: {
  capital: number;
  openReservations: number;
  expectedAnnualLosses: number;
  targetYears?: number;
  buildYears?: number;
  cap?: number;
}): number {
  const free = Math.max(options.capital - options.openReservations, 0);
  const target = (options.targetYears ?? 1) * options.expectedAnnualLosses;
  if (!(options.expectedAnnualLosses > 0) || free >= target) return 0;
  const shortfall = (target - free) / (options.buildYears ?? 3);
  return Math.min(shortfall / options.expectedAnnualLosses, options.cap ?? 0.5);
}

/**
 * The member's check of an offer: the premium must be exactly what the adopted table gives for their class and
 * exposure. An issuer charging one member more (or another table) is refused before anything is paid.
 */
export function checkOfferedPremium(
  table: RateTable,
  levels: Record<string, string>,
  exposure: number,
  offered: bigint,
  money?: (units: number) => string,
): Quote {
  const expected = quote(table, levels, exposure, money);
  if (offered !== expected.premium)
    throw new PricingError(
      "PREMIUM_NOT_FROM_TABLE",
      `the offer asks ${offered} but rate table ${table.version} gives ${expected.premium} for this class: do not pay it`,
    );
  return expected;
}
