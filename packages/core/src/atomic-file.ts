import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Replaces the file at `path` with `data` so that a crash at any point (kill -9, power loss) leaves either the old
 * file or the new one, never a torn one: written beside it, flushed to disk, renamed over it, and the directory's
 * entry flushed too. Every piece of state a Mutua process keeps (wallets, agents' keys, journals, the desk's records,
 * pins, configuration) is written this way.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const file = openSync(temporary, "w", options.mode ?? 0o644);
  try {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    for (let written = 0; written < bytes.length; ) written += writeSync(file, bytes, written, bytes.length - written);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
  const entry = openSync(directory, "r");
  try {
    fsyncSync(entry);
  } finally {
    closeSync(entry);
  }
}
