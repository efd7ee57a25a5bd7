// A pool drawn from known parameters: the fits recover them within their standard errors (frequency and
// severity relativities within 3 standard errors, the pure premium model's close to their product), and
// credibility gives a small class less weight than a large one.
import { describe, expect, it } from "vitest";
import { buhlmannStraub, designColumns, designMatrix, type Factor, fitTweedieGlm } from "../src/index.ts";
import { drawPool } from "../src/synthetic-pool.ts";

const factors: Factor[] = [
  { name: "port", levels: ["Kilifi", "Lamu", "Malindi", "Mombasa", "Shimoni"] },
  { name: "boat", levels: ["canoe", "dhow", "motor"] },
];
const frequencyRelativities = {
  "port=Lamu": 1.25,
  "port=Malindi": 0.8,
  "port=Mombasa": 1.5,
  "port=Shimoni": 1.1,
  "boat=dhow": 1.4,
  "boat=motor": 0.7,
};
const severityRelativities = {
  "port=Lamu": 1.1,
  "port=Malindi": 0.9,
  "port=Mombasa": 1.3,
  "port=Shimoni": 1.0,
  "boat=dhow": 1.6,
  "boat=motor": 2.2,
};
const pool = drawPool({
  seed: 7,
  factors,
  years: 10,
  exposure: [80, 300],
  frequency: 0.1,
  severity: 1_000,
  severityShape: 2,
  frequencyRelativities,
  severityRelativities,
});

describe("a synthetic pool's parameters are recovered", () => {
  it("claim frequency (Poisson, log exposure offset): every relativity within 3 standard errors of the truth", () => {
    const fit = fitTweedieGlm(
      {
        X: designMatrix(
          factors,
          pool.map((r) => r.levels),
        ),
        y: pool.map((r) => r.claims),
        offset: pool.map((r) => Math.log(r.exposure)),
      },
      { power: 1 },
    );
    const truth = [
      Math.log(0.1),
      ...designColumns(factors)
        .slice(1)
        .map((c) => Math.log(frequencyRelativities[c as keyof typeof frequencyRelativities])),
    ];
    for (const [i, b] of fit.coefficients.entries())
      expect(Math.abs(b - (truth[i] as number))).toBeLessThan(3 * (fit.standardErrors[i] as number));
  });

  it("claim severity (gamma, weighted by claims): every relativity within 3 standard errors of the truth", () => {
    const withClaims = pool.filter((r) => r.claims > 0);
    const fit = fitTweedieGlm(
      {
        X: designMatrix(
          factors,
          withClaims.map((r) => r.levels),
        ),
        y: withClaims.map((r) => r.losses / r.claims),
        weights: withClaims.map((r) => r.claims),
      },
      { power: 2 },
    );
    const truth = [
      Math.log(1_000),
      ...designColumns(factors)
        .slice(1)
        .map((c) => Math.log(severityRelativities[c as keyof typeof severityRelativities])),
    ];
    for (const [i, b] of fit.coefficients.entries())
      expect(Math.abs(b - (truth[i] as number))).toBeLessThan(3 * (fit.standardErrors[i] as number));
  });

  it("pure premium (Tweedie 1.5): each relativity within 3 standard errors of frequency × severity", () => {
    const fit = fitTweedieGlm(
      {
        X: designMatrix(
          factors,
          pool.map((r) => r.levels),
        ),
        y: pool.map((r) => r.losses / r.exposure),
        weights: pool.map((r) => r.exposure),
      },
      { power: 1.5 },
    );
    const columns = designColumns(factors);
    const truth = [
      Math.log(0.1 * 1_000),
      ...columns
        .slice(1)
        .map((c) =>
          Math.log(
            frequencyRelativities[c as keyof typeof frequencyRelativities] * severityRelativities[c as keyof typeof severityRelativities],
          ),
        ),
    ];
    for (const [i, b] of fit.coefficients.entries())
      expect(Math.abs(b - (truth[i] as number))).toBeLessThan(3 * (fit.standardErrors[i] as number));
  });

  it("credibility: a class with a tenth of the exposure gets less weight, and its premium leans on the pool", () => {
    const byClass = new Map<string, { ratios: number[]; weights: number[] }>();
    for (const row of pool) {
      const name = `${row.levels.port}/${row.levels.boat}`;
      const entry = byClass.get(name) ?? { ratios: [], weights: [] };
      // One small class: a tenth of the boats.
      const exposure = name === "Shimoni/canoe" ? row.exposure / 10 : row.exposure;
      entry.ratios.push(row.losses / row.exposure);
      entry.weights.push(exposure);
      byClass.set(name, entry);
    }
    const result = buhlmannStraub([...byClass].map(([name, e]) => ({ name, ...e })));
    const small = result.classes.find((c) => c.name === "Shimoni/canoe");
    const large = result.classes.find((c) => c.name === "Mombasa/dhow");
    expect(small?.credibility).toBeLessThan(large?.credibility as number);
    const distance = (c: NonNullable<typeof small>) => Math.abs(c.premium - result.collective) / Math.abs(c.mean - result.collective);
    // Premium = Z·mean + (1 − Z)·collective: its share of the way from the collective to its own mean is Z.
    expect(distance(small as NonNullable<typeof small>)).toBeCloseTo(small?.credibility as number, 10);
  });
});

describe("bad data is refused with a reason", () => {
  it("a negative response, a level not declared, a power outside [1, 2], fewer rows than coefficients", async () => {
    const X = designMatrix(
      factors,
      pool.slice(0, 20).map((r) => r.levels),
    );
    expect(() => fitTweedieGlm({ X, y: pool.slice(0, 20).map(() => -1) }, { power: 1.5 })).toThrow(/not allowed/);
    expect(() => designMatrix(factors, [{ port: "Atlantis", boat: "canoe" }])).toThrow(/not one of/);
    expect(() => fitTweedieGlm({ X, y: pool.slice(0, 20).map(() => 1) }, { power: 3 })).toThrow(/power/);
    expect(() =>
      fitTweedieGlm(
        {
          X: designMatrix(
            factors,
            pool.slice(0, 5).map((r) => r.levels),
          ),
          y: [1, 1, 1, 1, 1],
        },
        { power: 1.5 },
      ),
    ).toThrow(/cannot fit/);
  });
});
