// The phase-2 ceremony script as a participant and a verifier would run it: a real contribution on top of
// the dev setup's initial zkey, verified back to the circuit and the powers of tau; a tampered file fails.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { eligibilityArtifactPaths } from "../index.ts";

const run = promisify(execFile);
const script = join(import.meta.dirname, "..", "scripts", "ceremony.ts");
const work = mkdtempSync(join(tmpdir(), "mutua-ceremony-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function ceremony(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { maxBuffer: 2 ** 26 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("phase-2 ceremony script", () => {
  const initial = eligibilityArtifactPaths().zkey.replace(/\.zkey$/, ".initial.zkey");
  const contributed = join(work, "alice.zkey");

  it("a contribution verifies, and the verifier sees the contributor and the published hash", async () => {
    const contribution = await ceremony("contribute", "--in", initial, "--out", contributed, "--name", "Alice");
    expect(contribution.code).toBe(0);
    const publishedHash = contribution.output.match(/^[0-9a-f]{128}$/m)?.[0];
    expect(publishedHash).toBeDefined();

    const verification = await ceremony("verify", "--zkey", contributed);
    expect(verification.code).toBe(0);
    expect(verification.output).toContain("zkey verified");
    expect(verification.output).toContain("contribution #1 Alice");
    // snarkjs prints each contribution hash as 16 groups of 8 hex digits.
    const printed = verification.output.split("contribution #1 Alice:")[1]?.replace(/\s+/g, "").slice(0, 128);
    expect(printed).toBe(publishedHash);
  });

  it("a zkey changed after the contribution does not verify", async () => {
    const bytes = readFileSync(contributed);
    // The contributions section closes the file: flip one byte of the last contribution's key material.
    const offset = bytes.length - 200;
    bytes[offset] = (bytes[offset] as number) ^ 0x01;
    const tampered = join(work, "tampered.zkey");
    writeFileSync(tampered, bytes);

    const verification = await ceremony("verify", "--zkey", tampered);
    expect(verification.code).not.toBe(0);
    expect(verification.output).not.toContain("zkey verified");
  });

  it("refuses to run without its required options", async () => {
    const result = await ceremony("contribute", "--in", initial);
    expect(result.code).toBe(2);
    expect(result.output).toContain("missing --out");
  });
});
