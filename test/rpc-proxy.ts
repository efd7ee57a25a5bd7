// A JSON-RPC endpoint in front of a real node (Anvil), as a provider's would be: it forwards every request,
// and can misbehave the ways real endpoints do (go away mid-run, lag behind the chain, refuse wide
// eth_getLogs ranges). Used to test RPC redundancy and paging through the real code paths.
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RpcProxyOptions {
  /** Answer as of this block: "latest"/"pending" become it, eth_blockNumber is it (a node that fell behind). */
  staleAtBlock?: number;
  /** Refuse eth_getLogs over more blocks than this, as public RPC providers do. */
  maxLogRange?: number;
}

interface RpcRequest {
  jsonrpc: "2.0";
  id: unknown;
  method: string;
  params?: unknown[];
}

export async function startRpcProxy(upstream: string, options: RpcProxyOptions = {}) {
  const counts = new Map<string, number>();
  const rewrite = (request: RpcRequest): RpcRequest | { jsonrpc: "2.0"; id: unknown; result?: unknown; error?: unknown } => {
    counts.set(request.method, (counts.get(request.method) ?? 0) + 1);
    const stale = options.staleAtBlock;
    if (stale !== undefined) {
      if (request.method === "eth_blockNumber") return { jsonrpc: "2.0", id: request.id, result: `0x${stale.toString(16)}` };
      const tag = `0x${stale.toString(16)}`;
      const params = (request.params ?? []).map((p) => (p === "latest" || p === "pending" || p === "safe" || p === "finalized" ? tag : p));
      return { ...request, params };
    }
    if (request.method === "eth_getLogs" && options.maxLogRange !== undefined) {
      const filter = (request.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      const from = filter.fromBlock?.startsWith("0x") ? Number(filter.fromBlock) : 0;
      const to = filter.toBlock?.startsWith("0x") ? Number(filter.toBlock) : Number.POSITIVE_INFINITY;
      if (to - from + 1 > options.maxLogRange) {
        return { jsonrpc: "2.0", id: request.id, error: { code: -32005, message: `query exceeds max block range ${options.maxLogRange}` } };
      }
    }
    return request;
  };
  const forward = async (body: RpcRequest | RpcRequest[]): Promise<unknown> => {
    const batch = Array.isArray(body) ? body : [body];
    const rewritten = batch.map(rewrite);
    const toSend = rewritten.filter((r): r is RpcRequest => "method" in r);
    const answers = toSend.length
      ? ((await (
          await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(toSend) })
        ).json()) as { id: unknown }[])
      : [];
    const byId = new Map(answers.map((a) => [JSON.stringify(a.id), a]));
    const out = rewritten.map((r) => ("method" in r ? byId.get(JSON.stringify(r.id)) : r));
    return Array.isArray(body) ? out : out[0];
  };
  const server: Server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    try {
      const answer = await forward(JSON.parse(text) as RpcRequest | RpcRequest[]);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    } catch (error) {
      response.writeHead(502).end((error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** How many requests of each method reached this endpoint. */
    counts,
    /** The endpoint goes away: open connections are cut, new ones refused. */
    async kill() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type RpcProxy = Awaited<ReturnType<typeof startRpcProxy>>;
