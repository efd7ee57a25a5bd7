import type { ChildProcess } from "node:child_process";
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

const runFile = promisify(execFile);

/** The `mutua` launcher as a person runs it. */
export const mutuaBin = join(import.meta.dirname, "..", "packages", "cli", "bin", "mutua.js");

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `mutua devnet` as its own process on free ports, its config at `config`; resolves once the config is written
 * (the devnet is up).
 */
export async function startDevnetProcess(options: {
  config: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** More `mutua devnet` flags (e.g. --app <dir>). */
  args?: string[];
}): Promise<ChildProcess> {
  const [rpc, http, ipfs, relayer] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const ports = ["--rpc-port", rpc, "--http-port", http, "--ipfs-port", ipfs, "--relayer-port", relayer].map(String);
  const devnet = spawn(process.execPath, [mutuaBin, "--config", options.config, "devnet", ...ports, ...(options.args ?? [])], {
    env: options.env,
    cwd: options.cwd,
    stdio: "ignore",
  });
  // A guard against a hang: a devnet starts in seconds on an idle machine, far slower on a loaded one.
  for (let i = 0; i < 1_200 && !existsSync(options.config) && devnet.exitCode === null; i++) await new Promise((r) => setTimeout(r, 250));
  if (!existsSync(options.config)) {
    devnet.kill("SIGKILL");
    throw new Error(devnet.exitCode === null ? "the devnet did not start within 300 s" : `the devnet exited with code ${devnet.exitCode}`);
  }
  return devnet;
}

/**
 * Runs `mutua --json …` as its own process, like a person at a terminal in `cwd`; resolves the parsed
 * output, or rejects with the parsed error ({ code, message }). A command that hangs is killed after
 * `timeoutMs` and fails its test instead of stalling the suite.
 */
export function mutuaRunner(options: { cwd: string; env: NodeJS.ProcessEnv; prefix?: string[]; timeoutMs?: number }) {
  return async (...args: string[]): Promise<Record<string, unknown>> => {
    try {
      const { stdout } = await runFile(process.execPath, [mutuaBin, "--json", ...(options.prefix ?? []), ...args], {
        env: { ...options.env, INIT_CWD: options.cwd },
        cwd: options.cwd,
        maxBuffer: 2 ** 24,
        timeout: options.timeoutMs ?? 600_000,
        killSignal: "SIGKILL",
      });
      return JSON.parse(stdout.trim().split("\n").at(-1) as string);
    } catch (error) {
      const stdout = (error as { stdout?: string }).stdout ?? "";
      const line = stdout.trim().split("\n").at(-1);
      if (!line) throw error;
      throw JSON.parse(line).error ?? error;
    }
  };
}

/** A long-running `mutua --json …` (a node, a relayer): resolves with its first JSON line once it is up. */
export async function startMutuaService(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ process: ChildProcess; info: Record<string, unknown>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [mutuaBin, "--json", ...args], {
    env: { ...options.env, INIT_CWD: options.cwd },
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`mutua ${args.join(" ")} did not start in 60 s: ${stderr}`)), 60_000);
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (line && stdout.includes("\n")) {
        clearTimeout(timer);
        const parsed = JSON.parse(line);
        if (parsed.error) reject(Object.assign(new Error(parsed.error.message), parsed.error));
        else resolve(parsed);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`mutua ${args.join(" ")} exited (${code}) before it was up: ${stdout}${stderr}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { process: child, info, stop };
}

/**
 * Stops a `mutua` process and what it started: SIGTERM (the launcher passes it on to the command, which closes its
 * ports), then SIGKILL if it has not exited in 10 s. SIGKILL alone would orphan the launcher's child.
 */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
