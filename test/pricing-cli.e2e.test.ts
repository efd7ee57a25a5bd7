// `mutua pricing` as an operator and a member run it: a rate table fitted on an experience file, and a premium
// explained from it; the same numbers as docs/pricing.md's worked example.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mutuaRunner } from "./devnet-process.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-pricing-"));
const mutua = mutuaRunner({ cwd: dir, env: process.env });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mutua pricing", () => {
  it("fit writes a table with its hash; quote explains the premium step by step", async () => {
    const fixture = readFileSync(join(import.meta.dirname, "..", "packages", "pricing", "test", "fixtures", "experience.csv"), "utf8");
    writeFileSync(join(dir, "experience.csv"), fixture.replace('"year"', '"period"'));
    const fitted = await mutua(
      "pricing",
      "fit",
      "--experience",
      "experience.csv",
      "--factor",
      "region:KE-01,KE-13,KE-14,TZ-02",
      "length:small,medium,large",
      "--product",
      "boats",
      "--unit",
      "boat-year",
      "--monotone",
      "length:increasing",
      "--out",
      "table.json",
    );
    expect(fitted.hash).toMatch(/^0x[0-9a-f]{64}$/);
    // The fairness checks published beside the table: the declared factors, the declared monotonicity, each effect.
    const fairness = JSON.parse(readFileSync(join(dir, "table.fairness.json"), "utf8"));
    expect(fairness).toEqual(fitted.fairness);
    expect(fairness.effects.map((e: { factor: string }) => e.factor)).toEqual(["region", "length"]);
    expect(typeof fairness.passed).toBe("boolean");
    await expect(
      mutua(
        "pricing",
        "fit",
        "--experience",
        "experience.csv",
        "--factor",
        "length:small,large",
        "--monotone",
        "size:up",
        "--out",
        "x.json",
      ),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    const quoted = (await mutua("pricing", "explain", "--table", "table.json", "--class", "region=KE-13,length=large")) as {
      premium: string;
      table: string;
      lines: { step: string; sentence: string }[];
    };
    expect(quoted.premium).toBe("463");
    expect(quoted.table).toBe(fitted.hash);
    expect(quoted.lines.map((l) => l.step)).toContain("credibility");
    await expect(mutua("pricing", "quote", "--table", "table.json", "--class", "region=Mars,length=large")).rejects.toMatchObject({
      code: "UNKNOWN_LEVEL",
    });
    await expect(mutua("pricing", "quote", "--table", "missing.json", "--class", "region=KE-13,length=large")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    writeFileSync(join(dir, "bad.csv"), "region,length,period,exposure,claims,losses\nKE-01,small,1,-5,0,0\n");
    await expect(
      mutua("pricing", "fit", "--experience", "bad.csv", "--factor", "region:KE-01,KE-13", "length:small,large", "--out", "x.json"),
    ).rejects.toMatchObject({ code: "BAD_EXPERIENCE", message: expect.stringMatching(/line 2: exposure/) });
  });
});
