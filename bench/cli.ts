// How long `mutua` commands take from a person's shell: `--help`, and `status` / `assessor list` against a
// running devnet (each a fresh process: launcher + the CLI on Node 24). Medians of 7 runs.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, round } from "./stats.ts";

const cli = join(import.meta.dirname, "..", "packages", "cli", "bin", "mutua.js");
const RUNS = 7;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const devnet = spawn(
    process.execPath,
    [
      cli,
      "--config",
      config,
      "devnet",
      "--rpc-port",
      `${ports[0]}`,
      "--http-port",
      `${ports[1]}`,
      "--ipfs-port",
      `${ports[2]}`,
      "--relayer-port",
      `${ports[3]}`,
    ],
    { env, cwd: dir, stdio: "ignore" },
  );
  try {
    for (let i = 0; i < 240 && !existsSync(config); i++) await new Promise((r) => setTimeout(r, 250));
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
    log(`mutua assessor list (loads the assessor's Veramo agent): median ${list} ms`);
    return { helpMs: help, statusMs: status, assessorListMs: list, runs: RUNS };
  } finally {
    execFileSync(process.execPath, [cli, "--config", config, "devnet", "--stop"], { env, cwd: dir, stdio: "ignore" });
    devnet.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
