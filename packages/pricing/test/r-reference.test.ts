// The fits against R as an independent oracle: fixtures/make-fixtures.R (statmod's tweedie family, actuar's cm)
// wrote reference.json from experience.csv; the same data fitted here must agree to 1e-6.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buhlmannStraub, designColumns, designMatrix, type Factor, fitTweedieGlm, parseExperienceCsv } from "../src/index.ts";

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

const factors: Factor[] = [
  { name: "region", levels: ["KE-01", "KE-13", "KE-14", "TZ-02"] },
  { name: "length", levels: ["small", "medium", "large"] },
];
const rows = parseExperienceCsv(readFileSync(join(fixtures, "experience.csv"), "utf8"), factors, { periodColumn: "year" });

function expectClose(actual: number[], expected: number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  for (const [i, value] of actual.entries()) expect(Math.abs(value - (expected[i] as number))).toBeLessThan(tolerance);
}
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("GLM fits agree with R (statmod tweedie family, log link) to 1e-6", () => {
  it("the columns are R's treatment coding, in R's order", () => {
    expect(designColumns(factors)).toEqual(reference.tweedie.names.map((n) => n.replace(/^(region|length)/, "$1=")));
  });

  /** The fit here against R's, to 1e-6: coefficients and standard errors absolutely, dispersion and deviance relatively. */
  function expectAsR(fit: ReturnType<typeof fitTweedieGlm>, r: (typeof reference)["tweedie"]) {
    expectClose(fit.coefficients, r.coefficients, 1e-6);
    expectClose(fit.standardErrors, r.standardErrors, 1e-6);
    expect(relative(fit.dispersion, r.dispersion)).toBeLessThan(1e-6);
    expect(relative(fit.deviance, r.deviance)).toBeLessThan(1e-6);
  }
  const X = (of: typeof rows) =>
    designMatrix(
      factors,
      of.map((r) => r.levels),
    );

  it("pure premium, Tweedie power 1.5, weighted by exposure", () => {
    const y = rows.map((r) => r.losses / r.exposure);
    expectAsR(fitTweedieGlm({ X: X(rows), y, weights: rows.map((r) => r.exposure) }, { power: 1.5 }), reference.tweedie);
  });

  it("claim frequency, Poisson (power 1) with log exposure as offset", () => {
    const offset = rows.map((r) => Math.log(r.exposure));
    expectAsR(fitTweedieGlm({ X: X(rows), y: rows.map((r) => r.claims), offset }, { power: 1 }), reference.poisson);
  });

  it("claim severity, gamma (power 2) weighted by the number of claims", () => {
    const withClaims = rows.filter((r) => r.claims > 0);
    const y = withClaims.map((r) => r.losses / r.claims);
    expectAsR(fitTweedieGlm({ X: X(withClaims), y, weights: withClaims.map((r) => r.claims) }, { power: 2 }), reference.gamma);
  });
});

describe("Bühlmann–Straub credibility agrees with R (actuar::cm) to 1e-6", () => {
  it("structure parameters, credibility factors and premiums per class", () => {
    const classes = reference.credibility.classes.map((name) => {
      const [region, length] = name.split("/");
      const mine = rows.filter((r) => r.levels.region === region && r.levels.length === length).sort((a, b) => a.period - b.period);
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
