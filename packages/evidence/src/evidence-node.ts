import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { ServerLimits } from "@mutua/core";
import { limitConnections, serverOptions } from "@mutua/core";
import { HeliaEvidenceStore } from "./helia-store.ts";
import { kuboRpcHandler } from "./kubo-rpc-handler.ts";
import { pinningServiceHandler } from "./pinning-service-server.ts";
import { trustlessGatewayHandler } from "./trustless-gateway.ts";

/** A request handler that answers what it serves and returns false for anything else, so handlers can be chained. */
export type HttpHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * The HTTP face of an evidence node: the Pinning Service API (/pins), a trustless gateway (/ipfs/{cid}) and the
 * Kubo RPC subset browsers store evidence with (/api/v0/dag/import, /api/v0/pin/*).
 */
export function evidenceNodeHandler(
  store: HeliaEvidenceStore,
  options: { tokens?: readonly string[]; stateFile?: string } = {},
): HttpHandler {
  const pins = pinningServiceHandler(store, options);
  const gateway = trustlessGatewayHandler(store);
  const rpc = kuboRpcHandler(store, options);
  return async (request, response) => {
    // Browsers (the member app) call the node from another origin: the APIs are public or token-gated, so any
    // origin may call them; a preflight is answered here.
    response.setHeader("access-control-allow-origin", "*");
    if (request.method === "OPTIONS") {
      response
        .writeHead(204, {
          "access-control-allow-methods": "GET, HEAD, POST, DELETE",
          "access-control-allow-headers": "authorization, content-type, accept",
          "access-control-max-age": "600",
        })
        .end();
      return true;
    }
    return (await pins(request, response)) || (await rpc(request, response)) || (await gateway(request, response));
  };
}

/** Where an evidence node keeps its blocks, which ports it listens on, and who may write to it. */
export interface EvidenceNodeOptions {
  /** Blocks, pins and pin requests on disk here. Default: memory. */
  directory?: string;
  /** libp2p TCP port (0: any). */
  ipfsPort?: number;
  httpPort?: number;
  host?: string;
  /** Bearer tokens the pinning API accepts (none: open). */
  tokens?: readonly string[];
  /** Slow and greedy clients: timeouts and connection caps (default DEFAULT_SERVER_LIMITS, requests within 15 min). */
  limits?: ServerLimits;
}

/**
 * A standalone evidence node, as a mutual runs several of in different places: a Helia node (blocks on
 * disk, libp2p TCP) with the Pinning Service API and a trustless gateway over HTTP.
 */
export async function startEvidenceNode(options: EvidenceNodeOptions = {}) {
  const host = options.host ?? "127.0.0.1";
  const store = await HeliaEvidenceStore.create({
    ...(options.directory ? { directory: join(options.directory, "ipfs") } : {}),
    listen: [`/ip4/${host}/tcp/${options.ipfsPort ?? 0}`],
  });
  const handler = evidenceNodeHandler(store, {
    ...(options.tokens ? { tokens: options.tokens } : {}),
    ...(options.directory ? { stateFile: join(options.directory, "pins.json") } : {}),
  });
  const routes = new Map<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>>();
  // Uploads of whole evidence sets over slow links get 15 minutes; headers still 10 s, and connections are capped.
  const limits = { requestTimeoutMs: 15 * 60_000, ...options.limits };
  const server = limitConnections(
    createServer(serverOptions(limits), async (request, response) => {
      const route = routes.get(new URL(request.url ?? "/", "http://node").pathname);
      if (route && request.method === "GET") return route(request, response).catch(() => response.writeHead(500).end());
      if (!(await handler(request, response))) response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }),
    limits,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.httpPort ?? 0, host, resolve);
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    store,
    url,
    /** Serves GET `path` with `handle` too (an operator's status list beside its evidence). */
    route(path: string, handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>) {
      routes.set(path, handle);
    },
    /** Stops serving, closes open connections and the node's store. */
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/** A running evidence node: its URL, its store, and `close`. */
export type EvidenceNode = Awaited<ReturnType<typeof startEvidenceNode>>;
