import type { JsonRpcError, JsonRpcPayload, JsonRpcResult, PerformActionRequest, Provider } from "ethers/providers";
import { FallbackProvider, JsonRpcProvider, Network } from "ethers/providers";
import { ChainUnreachableError, RpcNotEvmError, WrongChainError } from "./chain-errors.ts";

/** How `connectChain` reaches a chain: endpoints, the chain id expected, timeouts and retries. */
export interface ChainConnectionOptions {
  /** One or more JSON-RPC URLs of the same chain (independent providers, for redundancy). */
  urls: readonly string[];
  /** The chain the deployment lives on: every endpoint must report it, or nothing is sent. */
  chainId?: bigint;
  /**
   * How many endpoints must agree on an answer (ethers FallbackProvider quorum). Default: a majority of the
   * endpoints that answered (2 of 3), so one stale or lying endpoint is outvoted.
   */
  quorum?: number;
  /** How long an endpoint may take before the next is asked too (ms). */
  stallTimeoutMs?: number;
  /** Poll interval for receipts and events (ms). Local chains mine instantly: the default is short. */
  pollingIntervalMs?: number;
}

/** One endpoint's answer to `probeEndpoint`: its chain id, latest block and round-trip time, or why it failed. */
export interface EndpointCheck {
  url: string;
  ok: boolean;
  chainId?: bigint;
  error?: string;
}

/** A provider over one or more RPC endpoints (a quorum when several), with the chain id checked at connection. */
export interface ChainConnection {
  provider: Provider;
  chainId: bigint;
  /** Every endpoint's answer to eth_chainId: the ones that failed are left out of the provider. */
  endpoints: EndpointCheck[];
  quorum: number;
}

/**
 * ethers' JSON-RPC provider with its transport swapped for the platform's fetch. ethers decodes response
 * bodies with its own JavaScript UTF-8 decoder: ~20× slower than the platform's on the megabytes a page of
 * member events weighs (370 ms against 17 ms for 65,536 leaves, measured), which made reading a million
 * members' events slower than hashing them.
 */
export class FetchJsonRpcProvider extends JsonRpcProvider {
  readonly #url: string;

  constructor(url: string, network?: Network, options?: ConstructorParameters<typeof JsonRpcProvider>[2]) {
    super(url, network, options);
    this.#url = url;
  }

  /** Sends a JSON-RPC request (or batch) with fetch, bounded by the connection's timeout. */
  // ethers types the answers as results, and sorts out the errors among them itself.
  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const response = await fetch(this.#url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${this.#url}: ${text.slice(0, 200)}`);
    const json = JSON.parse(text) as JsonRpcResult | JsonRpcError | (JsonRpcResult | JsonRpcError)[];
    return (Array.isArray(json) ? json : [json]) as JsonRpcResult[];
  }
}

/**
 * ethers' FallbackProvider with one repair: its block-height vote reads a failed endpoint's error as a
 * number and throws (ethers 6.17, getFuzzyMode), so one dead endpoint broke every transaction. Here the
 * height is the highest that `quorum` endpoints reach within one block; endpoints that fail are left out,
 * and one that lags behind is outvoted. Every other request goes through FallbackProvider's own quorum.
 */
class QuorumProvider extends FallbackProvider {
  readonly #children: readonly JsonRpcProvider[];

  constructor(
    configs: ConstructorParameters<typeof FallbackProvider>[0],
    network: Network,
    options: ConstructorParameters<typeof FallbackProvider>[2],
    children: readonly JsonRpcProvider[],
  ) {
    super(configs, network, options);
    this.#children = children;
  }

  // biome-ignore lint/suspicious/noExplicitAny: FallbackProvider's own signature
  override async _perform<T = any>(request: PerformActionRequest): Promise<T> {
    if (request.method !== "getBlockNumber") return super._perform(request);
    const settled = await Promise.allSettled(this.#children.map((child) => child.getBlockNumber()));
    const heights = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])).sort((a, b) => b - a);
    for (const height of heights) {
      if (heights.filter((h) => Math.abs(h - height) <= 1).length >= this.quorum) return height as T;
    }
    throw new ChainUnreachableError(
      settled.map((r, i) => `endpoint ${i + 1}: ${r.status === "fulfilled" ? `block ${r.value}` : (r.reason as Error).message}`),
      `fewer than ${this.quorum} endpoints agree on the latest block`,
    );
  }
}

