import type { UnixFS } from "@helia/unixfs";
import type { Multiaddr } from "@multiformats/multiaddr";
import type { Blockstore } from "interface-blockstore";
import type { CID } from "multiformats/cid";
import { notFoundAfterTimeout } from "./errors.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import { DEFAULT_READ_TIMEOUT_MS } from "./evidence-store.ts";
import { loadOptional } from "./optional-dependency.ts";
import { importerOptions } from "./unixfs-importer.ts";
import { readUnixfs } from "./unixfs-reader.ts";
import type { DagBlock } from "./verified-blocks.ts";
import { heliaSource, walkDag } from "./verified-blocks.ts";

/** Where the embedded Helia node keeps its blocks, and the libp2p addresses it listens on. */
export interface HeliaStoreOptions {
  /** Keep blocks and pins on disk here (survives a restart). Default: memory. */
  directory?: string;
  /** Listen on these libp2p addresses (e.g. "/ip4/127.0.0.1/tcp/0") to replicate with other nodes. Default: none. */
  listen?: string[];
}

import type { HeliaNode as Node } from "./helia-node.ts";

/** The embedded node's optional peer dependencies (its own module imports them; see package.json). */
const HELIA_PACKAGES = [
  "helia",
  "@helia/bitswap",
  "@helia/libp2p",
  "@helia/unixfs",
  "libp2p",
  "@libp2p/tcp",
  "@libp2p/identify",
  "@chainsafe/libp2p-noise",
  "@chainsafe/libp2p-yamux",
  "blockstore-fs",
  "datastore-core",
  "datastore-fs",
];

export class HeliaEvidenceStore implements EvidenceStore {
  readonly kind = "helia";
  readonly helia: Node;
  readonly #fs: UnixFS;
  readonly #blocks: Blockstore;

  private constructor(helia: Node, fs: UnixFS, blocks: Blockstore) {
    this.helia = helia;
    this.#fs = fs;
    this.#blocks = blocks;
  }

  /** The embedded default: a Helia node in this process (blocks on disk or in memory; libp2p TCP for replication). */
  static async create(options: HeliaStoreOptions = {}): Promise<HeliaEvidenceStore> {
    const { loadHeliaLibraries, startHeliaNode } = await import("./helia-node.ts");
    const libraries = await loadOptional(loadHeliaLibraries, "HeliaEvidenceStore", HELIA_PACKAGES);
    const { helia, fs, blocks } = await startHeliaNode(libraries, options);
    return new HeliaEvidenceStore(helia, fs, blocks);
  }

  /**
   * Deletes blocks this node took for an import it then refused (never pinned, never served as a DAG): from the
   * node's own blockstore, since Helia's delete first asks content routing to stop providing them, which fails on a
   * node without content routers.
   */
  async discardImported(cids: readonly CID[]): Promise<void> {
    for (const cid of cids) {
      if (!(await this.helia.pins.isPinned(cid))) await this.#blocks.delete(cid);
    }
  }

  /** The libp2p addresses other nodes can dial this one at. */
  multiaddrs(): Multiaddr[] {
    return this.helia.libp2p.getMultiaddrs();
  }

  /** Connects to another node (replication partner). */
  async connect(address: Multiaddr): Promise<void> {
    await this.helia.libp2p.dial(address);
  }

  async addDirectory(entries: AsyncIterable<StoreEntry> | Iterable<StoreEntry>): Promise<CID> {
    let root: CID | undefined;
    for await (const entry of this.#fs.addAll(entries, { ...(await importerOptions()), wrapWithDirectory: true })) {
      if (entry.path === "") root = entry.cid;
    }
    if (!root) throw new Error("the importer produced no directory");
    return root;
  }

  async addFile(content: AsyncIterable<Uint8Array>): Promise<CID> {
    return this.#fs.addByteStream(content, await importerOptions());
  }

  cat(cid: CID, options: ReadOptions & { path?: string } = {}): AsyncIterable<Uint8Array> {
    return readUnixfs(this.helia.blockstore, cid, options);
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

  /** Unpins the content (its blocks go at the next garbage collection). */
  async unpin(cid: CID): Promise<void> {
    for await (const _ of this.helia.pins.rm(cid)) {
      // drain
    }
  }

  /** Whether this node pins the content. */
  isPinned(cid: CID): Promise<boolean> {
    return this.helia.pins.isPinned(cid);
  }

  /**
   * Every block reachable from `cid` (fetched from connected nodes when missing), depth first, with the names
   * dag-pb links give them: what any IPFS peer can obtain for a CID, no key needed.
   */
  async *blocks(cid: CID, options: ReadOptions = {}): AsyncGenerator<DagBlock> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const network = heliaSource(this, { offline: false });
    try {
      yield* walkDag(cid, (next) => network.get(next, AbortSignal.timeout(timeoutMs)));
    } catch (error) {
      throw notFoundAfterTimeout(error, cid.toString(), timeoutMs);
    }
  }

  /** Stops the node. */
  async close(): Promise<void> {
    await this.helia.stop();
  }
}
