import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// snarkjs' worker threads used to keep Node alive after a proof; a script that proves once must exit by itself.
describe("one-shot proving leaves no worker threads behind", () => {
  it("a child process that proves and verifies exits on its own", () => {
    const script = fileURLToPath(new URL("./prove-once.ts", import.meta.url));
    const started = Date.now();
    const result = spawnSync(process.execPath, ["--conditions=source", script], { encoding: "utf8", timeout: 300_000 });
    expect(result.error, "timed out: something kept the process alive").toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("verified: true");
    expect(Date.now() - started).toBeLessThan(300_000);
  });
});
