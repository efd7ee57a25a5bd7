// A process killed with SIGKILL in the middle of writing its state, again and again: every time, what is on disk
// opens, and is the state before a write or after it, never a torn mix (the wallet's sealed vault, its agent's
// keys, a large file replaced whole). Every state file of Mutua's processes is written the same way
// (writeFileAtomic: beside, flushed, renamed, the directory flushed).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createIdentityAgent, MemberWallet } from "@mutua/identity";
import { afterAll, describe, expect, it } from "vitest";

const directory = mkdtempSync(join(tmpdir(), "mutua-interrupted-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Starts the writer, lets it write for `ms`, and kills it with SIGKILL. */
async function writeThenKill(ms: number): Promise<void> {
  const child = spawn(process.execPath, ["--conditions=source", join(import.meta.dirname, "write-loop-process.ts"), directory], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", () => reject(new Error("the writer stopped before it was ready")));
  });
  await new Promise((r) => setTimeout(r, ms));
  child.kill("SIGKILL");
  await exited;
}

describe("state written by a process killed mid-write", () => {
  it("opens every time as the state before or after a write, never torn", async () => {
    let versions = 0;
    let firstDid: string | undefined;
    let firstSecret: bigint | undefined;
    const firstMutual = { chainId: 31_337n, contract: `0x${"1".padStart(40, "0")}` };
    for (let round = 0; round < 12; round++) {
      await writeThenKill(50 + ((round * 137) % 400));
      // The large file: one version, whole.
      const big = JSON.parse(readFileSync(join(directory, "big.json"), "utf8")) as { version: number; fill: string };
      expect(big.fill).toBe(String(big.version % 10).repeat(4_000_000));
      versions = big.version;
      // The wallet and its agent open with their secrets and hold what was written before the kill.
      const handle = await createIdentityAgent({ storage: { kind: "file", path: join(directory, "agent.json"), secret: "agent secret" } });
      const wallet = await MemberWallet.open(handle, { kind: "file", path: join(directory, "vault.json"), secret: "vault secret" });
      const did = await wallet.did();
      expect((await handle.agent.didManagerGet({ did })).did).toBe(did);
      // What was written before any kill stays: the DID and the first mutual's identity secret never change.
      firstDid ??= did;
      expect(did).toBe(firstDid);
      const secret = wallet.identitySecret(firstMutual);
      firstSecret ??= secret;
      expect(secret).toBe(firstSecret);
    }
    expect(versions).toBeGreaterThan(1);
    expect(existsSync(join(directory, "vault.json"))).toBe(true);
  });
});
