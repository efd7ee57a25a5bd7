import type { RateTable } from "./rate-table.ts";

/** One number that differs between two rate tables, named by where it sits in the table. */
export interface TableDifference {
  path: string;
  expected: number | string | undefined;
  found: number | string | undefined;
}

/**
 * Where a published table differs from one refitted on the same experience: every number compared to a relative
 * tolerance (floating-point sums may differ in their last bits across machines), everything else exactly. An empty
 * list: the published table is what its experience gives.
 */
export function tableDifferences(expected: RateTable, found: RateTable, tolerance = 1e-9): TableDifference[] {
  const out: TableDifference[] = [];
  const walk = (path: string, a: unknown, b: unknown) => {
    // Infinity is written "Infinity" in a table's JSON (no credibility anywhere).
    if (String(a) === "Infinity" && String(b) === "Infinity") return;
    if (typeof a === "number" && typeof b === "number") {
      const same = a === b || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
      if (!same) out.push({ path, expected: a, found: b });
      return;
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of [...keys].sort())
        walk(path ? `${path}.${key}` : key, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
      return;
    }
    if (a !== b) out.push({ path, expected: scalar(a), found: scalar(b) });
  };
  walk("", expected, found);
  return out;
}

function scalar(value: unknown): number | string | undefined {
  if (value === undefined || typeof value === "number" || typeof value === "string") return value;
  return JSON.stringify(value);
}
