import type { KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { notFoundAfterTimeout } from "./errors.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import { DEFAULT_READ_TIMEOUT_MS, UNIXFS_IMPORT } from "./evidence-store.ts";
import { loadOptional } from "./optional-dependency.ts";

/**
 * A Kubo daemon over its RPC API (kubo-rpc-client, the maintained successor of ipfs-http-client). For CIDs
 * identical to the embedded store on files above 1 GiB, run the daemon with Import.UnixFSFileMaxLinks=1024
 * (the unixfs-v1-2025 profile); below that, the chunker and raw-leaf options sent here suffice.
 */
export class KuboEvidenceStore implements EvidenceStore {
  readonly kind = "kubo";
  readonly url: string | URL;
  #client: Promise<KuboRPCClient> | undefined;

  constructor(url: string | URL) {
    this.url = url;
  }

  /** The RPC client, its library loaded on first use (a fifth of a second that a command never storing pays not). */
  client(): Promise<KuboRPCClient> {
    this.#client ??= loadOptional(() => import("kubo-rpc-client"), "KuboEvidenceStore", ["kubo-rpc-client"]).then(({ create }) =>
      create({ url: this.url }),
    );
    return this.#client;
  }

  async addDirectory(entries: AsyncIterable<StoreEntry> | Iterable<StoreEntry>): Promise<CID> {
    let root: CID | undefined;
    for await (const added of (await this.client()).addAll(entries, { ...addOptions(), wrapWithDirectory: true })) {
      if (added.path === "") root = added.cid;
    }
    if (!root) throw new Error("Kubo returned no directory");
    return root;
  }

  async addFile(content: AsyncIterable<Uint8Array>): Promise<CID> {
    return (await (await this.client()).add(content, addOptions())).cid;
  }

  async *cat(cid: CID, options: ReadOptions & { path?: string } = {}): AsyncIterable<Uint8Array> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const target = options.path ? `/ipfs/${cid}/${options.path}` : cid;
    try {
      yield* (await this.client()).cat(target, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw notFoundAfterTimeout(error, String(target), timeoutMs);
    }
  }

  async pin(cid: CID, options: ReadOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    try {
      await (await this.client()).pin.add(cid, { recursive: true, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw notFoundAfterTimeout(error, cid.toString(), timeoutMs);
    }
  }

  /** Asks the Kubo node to unpin the content. */
  async unpin(cid: CID): Promise<void> {
    await (await this.client()).pin.rm(cid, { recursive: true });
  }

  /** Whether the Kubo node pins the content. */
  async isPinned(cid: CID): Promise<boolean> {
    try {
      for await (const pinned of (await this.client()).pin.ls({ paths: [cid], type: "recursive" })) {
        if (pinned.cid.equals(cid)) return true;
      }
      return false;
    } catch (error) {
      // Kubo answers "not pinned" with an error; anything else (daemon down) is a real failure.
      if (/not pinned/i.test((error as Error).message)) return false;
      throw error;
    }
  }

  /** Nothing to release: the daemon is someone else's. */
  async close(): Promise<void> {}
}

function addOptions() {
  return {
    cidVersion: UNIXFS_IMPORT.cidVersion,
    rawLeaves: UNIXFS_IMPORT.rawLeaves,
    chunker: `size-${UNIXFS_IMPORT.chunkSize}`,
    pin: false,
  } as const;
}