/**
 * Asks one endpoint for its chain id with a plain JSON-RPC call, so that a URL that is not an EVM node
 * (a web page, an IPFS API) is told apart from one that is down.
 */
export async function probeEndpoint(url: string, timeoutMs = 5_000): Promise<EndpointCheck> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { url, ok: false, error: `unreachable (${(error as Error).cause ? String((error as Error).cause) : (error as Error).message})` };
  }
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { result?: unknown };
    if (typeof body.result === "string" && /^0x[0-9a-f]+$/i.test(body.result)) return { url, ok: true, chainId: BigInt(body.result) };
  } catch {
    // not JSON: reported below
  }
  return {
    url,
    ok: false,
    error: `not an EVM JSON-RPC node (HTTP ${response.status}, eth_chainId gave ${JSON.stringify(text.slice(0, 80))})`,
  };
}

/**
 * Connects to a chain through one or several RPC endpoints. Before any transaction: each endpoint is asked
 * its chain id; a URL that is not an EVM node is RPC_NOT_EVM, one on another chain is WRONG_CHAIN (both
 * refuse the whole connection: a misconfigured URL must be fixed, not skipped); endpoints that are down are
 * left out as long as enough remain for the quorum (CHAIN_UNREACHABLE otherwise).
 */
export async function connectChain(options: ChainConnectionOptions): Promise<ChainConnection> {
  const urls = [...new Set(options.urls)];
  if (urls.length === 0) throw new ChainUnreachableError([], "no RPC URL given");
  const endpoints = await Promise.all(urls.map((url) => probeEndpoint(url)));
  for (const endpoint of endpoints) {
    if (!endpoint.ok && endpoint.error?.startsWith("not an EVM")) throw new RpcNotEvmError(endpoint.url, endpoint.error);
  }
  const live = endpoints.filter((e) => e.ok);
  const expected = options.chainId ?? live[0]?.chainId;
  for (const endpoint of live) {
    if (endpoint.chainId !== expected) throw new WrongChainError(endpoint.url, expected ?? 0n, endpoint.chainId ?? 0n);
  }
  const quorum = options.quorum ?? Math.floor(live.length / 2) + 1;
  if (live.length === 0 || expected === undefined || live.length < quorum) {
    throw new ChainUnreachableError(
      endpoints.map((e) => `${e.url}: ${e.error ?? "ok"}`),
      `${live.length} of ${urls.length} RPC endpoints answered; ${quorum} must agree`,
    );
  }
  // The chain id is known and checked: with a static network ethers never probes again (a dead endpoint
  // fails its request at once instead of being retried every second).
  const network = Network.from(expected);
  const pollingInterval = options.pollingIntervalMs ?? 250;
  // batchStallTime 0: ethers otherwise holds every request 10 ms to batch it with others, and a wallet's
  // catch-up is a few requests in a row (measured at 2^20 members: 24 ms → 4.8 ms with nothing new).
  const single = (url: string) =>
    new FetchJsonRpcProvider(url, network, { staticNetwork: network, cacheTimeout: -1, pollingInterval, batchStallTime: 0 });
  const [first] = live;
  if (live.length === 1 && first) return { provider: single(first.url), chainId: expected, endpoints, quorum: 1 };
  const children = live.map((e) => single(e.url));
  const provider = new QuorumProvider(
    children.map((child, i) => ({ provider: child, priority: 1, weight: 1, stallTimeout: options.stallTimeoutMs ?? 750 + i })),
    network,
    { quorum, pollingInterval, cacheTimeout: -1 },
    children,
  );
  return { provider, chainId: expected, endpoints, quorum };
}
