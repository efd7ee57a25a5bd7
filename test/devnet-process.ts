import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

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
export async function startDevnetProcess(options: { config: string; cwd: string; env: NodeJS.ProcessEnv }): Promise<ChildProcess> {
  const [rpc, http, ipfs, relayer] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const ports = ["--rpc-port", rpc, "--http-port", http, "--ipfs-port", ipfs, "--relayer-port", relayer].map(String);
  const devnet = spawn(process.execPath, [mutuaBin, "--config", options.config, "devnet", ...ports], {
    env: options.env,
    cwd: options.cwd,
    stdio: "ignore",
  });
  for (let i = 0; i < 240 && !existsSync(options.config); i++) await new Promise((r) => setTimeout(r, 250));
  if (!existsSync(options.config)) {
    devnet.kill("SIGKILL");
    throw new Error("the devnet did not start within 60 s");
  }
  return devnet;
}
