// The README's integrator example is this repository's code, and it runs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { integratorExample } from "../packages/sdk/examples/integrator.ts";

const root = join(import.meta.dirname, "..");

describe("README", () => {
  it("shows the integrator example exactly as it is in packages/sdk/examples/integrator.ts", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const example = readFileSync(join(root, "packages", "sdk", "examples", "integrator.ts"), "utf8");
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it("the integrator example admits a member and files a claim", async () => {
    const { claim, status } = await integratorExample();
    expect(status).toMatchObject({ status: "Filed", amount: 250_000_000n });
    expect(claim.receipt.gasUsed).toBeGreaterThan(200_000n);
  });
});
