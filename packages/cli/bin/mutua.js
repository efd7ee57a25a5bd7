#!/usr/bin/env node
// In a checkout, runs the TypeScript sources on Node 24 (type stripping, "source" exports) so a stale build
// never runs; a published package (no src/) runs its build.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
if (existsSync(source)) {
  const result = spawnSync(process.execPath, ["--conditions=source", source, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
} else {
  await import(fileURLToPath(new URL("../dist/cli.js", import.meta.url)));
}
