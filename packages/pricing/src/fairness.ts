import type { RateTable } from "./rate-table.ts";

/** What the mutual declared about its rating factors: which it may use, and which must rise (or fall) along their levels. */
export interface FairnessPolicy {
  allowedFactors: readonly string[];
  monotone?: readonly { factor: string; direction: "increasing" | "decreasing" }[];
}

/** How a rate table treats protected groups: premium ratios against the pool and whether the policy's bounds hold. */
export interface FairnessReport {
  passed: boolean;
  findings: string[];
  /** Per factor: its relativities by level, and the spread (largest ÷ smallest): how much the factor moves a premium. */
  effects: { factor: string; relativities: Record<string, number>; spread: number }[];
}

/**
 * The checks published with each rate table: no factor outside the mutual's declared list, every declared
 * monotonicity held by the fitted relativities (a bigger boat never cheaper, say), and each factor's effect in numbers.
 */
export function fairnessReport(table: RateTable, policy: FairnessPolicy): FairnessReport {
  const findings: string[] = [];
  for (const factor of table.factors)
    if (!policy.allowedFactors.includes(factor.name)) findings.push(`${factor.name} is not a factor the mutual declared it rates on`);
  const effects = table.factors.map((factor) => {
    const relativities = Object.fromEntries(
      factor.levels.map((level, i) => [level, i === 0 ? 1 : Math.exp(table.model.coefficients[`${factor.name}=${level}`] ?? Number.NaN)]),
    );
    const values = Object.values(relativities);
    return { factor: factor.name, relativities, spread: Math.max(...values) / Math.min(...values) };
  });
  for (const rule of policy.monotone ?? []) {
    const effect = effects.find((e) => e.factor === rule.factor);
    if (!effect) {
      findings.push(`${rule.factor} is declared ${rule.direction} but the table does not rate on it`);
      continue;
    }
    const levels = Object.keys(effect.relativities);
    for (let i = 1; i < levels.length; i++) {
      const before = effect.relativities[levels[i - 1] as string] as number;
      const after = effect.relativities[levels[i] as string] as number;
      if (rule.direction === "increasing" ? after < before : after > before)
        findings.push(
          `${rule.factor} must be ${rule.direction}, but ${levels[i]} (× ${after.toFixed(3)}) is ${rule.direction === "increasing" ? "below" : "above"} ${levels[i - 1]} (× ${before.toFixed(3)})`,
        );
    }
  }
  return { passed: findings.length === 0, findings, effects };
}
