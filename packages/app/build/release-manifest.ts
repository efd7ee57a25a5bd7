// The app's signed release: release.json lists the SHA-256 of every file the build wrote (and of the circuits the app
// proves with), release.sig is the mutual's ECDSA P-256 signature over it. The service worker carries the release
// key and installs a version only if its manifest verifies and every file it keeps matches (src/sw.ts).
import { createHash, sign } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { KeyObject } from "node:crypto";
import type { ReleasePublicKey } from "./release-key.ts";

/** What release.json holds. */
export interface AppRelease {
  format: "mutua-app-release/1";
  /** A digest of the files: tells releases apart at a glance. */
  version: string;
  /** Seconds: when its source was written. The service worker never installs a release older than the one it runs. */
  issuedAt: number;
  /** Path under the app → SHA-256 (hex) of its bytes. */
  files: Record<string, string>;
  /** SHA-256 (hex) of each circuit file the app may fetch (witness code, proving and verification keys). */
  circuits: string[];
}

/** Files that are not part of a release: the verifier itself, the release, and the host's configuration. */
const OUTSIDE = new Set(["sw.js", "release.json", "release.sig", "mutua.json"]);

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

function filesUnder(directory: string, root = directory): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path, root) : [relative(root, path).split(sep).join("/")];
  });
}

/**
 * When the release's source was written: SOURCE_DATE_EPOCH if set (reproducible builds), else the last commit's time,
 * so that the same source always gives the same release and a newer source a later one.
 */
export function sourceTime(): number {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH);
  try {
    return Number(execFileSync("git", ["log", "-1", "--format=%ct"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    return 0;
  }
}

/** Writes release.json and release.sig for the app built in `dist` (every file but those OUTSIDE). */
export function signRelease(dist: string, options: { issuedAt: number; circuitFiles: readonly string[]; key: KeyObject }): AppRelease {
  const files = Object.fromEntries(
    filesUnder(dist)
      .filter((path) => !OUTSIDE.has(path))
      .sort()
      .map((path) => [path, sha256(readFileSync(join(dist, path)))]),
  );
  const circuits = [...new Set(options.circuitFiles.map((path) => sha256(readFileSync(path))))].sort();
  const version = sha256(JSON.stringify([files, circuits])).slice(0, 16);
  const release: AppRelease = { format: "mutua-app-release/1", version, issuedAt: options.issuedAt, files, circuits };
  const text = JSON.stringify(release, null, 1);
  // IEEE P1363 (r || s): the form Web Crypto's ECDSA verify takes.
  const signature = sign("sha256", Buffer.from(text), { key: options.key, dsaEncoding: "ieee-p1363" });
  writeFileSync(join(dist, "release.json"), text);
  writeFileSync(join(dist, "release.sig"), signature.toString("base64url"));
  return release;
}

/** Puts the release key into the built service worker (it stands in as a placeholder until then). */
export function stampReleaseKey(dist: string, key: ReleasePublicKey): void {
  const path = join(dist, "sw.js");
  const code = readFileSync(path, "utf8");
  const stamped = code.replace(/(["'`])__MUTUA_RELEASE_KEY__\1/, JSON.stringify(JSON.stringify(key)));
  if (stamped === code) throw new Error("the service worker has no release key placeholder: it would trust no release");
  writeFileSync(path, stamped);
}
