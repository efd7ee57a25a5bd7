import type { Server, ServerOptions } from "node:http";

/**
 * What one HTTP client may hold of a Mutua service: how long it may take to send its headers and its whole request
 * (a slow client, slowloris, otherwise keeps a connection and its buffers forever), and how many connections it and
 * everyone together may keep open. Bodies are bounded by each route before they are parsed.
 */
export interface ServerLimits {
  /** Headers must arrive within this (default 10 s). */
  headersTimeoutMs?: number;
  /** The whole request, body included, within this (default 60 s; evidence uploads are given longer). */
  requestTimeoutMs?: number;
  /** How often those two are checked (default 1 s; Node's own default is 30 s). */
  checkIntervalMs?: number;
  /** Open connections from one address (default 256: a browser, a relayer's burst, a proxy's pool fit). */
  maxConnectionsPerClient?: number;
  /** Open connections in all (default 4,096). */
  maxConnections?: number;
}

/** The limits Mutua's HTTP services apply unless told otherwise. */
export const DEFAULT_SERVER_LIMITS: Required<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  checkIntervalMs: 1_000,
  maxConnectionsPerClient: 256,
  maxConnections: 4_096,
};

/** The options `http.createServer` takes for these limits (the timeouts exist only at creation). */
export function serverOptions(limits: ServerLimits = {}): ServerOptions {
  const l = { ...DEFAULT_SERVER_LIMITS, ...limits };
  return {
    headersTimeout: l.headersTimeoutMs,
    requestTimeout: Math.max(l.requestTimeoutMs, l.headersTimeoutMs),
    connectionsCheckingInterval: l.checkIntervalMs,
  };
}

/**
 * Caps open connections, in all and per client address: a connection over either cap is closed at once, before
 * any byte of it is read. Returns the server.
 */
export function limitConnections<S extends Server>(server: S, limits: ServerLimits = {}): S {
  const l = { ...DEFAULT_SERVER_LIMITS, ...limits };
  server.maxConnections = l.maxConnections;
  const open = new Map<string, number>();
  server.on("connection", (socket) => {
    const client = socket.remoteAddress ?? "unknown";
    const count = (open.get(client) ?? 0) + 1;
    if (count > l.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    open.set(client, count);
    socket.once("close", () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left > 0) open.set(client, left);
      else open.delete(client);
    });
  });
  return server;
}
