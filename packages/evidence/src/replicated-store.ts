import type { CID } from "multiformats/cid";
import { ReplicationError } from "./errors.ts";
import type { EvidenceReplica, ReplicationOutcome } from "./evidence-replica.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import type { HeliaEvidenceStore } from "./helia-store.ts";
import type { PinStatus } from "./pinning-service-client.ts";
import { readUnixfs } from "./unixfs-reader.ts";
import type { BlockFault, BlockSource } from "./verified-blocks.ts";
import { FallbackBlockstore, gatewaySource, heliaSource, walkDag } from "./verified-blocks.ts";

/** The replicas evidence is pinned to, and how many must confirm before sealing counts as stored. */
export interface ReplicationOptions {
  /**
   * Where copies are kept: pinning services (IPFS Pinning Service API, each serving its blocks on a trustless
   * gateway) and Kubo nodes (their RPC API), in the order reads try them.
   */
  services: readonly EvidenceReplica[];
  /** Extra trustless gateways to read from (public ones, or nodes without a pinning API). */
  gateways?: readonly string[];
  /** Copies required besides this node before `pin` returns (default: 3, or every service if fewer). */
  copies?: number;
  /** How long a service may take to fetch and pin (ms, default 120 s). */
  pinTimeoutMs?: number;
  /** How long one source may take for one block before the next is asked (ms, default 10 s). */
  blockTimeoutMs?: number;
}

/** One store's copy of some evidence: whether it says it pins it, and whether its blocks verify. */
export interface StoreCopy {
  store: string;
  /** Where its blocks were read from (its gateway, or its RPC API). */
  source?: string;
  pin: PinStatus["status"] | "none" | "unreachable" | "local";
  verified: boolean;
  blocks: number;
  bytes: number;
  error?: string;
}

/**
 * Evidence kept in several places: added to this process's Helia node, then pinned by N independent
 * pinning services (which fetch it from this node over bitswap). Reads try this node, then every
 * service's trustless gateway and extra gateways, then connected peers, verifying each block against its
 * CID: losing all but one copy, or a store that serves wrong bytes, changes nothing for the reader.
 */
export class ReplicatedEvidenceStore implements EvidenceStore {
  readonly kind = "replicated";
  readonly local: HeliaEvidenceStore;
  readonly #options: ReplicationOptions;
  readonly #blocks: FallbackBlockstore;

  constructor(local: HeliaEvidenceStore, options: ReplicationOptions) {
    this.local = local;
    this.#options = options;
    const sources = [
      heliaSource(local, { offline: true }),
      ...options.services.map((s) => s.blocks),
      ...(options.gateways ?? []).map((g) => gatewaySource(g)),
      heliaSource(local, { offline: false }),
    ];
    this.#blocks = new FallbackBlockstore(sources, { timeoutMs: options.blockTimeoutMs ?? 10_000, cache: local });
  }

  /** Copies required besides this node. */
  get copies(): number {
    return Math.min(this.#options.copies ?? 3, this.#options.services.length);
  }

  /** Sources that served a block not matching its CID, while reading. */
  get faults(): readonly BlockFault[] {
    return this.#blocks.faults;
  }

  addDirectory(entries: AsyncIterable<StoreEntry> | Iterable<StoreEntry>): Promise<CID> {
    return this.local.addDirectory(entries);
  }

  addFile(content: AsyncIterable<Uint8Array>): Promise<CID> {
    return this.local.addFile(content);
  }

  async *cat(cid: CID, options: ReadOptions & { path?: string } = {}): AsyncIterable<Uint8Array> {
    yield* readUnixfs(this.#blocks, cid, options);
  }

  /** Pins here, then on the services; throws REPLICATION_FAILED (naming each store) if too few hold it. */
  async pin(cid: CID, options: ReadOptions = {}): Promise<void> {
    await this.local.pin(cid, options);
    await this.replicate(cid);
  }

  /**
   * Asks every store to pin `cid` from this node and waits until `copies` of them hold it. A store that
   * already pins it is not asked again.
   */
  async replicate(cid: CID): Promise<ReplicationOutcome[]> {
    const origins = this.local.multiaddrs().map(String);
    const timeoutMs = this.#options.pinTimeoutMs ?? 120_000;
    const outcomes = await Promise.all(this.#options.services.map((service) => service.replicate(cid, origins, timeoutMs)));
    if (outcomes.filter((o) => o.status === "pinned").length < this.copies)
      throw new ReplicationError(cid.toString(), this.copies, outcomes);
    return outcomes;
  }

  /**
   * Where copies of `cid` are: this node, and each service (its pin status, and whether every block its
   * gateway serves hashes to its CID).
   */
  async status(cid: CID, options: { blockTimeoutMs?: number } = {}): Promise<StoreCopy[]> {
    const timeoutMs = options.blockTimeoutMs ?? 5_000;
    const local = await verifyFrom(cid, heliaSource(this.local, { offline: true }), timeoutMs);
    const copies: StoreCopy[] = [{ store: "this node", pin: "local", ...local, ...(local.verified ? {} : { pin: "none" as const }) }];
    for (const service of this.#options.services) {
      let pin: StoreCopy["pin"] = "none";
      let error: string | undefined;
      try {
        pin = await service.pinStatus(cid);
      } catch (e) {
        pin = "unreachable";
        error = (e as Error).message;
      }
      const copy = await verifyFrom(cid, service.blocks, timeoutMs);
      copies.push({ store: service.endpoint, source: service.blocks.name, pin, ...copy, ...(error && !copy.error ? { error } : {}) });
    }
    for (const gateway of this.#options.gateways ?? []) {
      copies.push({ store: gateway, source: gateway, pin: "none", ...(await verifyFrom(cid, gatewaySource(gateway), timeoutMs)) });
    }
    return copies;
  }

  /** Unpins locally (replicas keep their copies: they are other operators' to drop). */
  unpin(cid: CID): Promise<void> {
    return this.local.unpin(cid);
  }

  /** Whether the local store pins the content. */
  isPinned(cid: CID): Promise<boolean> {
    return this.local.isPinned(cid);
  }

  /** Closes the local store. */
  close(): Promise<void> {
    return this.local.close();
  }
}

/** Fetches every block of `cid` from one source only, checking each against its CID. */
async function verifyFrom(
  cid: CID,
  source: BlockSource,
  timeoutMs: number,
): Promise<{ verified: boolean; blocks: number; bytes: number; error?: string }> {
  const only = new FallbackBlockstore([source], { timeoutMs });
  let blocks = 0;
  let bytes = 0;
  try {
    for await (const block of walkDag(cid, (next) => only.fetch(next))) {
      blocks += 1;
      bytes += block.bytes.length;
    }
    return { verified: true, blocks, bytes };
  } catch (error) {
    const fault = only.faults[0];
    return { verified: false, blocks, bytes, error: fault ? `block ${fault.cid} ${fault.error}` : (error as Error).message };
  }
}
