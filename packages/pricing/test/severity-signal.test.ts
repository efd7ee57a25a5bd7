// The assessor's amount signal: the gamma CDF (against R's pgamma) and the percentile of a claimed amount in its
// class's fitted severity distribution (against R's gamma GLM and pgamma on the same data), to 1e-6.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { amountSignal, buildSeverityModel, parseExperienceCsv, regularizedGammaP } from "../src/index.ts";

const fixtures = join(import.meta.dirname, "fixtures");
const reference = JSON.parse(readFileSync(join(fixtures, "reference.json"), "utf8")) as {
  gammaCdf: { shape: number; x: number; p: number }[];
  severityPercentiles: { region: string; length: string; amount: number; mean: number; percentile: number }[];
};
const factors = [
  { name: "region", levels: ["KE-01", "KE-13", "KE-14", "TZ-02"] },
  { name: "length", levels: ["small", "medium", "large"] },
];
const experience = parseExperienceCsv(readFileSync(join(fixtures, "experience.csv"), "utf8"), factors, { periodColumn: "year" });

describe("the amount signal agrees with R", () => {
  it("the regularized incomplete gamma function, small and large shapes, both sides of the mean", () => {
    for (const { shape, x, p } of reference.gammaCdf) expect(Math.abs(regularizedGammaP(shape, x) - p)).toBeLessThan(1e-9);
  });

  it("a claimed amount's percentile in its class, from the gamma GLM fitted on the pool", () => {
    const model = buildSeverityModel(factors, experience);
    for (const r of reference.severityPercentiles) {
      const signal = amountSignal(model, { region: r.region, length: r.length }, r.amount);
      expect(Math.abs(signal.value - r.percentile)).toBeLessThan(1e-6);
      expect(signal.sentence).toMatch(/is above \d+(\.\d)?% of the claims this class is expected to make/);
    }
  });
});
