import type { KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import type { EvidenceReplica, ReplicationOutcome } from "./evidence-replica.ts";
import { loadMultiaddr } from "./lazy-libraries.ts";
import { loadOptional } from "./optional-dependency.ts";
import type { BlockSource } from "./verified-blocks.ts";

/**
 * A Kubo node as a replica, through its RPC API (kubo-rpc-client): it dials the claimant's node
 * (swarm/connect), pins recursively (pin/add, fetching over bitswap), reports with pin/ls, and serves
 * blocks with block/get (verified by the reader like any other source).
 */
export class KuboReplica implements EvidenceReplica {
  readonly endpoint: string;
  readonly blocks: BlockSource;
  #client: Promise<KuboRPCClient> | undefined;

  constructor(url: string) {
    this.endpoint = url.replace(/\/+$/, "");
    this.blocks = {
      name: `${this.endpoint} (Kubo RPC)`,
      get: async (cid, signal) => (await this.client()).block.get(cid, { signal }),
    };
  }

  /** The RPC client, its library loaded on first use (160 ms of import that a command never replicating pays not). */
  client(): Promise<KuboRPCClient> {
    this.#client ??= loadOptional(() => import("kubo-rpc-client"), "KuboReplica", ["kubo-rpc-client"]).then(({ create }) =>
      create({ url: this.endpoint }),
    );
    return this.#client;
  }

  async replicate(cid: CID, origins: readonly string[], timeoutMs: number): Promise<ReplicationOutcome> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const client = await this.client();
      const multiaddr = await loadMultiaddr();
      for (const origin of origins) await client.swarm.connect(multiaddr(origin), { signal }).catch(() => {});
      await client.pin.add(cid, { recursive: true, signal });
      return { store: this.endpoint, status: "pinned" };
    } catch (error) {
      const message = (error as Error).message;
      const down = /fetch failed|ECONNREFUSED|ENOTFOUND/.test(message);
      return {
        store: this.endpoint,
        status: down ? "unreachable" : "failed",
        error: signal.aborted ? `not pinned after ${timeoutMs} ms` : message,
      };
    }
  }

  async pinStatus(cid: CID): Promise<"pinned" | "none"> {
    try {
      for await (const pin of (await this.client()).pin.ls({ paths: [cid], type: "recursive" })) if (pin.cid.equals(cid)) return "pinned";
      return "none";
    } catch (error) {
      if (/not pinned/i.test((error as Error).message)) return "none";
      throw error;
    }
  }
}
