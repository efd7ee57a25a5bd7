// Builds the app only when something it bundles changed since the last build: `pnpm app`, `pnpm demo` and
// `pnpm test` all run the artifacts step, and a rebuild that changes nothing costs seconds and screens of output.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const app = join(import.meta.dirname, "..");
const packages = join(app, "..");
const built = join(app, "dist", "index.html");

/** The newest modification time under `path`, skipping what is built or installed. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist" || entry === "target" || entry.startsWith(".")) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

// What the bundle is made of: the app and every package's sources it imports (the SDK's own, and below it, the
// contracts' bindings and generated ABIs among them).
// The circuits too: the signed release names their hashes.
const inputs = [
  app,
  join(packages, "..", "contracts", "src-ts"),
  join(packages, "..", "circuits", "build"),
  ...readdirSync(packages).map((name) => join(packages, name, "src")),
].filter(
  existsSync,
);
const stale = !existsSync(built) || inputs.some((input) => newest(input) > statSync(built).mtimeMs);
if (!stale) {
  console.log("app: up to date");
} else {
  const vite = spawnSync("vite", ["build", "--logLevel", "warn"], { cwd: app, stdio: "inherit", shell: process.platform === "win32" });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
  const sign = spawnSync(process.execPath, ["--conditions=source", join(app, "build", "sign-release.ts")], { cwd: app, stdio: "inherit" });
  if (sign.status !== 0) process.exit(sign.status ?? 1);
  console.log("app: built (packages/app/dist)");
}
