// docs/pricing.md shows the worked example's output: it must be what the example prints today.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { workedExample } from "../examples/worked-example.ts";

it("docs/pricing.md's worked example is the example's output", () => {
  const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "pricing.md"), "utf8");
  const block = /<!-- worked-example -->\n```text\n([\s\S]*?)\n```\n<!-- \/worked-example -->/.exec(doc)?.[1];
  expect(block).toBe(workedExample());
});
