// The phase-2 ceremony script as a participant and a verifier would run it: a real contribution on top of
// the dev setup's initial zkey, verified back to the circuit and the powers of tau; a tampered file fails.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { eligibilityArtifactPaths } from "../index.ts";

const run = promisify(execFile);
const scripts = join(import.meta.dirname, "..", "scripts");
const script = join(scripts, "ceremony.ts");
const ptau = join(
  import.meta.dirname,
  "..",
  "build",
  "ptau",
  readdirSync(join(import.meta.dirname, "..", "build", "ptau")).find((f) => f.endsWith("_final.ptau")) ?? "missing.ptau",
);
const work = mkdtempSync(join(tmpdir(), "mutua-ceremony-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function ceremony(...args: string[]): Promise<{ code: number; output: string }> {
  return node(script, ...args);
}

async function node(file: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [file, ...args], { maxBuffer: 2 ** 26 });
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

    const verification = await ceremony("verify", "--zkey", contributed, "--ptau", ptau);
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

    const verification = await ceremony("verify", "--zkey", tampered, "--ptau", ptau);
    expect(verification.code).not.toBe(0);
    expect(verification.output).not.toContain("zkey verified");
  });

  it("refuses to run without its required options; verify needs the powers of tau it checks against", async () => {
    const result = await ceremony("contribute", "--in", initial);
    expect(result.code).toBe(2);
    expect(result.output).toContain("missing --out");
    const noPtau = await ceremony("verify", "--zkey", contributed);
    expect(noPtau.code).toBe(2);
    expect(noPtau.output).toContain("missing --ptau");
  });

  it("the production verifier is built from the finalized ceremony zkey, never marked dev, with its own key hash", async () => {
    const final = join(work, "final.zkey");
    expect((await ceremony("finalize", "--in", contributed, "--out", final, "--beacon", "ab".repeat(32))).code).toBe(0);
    const out = join(work, "EligibilityVerifier.sol");
    const built = await node(join(scripts, "verifier.ts"), "--zkey", final, "--ptau", ptau, "--out", out);
    expect(built.code, built.output).toBe(0);
    const solidity = readFileSync(out, "utf8");
    expect(solidity).toContain("DEV_SETUP = false;");
    const hash = solidity.match(/VERIFYING_KEY_HASH = (0x[0-9a-f]{64});/)?.[1];
    const dev = readFileSync(join(import.meta.dirname, "..", "..", "contracts", "src", "generated", "EligibilityVerifier.sol"), "utf8");
    expect(hash).toBeDefined();
    expect(dev).toContain("DEV_SETUP = true;");
    expect(dev).not.toContain(hash as string);
    expect(built.output).toContain(hash as string);
    // A zkey that does not chain back to the circuit and the powers of tau gets no verifier.
    const refused = await node(
      join(scripts, "verifier.ts"),
      "--zkey",
      join(work, "tampered.zkey"),
      "--ptau",
      ptau,
      "--out",
      join(work, "no.sol"),
    );
    expect(refused.code).not.toBe(0);
    expect(existsSync(join(work, "no.sol"))).toBe(false);
    expect((await node(join(scripts, "verifier.ts"), "--zkey", final)).code).toBe(2);
  });
});
