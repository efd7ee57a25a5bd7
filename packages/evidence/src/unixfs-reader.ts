import type { CatOptions, UnixFS } from "@helia/unixfs";
import type { CID } from "multiformats/cid";
import { notFoundAfterTimeout } from "./errors.ts";
import type { ReadOptions } from "./evidence-store.ts";
import { DEFAULT_READ_TIMEOUT_MS } from "./evidence-store.ts";

const READ_AHEAD_BLOCKS = 4;
const READ_WINDOW = 8n * 1_048_576n;

/**
 * Streams a UnixFS file (`cid`, or `path` under the directory `cid`) through any blockstore. Read in
 * windows: the exporter walks a file's DAG ahead of its reader without backpressure, so one cat of a whole
 * file buffered up to the whole file when decryption was slower than the disk.
 */
export async function* readUnixfs(fs: UnixFS, cid: CID, options: ReadOptions & { path?: string } = {}): AsyncIterable<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const at = options.path ? { path: options.path } : {};
  try {
    const { size } = await fs.stat(cid, { ...at, signal });
    for (let offset = 0n; offset < size || offset === 0n; offset += READ_WINDOW) {
      const length = Number(size - offset < READ_WINDOW ? size - offset : READ_WINDOW);
      // blockReadConcurrency reaches the exporter though CatOptions does not declare it.
      const window: CatOptions & { blockReadConcurrency: number } = {
        ...at,
        offset: Number(offset),
        length,
        blockReadConcurrency: READ_AHEAD_BLOCKS,
        signal,
      };
      yield* fs.cat(cid, window);
      if (size === 0n) break;
    }
  } catch (error) {
    throw notFoundAfterTimeout(error, options.path ? `${cid}/${options.path}` : cid.toString(), timeoutMs);
  }
}
