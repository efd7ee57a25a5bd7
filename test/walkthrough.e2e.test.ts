// The README's walkthrough, exactly as a person types it: the README block is packages/cli/examples/walkthrough.sh;
// bash runs it in a fresh directory inside the checkout (so `pnpm mutua` finds the workspace, and files and
// .mutua/ live where the user is), from devnet to a paid claim, the member's status and a revocation.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./devnet-process.ts";

const root = join(import.meta.dirname, "..");
const script = join(root, "packages", "cli", "examples", "walkthrough.sh");
mkdirSync(join(root, ".ci", "out"), { recursive: true });
const dir = mkdtempSync(join(root, ".ci", "out", "walkthrough-"));
afterAll(async () => {
  // Whatever happened, no devnet outlives the test.
  await promisify(execFile)("pnpm", ["-s", "mutua", "devnet", "--stop"], { cwd: dir, env: userEnv() }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Ports the devnet takes from the environment, as a person would set them beside a devnet already running on the
 * default ones: the block still runs exactly as written.
 */
let ports: Record<string, string> = {};
beforeAll(async () => {
  const [rpc, http, ipfs, relayer] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  ports = { MUTUA_RPC_PORT: `${rpc}`, MUTUA_HTTP_PORT: `${http}`, MUTUA_IPFS_PORT: `${ipfs}`, MUTUA_RELAYER_PORT: `${relayer}` };
});

/** The environment of a person at a terminal: no pnpm script context (INIT_CWD is where they are). */
function userEnv(): NodeJS.ProcessEnv {
  const { INIT_CWD: _init, npm_lifecycle_event: _event, npm_package_name: _name, ...env } = process.env;
  return { ...env, ...ports };
}

describe("README walkthrough", () => {
  it("is the script, exactly", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(`\`\`\`sh\n${readFileSync(script, "utf8")}\`\`\``);
  });

  it("runs as written: admitted, assessors appointed by the members' vote, claim filed, assessed in secret, paid, revoked", async () => {
    const { stdout } = await promisify(execFile)("bash", ["-e", script], {
      cwd: dir,
      env: userEnv(),
      maxBuffer: 2 ** 26,
      // A guard against a hang, not a performance check: ~2 minutes idle, much more on a busy machine.
      timeout: 1_500_000,
    });
    const expected = [
      /quorum 2 votes/, // status shows the rules in plain units
      /the mutual offers: cover up to 5000 USDC per claim from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d, premium 300 USDC/,
      /nothing paid\. To accept, run this again with --pay 300/,
      /deposited 5000\.0 USDC of capital/,
      /voted on proposal \d+ \(sent by the relayer 0x/,
      /proposal \d+ executed/,
      /proposal \d+: Executed/,
      /incident #1 is open: Storm surge at Kilifi harbour \(KE-14\)/,
      /photo\.jpg \(image\/jpeg, 27 bytes, hash verified\)/,
      /sealed vote on 0x[0-9a-f]{64} committed by the relayer/,
      /revealed 1 vote/,
      /approved; payable from .* chain time/,
      /claim 0x[0-9a-f]{64}: Paid, 1000(\.0)? USDC to 0x5E64c038d60dEBF7242471093Ef7B26f6396cE6D/,
      /assessor: approved 1000(\.0)? USDC — the photo shows the breach; the quote is high/,
      /claim for incident #1: Paid, asked 1200\.0 USDC, approved 1000\.0 USDC/,
      /revoked urn:uuid:.*: leaf removed on-chain, then status list updated/,
      /stopped the devnet/,
    ];
    for (const line of expected) expect(stdout).toMatch(line);
    // The claim ran through the devnet's relayer: account 9 sent it, Alice's account 1 did not.
    const claim = JSON.parse(readFileSync(join(dir, "claim.json"), "utf8")) as { claimId: string };
    expect(claim.claimId).toMatch(/^0x[0-9a-f]{64}$/);
    // Joined with nothing pasted: the desk's credential is in alice's wallet (and the id in joined.json).
    const joined = JSON.parse(readFileSync(join(dir, "joined.json"), "utf8")) as { credentialId: string; paid: string };
    expect(joined).toMatchObject({ credentialId: expect.stringMatching(/^urn:uuid:/), paid: "300" });
    expect(existsSync(join(dir, "evidence", "form.json"))).toBe(true);
    expect(existsSync(join(dir, ".mutua", "devnet.pid"))).toBe(false);
  }, 1_800_000);
});
