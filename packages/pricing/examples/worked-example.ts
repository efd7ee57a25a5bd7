// The worked example of docs/pricing.md: a rate table fitted on the committed experience (12 classes × 10 years,
// test/fixtures/experience.csv) and one member's premium explained. Run: node --conditions=source examples/worked-example.ts
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildRateTable, parseExperienceCsv, quote } from "@mutua/pricing";

export function workedExample(): string {
  const factors = [
    { name: "region", levels: ["KE-01", "KE-13", "KE-14", "TZ-02"] },
    { name: "length", levels: ["small", "medium", "large"] },
  ];
  const csv = readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "experience.csv"), "utf8");
  const experience = parseExperienceCsv(csv, factors, { periodColumn: "year" });
  const table = buildRateTable({
    version: 1,
    product: "boats",
    unit: "boat-year",
    factors,
    experience,
    snapshot: { fromBlock: 0, toBlock: 0, blockHash: "0x00" },
    loadings: { expenseRatio: 0.1, solvencyMargin: 0.05 },
  });
  const usd = (value: number) => `${value.toFixed(2)} USDC`;
  const { lines } = quote(table, { region: "KE-13", length: "large" }, 1, usd);
  return lines.map((line) => line.sentence).join("\n");
}

if (import.meta.main) console.log(workedExample());
