// A rate table fitted on a pool's experience, and premiums from it that explain themselves and that a member's
// wallet recomputes: an issuer asking one member more than the table says is caught.
import { describe, expect, it } from "vitest";
import {
  buildRateTable,
  checkOfferedPremium,
  drawPool,
  type Factor,
  poolExperience,
  quote,
  rateTableHash,
  solvencyMargin,
} from "../src/index.ts";

const factors: Factor[] = [
  { name: "port", levels: ["Kilifi", "Lamu", "Mombasa"] },
  { name: "boat", levels: ["canoe", "dhow", "motor"] },
];
const pool = drawPool({
  seed: 11,
  factors,
  years: 8,
  exposure: [30, 120],
  frequency: 0.12,
  severity: 800_000_000, // 800 USDC in base units
  severityShape: 2,
  frequencyRelativities: { "port=Lamu": 1.3, "port=Mombasa": 1.6, "boat=dhow": 1.2, "boat=motor": 0.9 },
  severityRelativities: { "boat=dhow": 1.5, "boat=motor": 2.5 },
});
const table = buildRateTable({
  version: 1,
  product: "boats",
  unit: "boat-year",
  factors,
  experience: poolExperience(pool),
  snapshot: { fromBlock: 100, toBlock: 9_000, blockHash: `0x${"ab".repeat(32)}` },
  loadings: { expenseRatio: 0.1, solvencyMargin: 0.05 },
});

describe("a premium from the rate table, explained", () => {
  it("every step has its number and a sentence, and the steps multiply out to the premium", () => {
    const q = quote(table, { port: "Mombasa", boat: "dhow" }, 1);
    expect(q.lines.map((l) => l.step)).toEqual([
      "base",
      "factor",
      "factor",
      "model",
      "experience",
      "credibility",
      "expenses",
      "solvency",
      "premium",
    ]);
    for (const line of q.lines) expect(line.sentence).toMatch(/\d/);
    const value = (step: string) => q.lines.filter((l) => l.step === step).map((l) => l.value);
    const model = (value("base")[0] as number) * value("factor").reduce((a, b) => a * b, 1);
    expect(Math.abs(model / (value("model")[0] as number) - 1)).toBeLessThan(1e-12);
    const z = value("credibility")[0] as number;
    const blended = z * (value("experience")[0] as number) + (1 - z) * model;
    expect(Math.ceil((blended / (1 - 0.1)) * 1.05)).toBe(Number(q.premium));
    expect(q.lines.at(-1)?.sentence).toContain("Premium for 1 boat-year");
  });

  it("the same class and exposure always give the same premium; twice the exposure, twice the rate", () => {
    const a = quote(table, { port: "Lamu", boat: "motor" }, 1);
    expect(quote(table, { port: "Lamu", boat: "motor" }, 1).premium).toBe(a.premium);
    expect(Number(quote(table, { port: "Lamu", boat: "motor" }, 2).premium)).toBeCloseTo(a.rate * 2, -1);
  });

  it("a member's wallet refuses an offer that is not what the table says (an issuer charging one member more)", () => {
    const fair = quote(table, { port: "Kilifi", boat: "canoe" }, 1).premium;
    expect(checkOfferedPremium(table, { port: "Kilifi", boat: "canoe" }, 1, fair).premium).toBe(fair);
    expect(() => checkOfferedPremium(table, { port: "Kilifi", boat: "canoe" }, 1, fair + 1n)).toThrow(/do not pay it/);
    // Quoted as another class than the member's own.
    const other = quote(table, { port: "Mombasa", boat: "motor" }, 1).premium;
    expect(() => checkOfferedPremium(table, { port: "Kilifi", boat: "canoe" }, 1, other)).toThrow(/PREMIUM_NOT_FROM_TABLE|do not pay/);
  });

  it("the table's hash names it exactly: any change to a coefficient, a loading or the snapshot changes it", () => {
    const hash = rateTableHash(table);
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(rateTableHash(JSON.parse(JSON.stringify(table)))).toBe(hash);
    const tweaked = structuredClone(table);
    tweaked.model.coefficients["boat=dhow"] = (tweaked.model.coefficients["boat=dhow"] as number) + 1e-9;
    expect(rateTableHash(tweaked)).not.toBe(hash);
    expect(rateTableHash({ ...table, experience: { ...table.experience, toBlock: 9_001 } })).not.toBe(hash);
  });

  it("a class or level the table does not declare is refused, as is a loading out of bounds", () => {
    expect(() => quote(table, { port: "Atlantis", boat: "canoe" }, 1)).toThrow(/one of/);
    expect(() => quote(table, { port: "Lamu", boat: "canoe" }, 0)).toThrow(/above zero/);
    expect(() =>
      buildRateTable({
        ...{ version: 2, product: "boats", unit: "boat-year", factors, experience: [], snapshot: table.experience },
        loadings: { expenseRatio: 0.9, solvencyMargin: 0 },
      }),
    ).toThrow(/expense ratio/);
  });
});

describe("the solvency margin from the pool's position", () => {
  it("none with a year of expected losses free; the shortfall over three years otherwise, capped", () => {
    expect(solvencyMargin({ capital: 1_000, openReservations: 100, expectedAnnualLosses: 800 })).toBe(0);
    expect(solvencyMargin({ capital: 500, openReservations: 200, expectedAnnualLosses: 900 })).toBeCloseTo((900 - 300) / 3 / 900, 10);
    expect(solvencyMargin({ capital: 0, openReservations: 0, expectedAnnualLosses: 900, buildYears: 1 })).toBe(0.5);
  });
});

describe("fairness checks published with a table", () => {
  it("a declared monotone factor that holds passes; one the fit breaks is reported; an undeclared factor is reported", async () => {
    const { fairnessReport } = await import("../src/index.ts");
    // In this pool dhows and motor boats lose more than canoes, and Mombasa more than Kilifi.
    const fair = fairnessReport(table, { allowedFactors: ["port", "boat"], monotone: [{ factor: "boat", direction: "increasing" }] });
    expect(fair.passed).toBe(true);
    expect(fair.effects.find((e) => e.factor === "boat")?.spread).toBeGreaterThan(1.5);
    const broken = fairnessReport(table, { allowedFactors: ["boat"], monotone: [{ factor: "port", direction: "decreasing" }] });
    expect(broken.passed).toBe(false);
    expect(broken.findings.join("\n")).toMatch(/port is not a factor the mutual declared/);
    expect(broken.findings.join("\n")).toMatch(/port must be decreasing/);
  });
});
