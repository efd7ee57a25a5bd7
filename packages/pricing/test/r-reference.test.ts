// The fits against R as an independent oracle: fixtures/make-fixtures.R (statmod's tweedie family, actuar's cm)
// wrote reference.json from experience.csv; the same data fitted here must agree to 1e-6.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buhlmannStraub, designColumns, designMatrix, type Factor, fitTweedieGlm } from "../src/index.ts";

const fixtures = join(import.meta.dirname, "fixtures");
const reference = JSON.parse(readFileSync(join(fixtures, "reference.json"), "utf8")) as Record<
  "tweedie" | "poisson" | "gamma",
  { coefficients: number[]; standardErrors: number[]; dispersion: number; deviance: number; names: string[] }
> & {
  credibility: {
    classes: string[];
    collective: number;
    withinVariance: number;
    betweenVariance: number;
    credibility: number[];
    premiums: number[];
  };
};

const rows = readFileSync(join(fixtures, "experience.csv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [region, length, year, exposure, claims, losses] = line.split(",").map((cell) => cell.replaceAll('"', ""));
    return {
      region: region as string,
      length: length as string,
      year: Number(year),
      exposure: Number(exposure),
      claims: Number(claims),
      losses: Number(losses),
    };
  });
const factors: Factor[] = [
  { name: "region", levels: ["KE-01", "KE-13", "KE-14", "TZ-02"] },
  { name: "length", levels: ["small", "medium", "large"] },
];

function expectClose(actual: number[], expected: number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  for (const [i, value] of actual.entries()) expect(Math.abs(value - (expected[i] as number))).toBeLessThan(tolerance);
}
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("GLM fits agree with R (statmod tweedie family, log link) to 1e-6", () => {
  it("the columns are R's treatment coding, in R's order", () => {
    expect(designColumns(factors)).toEqual(reference.tweedie.names.map((n) => n.replace(/^(region|length)/, "$1=")));
  });

  it("pure premium, Tweedie power 1.5, weighted by exposure", () => {
    const fit = fitTweedieGlm(
      {
        X: designMatrix(
          factors,
          rows.map((r) => ({ region: r.region, length: r.length })),
        ),
        y: rows.map((r) => r.losses / r.exposure),
        weights: rows.map((r) => r.exposure),
      },
      { power: 1.5 },
    );
    expectClose(fit.coefficients, reference.tweedie.coefficients, 1e-6);
    expectClose(fit.standardErrors, reference.tweedie.standardErrors, 1e-6);
    expect(relative(fit.dispersion, reference.tweedie.dispersion)).toBeLessThan(1e-6);
    expect(relative(fit.deviance, reference.tweedie.deviance)).toBeLessThan(1e-6);
  });

  it("claim frequency, Poisson (power 1) with log exposure as offset", () => {
    const fit = fitTweedieGlm(
      {
        X: designMatrix(
          factors,
          rows.map((r) => ({ region: r.region, length: r.length })),
        ),
        y: rows.map((r) => r.claims),
        offset: rows.map((r) => Math.log(r.exposure)),
      },
      { power: 1 },
    );
    expectClose(fit.coefficients, reference.poisson.coefficients, 1e-6);
    expectClose(fit.standardErrors, reference.poisson.standardErrors, 1e-6);
    expect(relative(fit.dispersion, reference.poisson.dispersion)).toBeLessThan(1e-6);
    expect(relative(fit.deviance, reference.poisson.deviance)).toBeLessThan(1e-6);
  });

  it("claim severity, gamma (power 2) weighted by the number of claims", () => {
    const withClaims = rows.filter((r) => r.claims > 0);
    const fit = fitTweedieGlm(
      {
        X: designMatrix(
          factors,
          withClaims.map((r) => ({ region: r.region, length: r.length })),
        ),
        y: withClaims.map((r) => r.losses / r.claims),
        weights: withClaims.map((r) => r.claims),
      },
      { power: 2 },
    );
    expectClose(fit.coefficients, reference.gamma.coefficients, 1e-6);
    expectClose(fit.standardErrors, reference.gamma.standardErrors, 1e-6);
    expect(relative(fit.dispersion, reference.gamma.dispersion)).toBeLessThan(1e-6);
    expect(relative(fit.deviance, reference.gamma.deviance)).toBeLessThan(1e-6);
  });
});

describe("Bühlmann–Straub credibility agrees with R (actuar::cm) to 1e-6", () => {
  it("structure parameters, credibility factors and premiums per class", () => {
    const classes = reference.credibility.classes.map((name) => {
      const [region, length] = name.split("/");
      const mine = rows.filter((r) => r.region === region && r.length === length).sort((a, b) => a.year - b.year);
      return { name, ratios: mine.map((r) => r.losses / r.exposure), weights: mine.map((r) => r.exposure) };
    });
    const result = buhlmannStraub(classes);
    expect(relative(result.collective, reference.credibility.collective)).toBeLessThan(1e-6);
    expect(relative(result.withinVariance, reference.credibility.withinVariance)).toBeLessThan(1e-6);
    expect(relative(result.betweenVariance, reference.credibility.betweenVariance)).toBeLessThan(1e-6);
    expectClose(
      result.classes.map((c) => c.credibility),
      reference.credibility.credibility,
      1e-6,
    );
    for (const [i, c] of result.classes.entries())
      expect(relative(c.premium, reference.credibility.premiums[i] as number)).toBeLessThan(1e-6);
  });
});
