import { join } from "node:path";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { withBitswap } from "@helia/bitswap";
import type { HeliaWithLibp2p } from "@helia/libp2p";
import { withLibp2pLight } from "@helia/libp2p";
import type { CatOptions, UnixFS } from "@helia/unixfs";
import { unixfs } from "@helia/unixfs";
import * as dagPb from "@ipld/dag-pb";
import type { Identify } from "@libp2p/identify";
import { identify } from "@libp2p/identify";
import { tcp } from "@libp2p/tcp";
import type { Multiaddr } from "@multiformats/multiaddr";
import { MemoryBlockstore } from "blockstore-core";
import { FsBlockstore } from "blockstore-fs";
import { MemoryDatastore } from "datastore-core";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight } from "helia";
import type { CID } from "multiformats/cid";
import { notFoundAfterTimeout } from "./errors.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import { DEFAULT_READ_TIMEOUT_MS } from "./evidence-store.ts";
import { importerOptions } from "./unixfs-importer.ts";

export interface HeliaStoreOptions {
  /** Keep blocks and pins on disk here (survives a restart). Default: memory. */
  directory?: string;
  /** Listen on these libp2p addresses (e.g. "/ip4/127.0.0.1/tcp/0") to replicate with other nodes. Default: none. */
  listen?: string[];
}

/** The embedded default: a Helia node in this process (blocks on disk or in memory; libp2p TCP for replication). */
type Node = HeliaWithLibp2p<{ identify: Identify }>;

export class HeliaEvidenceStore implements EvidenceStore {
  readonly kind = "helia";
  readonly helia: Node;
  readonly #fs: UnixFS;

  private constructor(helia: Node) {
    this.helia = helia;
    this.#fs = unixfs(helia);
  }

  static async create(options: HeliaStoreOptions = {}): Promise<HeliaEvidenceStore> {
    const blockstore = options.directory ? new FsBlockstore(join(options.directory, "blocks")) : new MemoryBlockstore();
    const datastore = options.directory ? new FsDatastore(join(options.directory, "data")) : new MemoryDatastore();
    const light = createHeliaLight({ blockstore, datastore });
    // libp2p without the public-network defaults (no bootstrap, DHT or relays): only the peers we dial.
    const helia = withBitswap(
      withLibp2pLight(light, {
        datastore,
        addresses: { listen: options.listen ?? [] },
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        services: { identify: identify() },
      }),
    );
    await helia.start();
    return new HeliaEvidenceStore(helia);
  }

  multiaddrs(): Multiaddr[] {
    return this.helia.libp2p.getMultiaddrs();
  }

  /** Connects to another node (replication partner). */
  async connect(address: Multiaddr): Promise<void> {
    await this.helia.libp2p.dial(address);
  }

  async addDirectory(entries: AsyncIterable<StoreEntry> | Iterable<StoreEntry>): Promise<CID> {
    let root: CID | undefined;
    for await (const entry of this.#fs.addAll(entries, { ...importerOptions(), wrapWithDirectory: true })) {
      if (entry.path === "") root = entry.cid;
    }
    if (!root) throw new Error("the importer produced no directory");
    return root;
  }

  addFile(content: AsyncIterable<Uint8Array>): Promise<CID> {
    return this.#fs.addByteStream(content, importerOptions());
  }

  async *cat(cid: CID, options: ReadOptions & { path?: string } = {}): AsyncIterable<Uint8Array> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    const at = options.path ? { path: options.path } : {};
    try {
      const { size } = await this.#fs.stat(cid, { ...at, signal });
      // Read in windows: the exporter walks a file's DAG ahead of its reader without backpressure, so one
      // cat of a whole file buffered up to the whole file when decryption was slower than the disk.
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
        yield* this.#fs.cat(cid, window);
        if (size === 0n) break;
      }
    } catch (error) {
      throw notFoundAfterTimeout(error, options.path ? `${cid}/${options.path}` : cid.toString(), timeoutMs);
    }
  }

  async pin(cid: CID, options: ReadOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    if (await this.isPinned(cid)) return;
    try {
      for await (const _ of this.helia.pins.add(cid, { signal: AbortSignal.timeout(timeoutMs) })) {
        // Each yielded CID is a block now held and pinned.
      }
    } catch (error) {
      throw notFoundAfterTimeout(error, cid.toString(), timeoutMs);
    }
  }

  async unpin(cid: CID): Promise<void> {
    for await (const _ of this.helia.pins.rm(cid)) {
      // drain
    }
  }

  isPinned(cid: CID): Promise<boolean> {
    return this.helia.pins.isPinned(cid);
  }

  /**
   * Every block reachable from `cid` (fetched from connected nodes when missing), depth first, with the names
   * dag-pb links give them: what any IPFS peer can obtain for a CID, no key needed.
   */
  async *blocks(
    cid: CID,
    options: ReadOptions = {},
  ): AsyncGenerator<{ cid: CID; bytes: Uint8Array; links: { name: string; cid: CID; size: number }[] }> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const stack = [cid];
    const seen = new Set<string>();
    try {
      while (stack.length > 0) {
        const next = stack.pop() as CID;
        if (seen.has(next.toString())) continue;
        seen.add(next.toString());
        const parts: Uint8Array[] = [];
        for await (const part of this.helia.blockstore.get(next, { signal: AbortSignal.timeout(timeoutMs) })) parts.push(part);
        const bytes = new Uint8Array(Buffer.concat(parts));
        const links =
          next.code === dagPb.code ? dagPb.decode(bytes).Links.map((l) => ({ name: l.Name ?? "", cid: l.Hash, size: l.Tsize ?? 0 })) : [];
        yield { cid: next, bytes, links };
        for (const link of [...links].reverse()) stack.push(link.cid);
      }
    } catch (error) {
      throw notFoundAfterTimeout(error, cid.toString(), timeoutMs);
    }
  }

  async close(): Promise<void> {
    await this.helia.stop();
  }
}

const READ_AHEAD_BLOCKS = 4;
const READ_WINDOW = 8n * 1_048_576n;
