// npm as an integrator runs it, in a folder of its own: nothing from the workspace but the tarballs.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Runs a command, returning its standard output; throws with its output when it fails. */
export function run(command: string, args: string[], options: { cwd?: string } = {}): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20, ...options });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}

/**
 * Installs `dependencies` into `directory` (made empty first) with npm. `tarballs` maps every @mutua package to its
 * tarball, through npm's overrides: a package's dependency on another of ours resolves to the packed one, not the
 * registry (where these versions are not published).
 */
export function npmInstall(directory: string, dependencies: Record<string, string>, tarballs: Record<string, string> = {}): void {
  mkdirSync(directory, { recursive: true });
  const file = (spec: string) => (spec.endsWith(".tgz") ? `file:${spec}` : spec);
  const manifest = {
    name: "mutua-consumer",
    private: true,
    type: "module",
    dependencies: Object.fromEntries(Object.entries(dependencies).map(([name, spec]) => [name, file(spec)])),
    overrides: Object.fromEntries(Object.entries(tarballs).map(([name, tarball]) => [name, file(tarball)])),
  };
  writeFileSync(join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: directory });
}

/** Packages installed (npm's lockfile, the root excluded) and their size on disk in MB (du's 1024² units). */
export function installedSize(directory: string): { packages: number; megabytes: number } {
  const lock = JSON.parse(readFileSync(join(directory, "node_modules", ".package-lock.json"), "utf8")) as {
    packages: Record<string, unknown>;
  };
  const packages = Object.keys(lock.packages).filter((path) => path.startsWith("node_modules/")).length;
  const kilobytes = Number(run("du", ["-sk", join(directory, "node_modules")]).split("\t")[0]);
  return { packages, megabytes: Math.round(kilobytes / 1024) };
}
