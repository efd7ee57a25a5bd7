import type { CID } from "multiformats/cid";
import { PinningServiceError } from "./errors.ts";
import type { EvidenceReplica, ReplicationOutcome } from "./evidence-replica.ts";
import type { BlockSource } from "./verified-blocks.ts";
import { gatewaySource } from "./verified-blocks.ts";

/** Pin states of the IPFS Pinning Service API (https://ipfs.github.io/pinning-services-api-spec/). */
export type PinState = "queued" | "pinning" | "pinned" | "failed";

/** A pin request of the IPFS Pinning Service API: the CID, a name, and the nodes that have it. */
export interface Pin {
  cid: string;
  name?: string;
  /** Multiaddrs of nodes that hold the content: the service should fetch from them. */
  origins?: string[];
  meta?: Record<string, string>;
}

/** A pin's state at the service (queued, pinning, pinned, failed), as the Pinning Service API reports it. */
export interface PinStatus {
  requestid: string;
  status: PinState;
  created: string;
  pin: Pin;
  /** Multiaddrs of the service's nodes that will receive the content (a client may connect to them). */
  delegates: string[];
  info?: Record<string, string>;
}

/** A page of pins, as the Pinning Service API lists them. */
export interface PinResults {
  count: number;
  results: PinStatus[];
}

/** The service's endpoint and access token, and how long to wait for a pin. */
export interface PinningServiceOptions {
  /** The API's base URL (…/pins is appended). */
  endpoint: string;
  /** Bearer token, when the service requires one. */
  token?: string;
  /**
   * A trustless gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/) serving the service's
   * blocks, to verify copies and read from. Default: the endpoint's origin (as Mutua's node serves both).
   */
  gateway?: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

/**
 * A client of the IPFS Pinning Service API v1 (the spec Pinata, Filebase, web3.storage and Kubo's remote
 * pinning speak): add a pin with origins, read its status, list pins by CID, remove.
 */
export class PinningServiceClient implements EvidenceReplica {
  readonly endpoint: string;
  readonly gateway: string;
  readonly blocks: BlockSource;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: PinningServiceOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    this.gateway = (options.gateway ?? new URL(this.endpoint).origin).replace(/\/+$/, "");
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.blocks = gatewaySource(this.gateway);
  }

  /** Pins `cid` from `origins` (unless already pinned or pinning) and waits for the outcome. */
  async replicate(cid: CID, origins: readonly string[], timeoutMs: number): Promise<ReplicationOutcome> {
    try {
      const existing = (await this.list({ cid: [cid.toString()] })).results.find((p) => p.status !== "failed");
      const requested = existing ?? (await this.add({ cid: cid.toString(), name: "mutua-evidence", origins: [...origins] }));
      const final = requested.status === "pinned" ? requested : await this.waitFor(requested.requestid, timeoutMs);
      return {
        store: this.endpoint,
        status: final.status,
        requestid: final.requestid,
        ...(final.status === "failed" ? { error: final.info?.reason ?? "the service could not fetch it" } : {}),
        ...(final.status === "queued" || final.status === "pinning" ? { error: `not pinned after ${timeoutMs} ms` } : {}),
      };
    } catch (error) {
      return { store: this.endpoint, status: "unreachable", error: (error as Error).message };
    }
  }

  async pinStatus(cid: CID): Promise<PinState | "none"> {
    return (await this.list({ cid: [cid.toString()] })).results[0]?.status ?? "none";
  }

  /** POST /pins: asks the service to pin `pin.cid`, fetching it from `pin.origins`. */
  add(pin: Pin): Promise<PinStatus> {
    return this.#request("POST", "/pins", pin);
  }

  /** POST /pins/{requestid}: replaces a pin request with another (a new request id). */
  replace(requestid: string, pin: Pin): Promise<PinStatus> {
    return this.#request("POST", `/pins/${encodeURIComponent(requestid)}`, pin);
  }

  /** GET /pins/{requestid}. */
  get(requestid: string): Promise<PinStatus> {
    return this.#request("GET", `/pins/${encodeURIComponent(requestid)}`);
  }

  /** GET /pins?cid=…&name=…&status=…: the service's pins (by default in every state). */
  list(
    filter: {
      cid?: string[];
      name?: string;
      match?: "exact" | "iexact" | "partial" | "ipartial";
      status?: PinState[];
      limit?: number;
    } = {},
  ): Promise<PinResults> {
    const query = new URLSearchParams();
    if (filter.cid?.length) query.set("cid", filter.cid.join(","));
    if (filter.name) query.set("name", filter.name);
    if (filter.match) query.set("match", filter.match);
    query.set("status", (filter.status ?? ["queued", "pinning", "pinned", "failed"]).join(","));
    if (filter.limit) query.set("limit", String(filter.limit));
    return this.#request("GET", `/pins?${query}`);
  }

  /** DELETE /pins/{requestid}. */
  async remove(requestid: string): Promise<void> {
    await this.#request("DELETE", `/pins/${encodeURIComponent(requestid)}`);
  }

  /** Polls a pin until it is pinned or failed, or `timeoutMs` passes (then its last status). */
  async waitFor(requestid: string, timeoutMs: number, pollMs = 250): Promise<PinStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.get(requestid);
      if (status.status === "pinned" || status.status === "failed" || Date.now() >= deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.endpoint}${path}`, {
        method,
        headers: {
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new PinningServiceError(
        this.endpoint,
        0,
        `unreachable (${(error as Error).name === "TimeoutError" ? `no answer in ${this.#timeoutMs} ms` : (error as Error).message})`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let reason = text.slice(0, 200);
      try {
        const failure = JSON.parse(text) as { error?: { reason?: string; details?: string } };
        if (failure.error?.reason) reason = `${failure.error.reason}${failure.error.details ? `: ${failure.error.details}` : ""}`;
      } catch {
        // not the spec's Failure object: its text is the reason
      }
      throw new PinningServiceError(this.endpoint, response.status, reason);
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PinningServiceError(this.endpoint, response.status, "the answer is not JSON");
    }
  }
}
