// Classes a claim may disclose, checked as the on-chain observer would use them: no published class holds fewer
// than k members, so a disclosed class never narrows a claim to fewer than k people.
import { describe, expect, it } from "vitest";
import { type Factor, mergeSmallClasses } from "../src/index.ts";

const factors: Factor[] = [
  { name: "region", levels: ["KE-01", "KE-13", "TZ-02"] },
  { name: "boat", levels: ["canoe", "dhow", "motor"] },
];
const members = [
  { levels: { region: "KE-01", boat: "canoe" }, count: 40 },
  { levels: { region: "KE-01", boat: "dhow" }, count: 25 },
  { levels: { region: "KE-01", boat: "motor" }, count: 2 },
  { levels: { region: "KE-13", boat: "canoe" }, count: 30 },
  { levels: { region: "KE-13", boat: "dhow" }, count: 1 },
  { levels: { region: "TZ-02", boat: "canoe" }, count: 3 },
];

describe("the minimum class size", () => {
  it("every published class holds at least k members; small ones join their nearest class, large ones stay", () => {
    const { classes, classOf } = mergeSmallClasses(factors, members, 10);
    for (const c of classes) expect(c.members).toBeGreaterThanOrEqual(10);
    // A large class a small one joined covers both levels.
    expect(classOf({ region: "KE-13", boat: "canoe" }).levels).toEqual({ region: "KE-13", boat: "canoe|dhow" });
    // The lone KE-13 dhow owner joins their region's canoes (boat is the less important factor).
    expect(classOf({ region: "KE-13", boat: "dhow" })).toEqual({ levels: { region: "KE-13", boat: "canoe|dhow" }, members: 31 });
    // Two KE-01 motor boats join the smallest KE-01 class that differs only by boat.
    expect(classOf({ region: "KE-01", boat: "motor" })).toEqual({ levels: { region: "KE-01", boat: "dhow|motor" }, members: 27 });
    // TZ-02's three canoes have no sibling by boat: they join the canoes of the nearest region.
    expect(classOf({ region: "TZ-02", boat: "canoe" })).toEqual({ levels: { region: "KE-01|TZ-02", boat: "canoe" }, members: 43 });
    expect(classOf({ region: "KE-01", boat: "canoe" }).members).toBe(43);
  });

  it("as the observer: for every member, the class their claim would disclose holds at least k members", () => {
    for (const k of [1, 5, 20, 50]) {
      const { classOf } = mergeSmallClasses(factors, members, k);
      for (const m of members) expect(classOf(m.levels).members).toBeGreaterThanOrEqual(k);
    }
    // k = 1 changes nothing.
    expect(mergeSmallClasses(factors, members, 1).classes).toHaveLength(members.length);
  });

  it("a pool smaller than k, and a k that is not a whole number, are refused", () => {
    expect(() => mergeSmallClasses(factors, members, 1_000)).toThrow(/fewer than/);
    expect(() => mergeSmallClasses(factors, members, 0)).toThrow(/whole number/);
  });
});
