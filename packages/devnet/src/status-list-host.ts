import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerLimits } from "@mutua/core";
import { limitConnections, serverOptions } from "@mutua/core";

/**
 * Serves issuers' status list credentials over HTTP, as a mutual's website would: GET /status/<name>
 * answers the latest JWT the publisher returned. `extra` serves the rest of the host (the devnet's evidence uploads,
 * the app, the join desk, OpenID4VCI and the cover verifier): all behind the same limits on slow and greedy clients
 * (requests within 15 minutes, for evidence uploads over slow links; headers within 10 s).
 */
export async function startStatusListHost(
  options: {
    host?: string;
    port?: number;
    extra?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
    limits?: ServerLimits;
  } = {},
) {
  const publishers = new Map<string, () => Promise<string>>();
  const limits = { requestTimeoutMs: 15 * 60_000, ...options.limits };
  const server = createServer(serverOptions(limits), async (request, response) => {
    if (await options.extra?.(request, response)) return;
    const name = /^\/status\/([\w-]+)$/.exec(request.url ?? "")?.[1];
    const publisher = name ? publishers.get(name) : undefined;
    if (!publisher) {
      response.writeHead(404).end("no such status list");
      return;
    }
    try {
      // Public by design: every verifier (the member app in a browser too) must read it.
      response.writeHead(200, { "content-type": "application/vc+jwt", "access-control-allow-origin": "*" }).end(await publisher());
    } catch (error) {
      response.writeHead(500).end((error as Error).message);
    }
  });
  limitConnections(server, limits);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.host ?? "127.0.0.1"}:${port}`;
  return {
    origin,
    /** The URL of status list `name`; `publish` is asked for the current JWT on every request. */
    url: (name: string) => `${origin}/status/${name}`,
    /** Serves status list `name`: `current` is asked for its JWT on every request. */
    publish(name: string, current: () => Promise<string>) {
      publishers.set(name, current);
    },
    /** Stops the host. */
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A running status list host: its URL, `publish` and `close`. */
export type StatusListHost = Awaited<ReturnType<typeof startStatusListHost>>;
