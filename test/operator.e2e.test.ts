// docs/deploy.md's operator walkthrough, exactly as an operator runs it: the block is packages/cli/examples/operator.sh;
// bash runs it with `mutua` on the PATH (the installed command), against Anvil as a separate process, with one
// Anvil key per role: from `mutua deploy` and the services as processes to a paid claim, nothing but the CLI.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvil } from "./anvil-network.ts";
import { freePort, mutuaBin } from "./devnet-process.ts";

const root = join(import.meta.dirname, "..");
const script = join(root, "packages", "cli", "examples", "operator.sh");
const dir = mkdtempSync(join(tmpdir(), "mutua-operator-"));
let anvil: Awaited<ReturnType<typeof startAnvil>>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  anvil = await startAnvil();
  // `mutua` as an operator has it after installing the CLI: the launcher on the PATH, run by this Node itself (exec:
  // `$!` in the script is then the launcher, which passes the script's signals on to the command).
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "mutua"), `#!/bin/sh\nexec "${process.execPath}" "${mutuaBin}" "$@"\n`);
  chmodSync(join(bin, "mutua"), 0o755);
  const [node, relayer, desk] = await Promise.all([freePort(), freePort(), freePort()]);
  const key = (i: number) => anvilWallet(i).privateKey;
  const address = (i: number) => anvilWallet(i).address;
  const { INIT_CWD: _init, MUTUA_RPC: _rpc, ...inherited } = process.env;
  env = {
    ...inherited,
    PATH: `${bin}:${process.env.PATH}`,
    RPC: anvil.url,
    DEPLOYER_KEY: key(0),
    DEPLOYER: address(0),
    ISSUER_KEY: key(1),
    ISSUER: address(1),
    OPENER_KEY: key(2),
    OPENER: address(2),
    PAUSER: address(3),
    RELAYER_KEY: key(4),
    KEEPER_KEY: key(5),
    MEMBER_KEY: key(6),
    MEMBER: address(6),
    NODE_PORT: String(node),
    RELAYER_PORT: String(relayer),
    DESK_PORT: String(desk),
  };
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("docs/deploy.md, the operator's walkthrough", () => {
  it("is the script, exactly", () => {
    expect(readFileSync(join(root, "docs", "deploy.md"), "utf8")).toContain(`\`\`\`sh\n${readFileSync(script, "utf8")}\`\`\``);
  });

  it("runs as written on Anvil: deployed, services up, a member joined at the desk, seats voted, a claim assessed and paid", async () => {
    const work = join(dir, "work");
    mkdirSync(work);
    const { stdout } = await promisify(execFile)("bash", ["-e", script], {
      cwd: work,
      env,
      maxBuffer: 2 ** 26,
      // A guard against a hang, not a performance check.
      timeout: 1_500_000,
    });
    for (const line of [
      /deployed "Harbour Mutual"|Harbour Mutual/,
      /join desk +http:\/\/127\.0\.0\.1:\d+\/join answers/,
      /the mutual offers: cover up to 5000 USDC per claim .* premium 300 USDC/,
      /joined: cover up to 5000 USDC/,
      /proposal \d+ executed/,
      /incident #1 is open: Storm at the moorings \(KE-14\)/,
      /claim for incident #1: Paid, asked 1200\.0 USDC, approved 1200\.0 USDC/,
    ]) {
      expect(stdout).toMatch(line);
    }
    expect(existsSync(join(work, "deployments", "31337", "harbour-mutual.json"))).toBe(true);
    expect(existsSync(join(work, "evidence", "photo.jpg"))).toBe(true);
  }, 1_800_000);
});
