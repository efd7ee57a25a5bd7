#!/usr/bin/env node
// In a checkout, runs the TypeScript sources (type stripping, "source" exports) so a stale build never runs;
// a published package (no src/) runs its build. Type stripping needs Node 23.6+: on an older Node (the
// machines' Node 20) the sources run on the Node 24 that `pnpm install` put in the repository.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
if (existsSync(source)) {
  const [major, minor] = process.versions.node.split(".").map(Number);
  const stripsTypes = major > 23 || (major === 23 && minor >= 6);
  const repoNode = fileURLToPath(new URL("../../../node_modules/node/bin/node", import.meta.url));
  const node = stripsTypes ? process.execPath : repoNode;
  if (!existsSync(node)) {
    console.error(
      `error [NODE_TOO_OLD]: Node ${process.versions.node} cannot run Mutua's TypeScript sources; run \`pnpm install\` (it brings Node 24) or use Node 23.6+`,
    );
    process.exit(1);
  }
  // libuv's io_uring back end has hung processes sporadically on some kernels (nodejs/node#55587: a CLI
  // process here once slept forever in a futex with an io_uring ring open). Short-lived commands gain nothing
  // from it: off unless the user chose.
  const env = { UV_USE_IO_URING: "0", ...process.env };
  const child = spawn(node, ["--conditions=source", source, ...process.argv.slice(2)], { stdio: "inherit", env });
  // Stopping this launcher stops the command (a devnet and its ports with it): no orphan keeps running.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import(fileURLToPath(new URL("../dist/cli.js", import.meta.url)));
}
