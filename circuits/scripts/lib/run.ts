import { spawnSync } from "node:child_process";

/** Runs a command, streaming its output; throws with the command line when it fails. */
export function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) {
    throw new Error(`command failed (${result.status ?? result.signal}): ${command} ${args.join(" ")}`);
  }
}
