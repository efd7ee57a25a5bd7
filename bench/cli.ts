// How long `mutua` commands take from a person's shell: `--help`, and `status` / `assessor list` against a
// running devnet (each a fresh process: launcher + the CLI on Node 24). Medians of 7 runs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mutuaBin, startDevnetProcess } from "../test/devnet-process.ts";
import { median, round } from "./stats.ts";

const cli = mutuaBin;
const RUNS = 7;

export async function benchCli(log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "mutua-bench-cli-"));
  const config = join(dir, ".mutua", "config.json");
  const { INIT_CWD: _userDir, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, MUTUA_SECRET: "bench storage secret" };
  const time = (...args: string[]) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      execFileSync(process.execPath, [cli, "--config", config, ...args], { env, cwd: dir, stdio: "ignore" });
      samples.push(performance.now() - started);
    }
    return round(median(samples), 0);
  };
  const devnet = await startDevnetProcess({ config, cwd: dir, env });
  try {
    const help = time("--help");
    log(`mutua --help: median ${help} ms`);
    const status = time("status");
    log(`mutua status (chain reads only): median ${status} ms`);
    execFileSync(process.execPath, [cli, "--config", config, "assessor", "init", "--name", "ana", "--account", "2"], {
      env,
      cwd: dir,
      stdio: "ignore",
    });
    const list = time("assessor", "list", "--name", "ana", "--account", "2");
    log(`mutua assessor list (chain reads only): median ${list} ms`);
    return { helpMs: help, statusMs: status, assessorListMs: list, runs: RUNS };
  } finally {
    execFileSync(process.execPath, [cli, "--config", config, "devnet", "--stop"], { env, cwd: dir, stdio: "ignore" });
    devnet.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
