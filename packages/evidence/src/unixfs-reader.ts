import * as dagPb from "@ipld/dag-pb";
import type { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { collectBytes } from "./bytes.ts";
import { notFoundAfterTimeout } from "./errors.ts";
import type { ReadOptions } from "./evidence-store.ts";
import { DEFAULT_READ_TIMEOUT_MS } from "./evidence-store.ts";
import { loadUnixfsExporter } from "./lazy-libraries.ts";

/** What the reader needs of a blockstore (Helia's, or the fallback over several sources). */
export interface BlockReader {
  get(cid: CID, options: { signal?: AbortSignal }): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** Leaf blocks fetched ahead of the reader: enough to keep the disk or the network busy, and no more in memory. */
const READ_AHEAD_BLOCKS = 4;

/**
 * Streams a UnixFS file (`cid`, or `path` under the directory `cid`) through any blockstore: the file's DAG walked
 * in order, its leaves fetched at most READ_AHEAD_BLOCKS ahead of the reader. The UnixFS exporter's `cat` walks
 * ahead with no bound (a 300 MB file read while decrypting grew memory by 458 MiB); reading it in windows bounded
 * memory but cost a third of the speed (each window walked the DAG again). `timeoutMs` bounds each block, not the
 * whole file: a large file on a slow link is not cut off while blocks keep arriving.
 */
export async function* readUnixfs(
  blockstore: BlockReader,
  cid: CID,
  options: ReadOptions & { path?: string } = {},
): AsyncIterable<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const what = options.path ? `${cid}/${options.path}` : cid.toString();
  const getBlock = (block: CID) => collectBytes(blockstore.get(block, { signal: AbortSignal.timeout(timeoutMs) }));
  const pending: Promise<Uint8Array>[] = [];
  try {
    const { exporter, UnixFS } = await loadUnixfsExporter();
    // Paths go through the exporter (plain and sharded directories alike); it reads the directory nodes only.
    const file = options.path
      ? (await exporter(`${cid}/${options.path}`, blockstore as never, { signal: AbortSignal.timeout(timeoutMs) })).cid
      : cid;
    for await (const piece of fileLeaves(file, getBlock, UnixFS)) {
      const fetching = piece instanceof Uint8Array ? Promise.resolve(piece) : getBlock(piece);
      fetching.catch(() => {}); // awaited below, in order
      pending.push(fetching);
      if (pending.length > READ_AHEAD_BLOCKS) yield await (pending.shift() as Promise<Uint8Array>);
    }
    while (pending.length > 0) yield await (pending.shift() as Promise<Uint8Array>);
  } catch (error) {
    throw notFoundAfterTimeout(error, what, timeoutMs);
  }
}

type UnixFSDecoder = Awaited<ReturnType<typeof loadUnixfsExporter>>["UnixFS"];

/** The CID (or path) names something other than a UnixFS file: a directory, or another codec. */
export class NotAFileError extends Error {
  override readonly name = "NotAFileError";
}

/** A file's content in order: bytes held in its dag-pb nodes, and the CIDs of its raw leaves (fetched by the caller). */
async function* fileLeaves(cid: CID, getBlock: (cid: CID) => Promise<Uint8Array>, UnixFS: UnixFSDecoder): AsyncGenerator<Uint8Array | CID> {
  if (cid.code === raw.code) {
    yield cid;
    return;
  }
  if (cid.code !== dagPb.code) throw new NotAFileError(`${cid} is not a file (codec 0x${cid.code.toString(16)})`);
  const node = dagPb.decode(await getBlock(cid));
  const unixfs = node.Data ? UnixFS.unmarshal(node.Data) : undefined;
  if (!unixfs || (unixfs.type !== "file" && unixfs.type !== "raw")) throw new NotAFileError(`${cid} is not a file`);
  if (unixfs.data && unixfs.data.length > 0) yield unixfs.data;
  for (const link of node.Links) yield* fileLeaves(link.Hash, getBlock, UnixFS);
}
