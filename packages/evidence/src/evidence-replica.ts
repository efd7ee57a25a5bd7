import type { CID } from "multiformats/cid";
import type { PinState } from "./pinning-service-client.ts";
import type { BlockSource } from "./verified-blocks.ts";

/** What one store did with a replication request. */
export interface ReplicationOutcome {
  store: string;
  status: PinState | "unreachable";
  requestid?: string;
  error?: string;
}

/**
 * A place evidence is replicated to: a pinning service (IPFS Pinning Service API) or a Kubo node (its RPC
 * API). Each pins content it fetches from the claimant's node, reports whether it holds it, and serves its
 * blocks for verified reads.
 */
export interface EvidenceReplica {
  /** Named in reports and errors. */
  readonly endpoint: string;
  /** Where its blocks are read from (each verified against its CID by the reader). */
  readonly blocks: BlockSource;
  /** Has it pin `cid`, fetching from `origins` (multiaddrs); settles when pinned, failed, or after `timeoutMs`. */
  replicate(cid: CID, origins: readonly string[], timeoutMs: number): Promise<ReplicationOutcome>;
  /** Whether it pins `cid`. */
  pinStatus(cid: CID): Promise<PinState | "none">;
}
