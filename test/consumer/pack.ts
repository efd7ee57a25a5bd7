// Packs every publishable workspace package as `pnpm publish` would (workspace versions resolved, publishConfig's
// exports map, only the files listed): the tarballs the consumer test installs.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PackedPackage {
  name: string;
  directory: string;
  tarball: string;
}

const root = join(import.meta.dirname, "..", "..");

/** The workspace's publishable packages: every package.json under packages/, circuits/ and contracts/ not marked private. */
export function publishablePackages(): { name: string; directory: string }[] {
  const directories = [
    ...readdirSync(join(root, "packages")).map((name) => join(root, "packages", name)),
    join(root, "circuits"),
    join(root, "contracts"),
  ];
  return directories.flatMap((directory) => {
    let manifest: { name: string; private?: boolean };
    try {
      manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    } catch {
      return [];
    }
    return manifest.private ? [] : [{ name: manifest.name, directory }];
  });
}

export function packAll(destination: string): PackedPackage[] {
  return publishablePackages().map(({ name, directory }) => {
    const output = execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: directory, encoding: "utf8" });
    const tarball = output.trim().split("\n").at(-1) ?? "";
    if (!tarball.endsWith(".tgz")) throw new Error(`pnpm pack ${name} printed no tarball: ${output}`);
    return { name, directory, tarball };
  });
}
