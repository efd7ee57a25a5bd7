import type { Factor } from "./design-matrix.ts";
import { PricingError } from "./errors.ts";
import type { ExperienceRow } from "./rate-table.ts";

/**
 * Experience from a CSV file: a header, then one row per class and period with a column per factor and the
 * period, exposure, claims and losses (numbers ≥ 0). Refused with the line and the column when one is wrong.
 */
export function parseExperienceCsv(text: string, factors: readonly Factor[], options: { periodColumn?: string } = {}): ExperienceRow[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = (header ?? "").split(",").map((c) => c.trim().replaceAll('"', ""));
  const index = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new PricingError("BAD_EXPERIENCE", `the CSV has no "${name}" column (it has ${columns.join(", ")})`);
    return i;
  };
  const at = {
    period: index(options.periodColumn ?? "period"),
    exposure: index("exposure"),
    claims: index("claims"),
    losses: index("losses"),
  };
  const factorAt = factors.map((f) => [f.name, index(f.name)] as const);
  return lines.map((line, n) => {
    const cells = line.split(",").map((c) => c.trim().replaceAll('"', ""));
    const number = (i: number, what: string) => {
      const value = Number(cells[i]);
      if (!Number.isFinite(value) || value < 0)
        throw new PricingError("BAD_EXPERIENCE", `line ${n + 2}: ${what} "${cells[i]}" is not a number ≥ 0`);
      return value;
    };
    return {
      levels: Object.fromEntries(factorAt.map(([name, i]) => [name, cells[i] as string])),
      period: number(at.period, "period"),
      exposure: number(at.exposure, "exposure"),
      claims: number(at.claims, "claims"),
      losses: number(at.losses, "losses"),
    };
  });
}
