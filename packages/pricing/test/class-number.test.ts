import { packCoverTerms, unpackCoverTerms } from "@mutua/core";
import { describe, expect, it } from "vitest";
import { classLevels, classNumber } from "../src/index.ts";

const factors = [
  { name: "port", levels: ["Kilifi", "Lamu", "Mombasa"] },
  { name: "boat", levels: ["canoe", "dhow", "motor"] },
];

describe("rating class numbers (what the member leaf holds and a claim discloses)", () => {
  it("numbers every class once, from 1, and reads each number back", () => {
    const seen = new Set<number>();
    for (const port of factors[0]?.levels ?? []) {
      for (const boat of factors[1]?.levels ?? []) {
        const n = classNumber(factors, { port, boat });
        expect(classLevels(factors, n)).toEqual({ port, boat });
        seen.add(n);
      }
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(classNumber(factors, { port: "Lamu", boat: "dhow" })).toBe(1 + 1 + 1 * 3);
  });

  it("0 is the pool as one class, and numbers past the last class name none", () => {
    expect(classLevels(factors, 0)).toBeUndefined();
    expect(classLevels(factors, 10)).toBeUndefined();
  });

  it("refuses a level the table does not declare", () => {
    expect(() => classNumber(factors, { port: "Malindi", boat: "dhow" })).toThrow(/not a level of port/);
  });

  it("travels in the leaf's cover field unchanged", () => {
    const ratingClass = classNumber(factors, { port: "Mombasa", boat: "motor" });
    expect(unpackCoverTerms(packCoverTerms({ ratingClass, region: 3 })).ratingClass).toBe(ratingClass);
  });
});
