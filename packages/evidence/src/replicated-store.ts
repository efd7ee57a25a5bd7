import { unixfs } from "@helia/unixfs";
import { multiaddr } from "@multiformats/multiaddr";
import type { CID } from "multiformats/cid";
import { ReplicationError } from "./errors.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import type { HeliaEvidenceStore } from "./helia-store.ts";
import type { PinningServiceClient, PinStatus } from "./pinning-service-client.ts";
import { readUnixfs } from "./unixfs-reader.ts";
import type { BlockFault } from "./verified-blocks.ts";
import { FallbackBlockstore, gatewaySource, heliaSource, walkDag } from "./verified-blocks.ts";

export interface ReplicationOptions {
  /** Pinning services (IPFS Pinning Service API) that keep copies; each also serves its blocks on a gateway. */
  services: readonly PinningServiceClient[];
  /** Extra trustless gateways to read from (public ones, or nodes without a pinning API). */
  gateways?: readonly string[];
  /** Copies required besides this node before `pin` returns (default: 3, or every service if fewer). */
  copies?: number;
  /** How long a service may take to fetch and pin (ms, default 120 s). */
  pinTimeoutMs?: number;
  /** How long one source may take for one block before the next is asked (ms, default 10 s). */
  blockTimeoutMs?: number;
}

export interface ReplicationOutcome {
  store: string;
  status: PinStatus["status"] | "unreachable";
  requestid?: string;
  error?: string;
}

/** One store's copy of some evidence: whether it says it pins it, and whether its blocks verify. */
export interface StoreCopy {
  store: string;
  gateway?: string;
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
      ...options.services.map((s) => gatewaySource(s.gateway)),
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

  cat(cid: CID, options: ReadOptions & { path?: string } = {}): AsyncIterable<Uint8Array> {
    return readUnixfs(unixfs({ blockstore: this.#blocks }), cid, options);
  }

  /** Pins here, then on the services; throws REPLICATION_FAILED (naming each store) if too few hold it. */
  async pin(cid: CID, options: ReadOptions = {}): Promise<void> {
    await this.local.pin(cid, options);
    await this.replicate(cid);
  }

  /**
   * Asks every service to pin `cid` from this node and waits until `copies` of them hold it. A service that
   * already pins it is not asked again.
   */
  async replicate(cid: CID): Promise<ReplicationOutcome[]> {
    const origins = this.local.multiaddrs().map(String);
    const timeoutMs = this.#options.pinTimeoutMs ?? 120_000;
    const outcomes = await Promise.all(
      this.#options.services.map(async (service): Promise<ReplicationOutcome> => {
        try {
          const existing = (await service.list({ cid: [cid.toString()] })).results.find((p) => p.status !== "failed");
          const requested = existing ?? (await service.add({ cid: cid.toString(), name: "mutua-evidence", origins }));
          // The spec's delegates are the service's nodes: connecting to them helps it find this node.
          for (const delegate of requested.delegates ?? []) await this.local.connect(multiaddr(delegate)).catch(() => {});
          const final = requested.status === "pinned" ? requested : await service.waitFor(requested.requestid, timeoutMs);
          return {
            store: service.endpoint,
            status: final.status,
            requestid: final.requestid,
            ...(final.status === "failed" ? { error: final.info?.reason ?? "the service could not fetch it" } : {}),
            ...(final.status === "queued" || final.status === "pinning" ? { error: `not pinned after ${timeoutMs} ms` } : {}),
          };
        } catch (error) {
          return { store: service.endpoint, status: "unreachable", error: (error as Error).message };
        }
      }),
    );
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
        pin = (await service.list({ cid: [cid.toString()] })).results[0]?.status ?? "none";
      } catch (e) {
        pin = "unreachable";
        error = (e as Error).message;
      }
      const copy = await verifyFrom(cid, gatewaySource(service.gateway), timeoutMs);
      copies.push({ store: service.endpoint, gateway: service.gateway, pin, ...copy, ...(error && !copy.error ? { error } : {}) });
    }
    for (const gateway of this.#options.gateways ?? []) {
      copies.push({ store: gateway, gateway, pin: "none", ...(await verifyFrom(cid, gatewaySource(gateway), timeoutMs)) });
    }
    return copies;
  }

  unpin(cid: CID): Promise<void> {
    return this.local.unpin(cid);
  }

  isPinned(cid: CID): Promise<boolean> {
    return this.local.isPinned(cid);
  }

  close(): Promise<void> {
    return this.local.close();
  }
}

/** Fetches every block of `cid` from one source only, checking each against its CID. */
async function verifyFrom(
  cid: CID,
  source: ReturnType<typeof gatewaySource>,
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
