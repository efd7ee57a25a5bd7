import type { CID } from "multiformats/cid";

/** One file to put in a directory: its path inside the directory and its bytes, streamed. */
export interface StoreEntry {
  path: string;
  content: AsyncIterable<Uint8Array>;
}

/** How long a read waits for each block before it gives up. */
export interface ReadOptions {
  /** Give up after this long (EvidenceNotFoundError). Default 30 s. */
  timeoutMs?: number;
}

/**
 * Where evidence lives: IPFS through an embedded Helia node or a Kubo daemon. Both import with the same
 * UnixFS settings (CIDv1, raw leaves, 1 MiB chunks, 1024 links per node: the IPIP-499 "unixfs-v1-2025"
 * profile), so the same bytes get the same CID on either.
 */
export interface EvidenceStore {
  readonly kind: string;
  /** Imports the entries as one directory; returns the directory's CID. Nothing is pinned implicitly. */
  addDirectory(entries: AsyncIterable<StoreEntry> | Iterable<StoreEntry>): Promise<CID>;
  /** Imports one file (not wrapped in a directory). */
  addFile(content: AsyncIterable<Uint8Array>): Promise<CID>;
  /** Streams a file: `cid` itself, or `path` inside the directory `cid`. */
  cat(cid: CID, options?: ReadOptions & { path?: string }): AsyncIterable<Uint8Array>;
  /** Pins `cid` and everything under it, fetching missing blocks from connected nodes. */
  pin(cid: CID, options?: ReadOptions): Promise<void>;
  /** Lets the store drop the content (it may keep it until it collects garbage). */
  unpin(cid: CID): Promise<void>;
  /** Whether the store keeps this content. */
  isPinned(cid: CID): Promise<boolean>;
  /** Releases the store (stops an embedded node; a client of a remote node has nothing to stop). */
  close(): Promise<void>;
}

/** UnixFS import settings shared by every store (IPIP-499 unixfs-v1-2025). */
export const UNIXFS_IMPORT = { cidVersion: 1, rawLeaves: true, chunkSize: 1_048_576, maxChildrenPerNode: 1024 } as const;
export const DEFAULT_READ_TIMEOUT_MS = 30_000;
