import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP server whose routes are set by the test: the issuer's status list, a did:web document. */
export async function startHttpServer() {
  const routes = new Map<string, () => Promise<{ type: string; body: string }>>();
  const server = createServer(async (request, response) => {
    const route = routes.get(request.url ?? "");
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    const { type, body } = await route();
    response.writeHead(200, { "content-type": type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    route(path: string, handler: () => Promise<{ type: string; body: string }>) {
      routes.set(path, handler);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const DAY = 86_400n;
export const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));

export function policyTerms(overrides: Partial<{ policyStart: bigint; policyExpiry: bigint }> = {}) {
  return {
    policyId: 7n,
    coverageLimit: 5_000n * 10n ** 6n,
    policyStart: overrides.policyStart ?? nowSeconds() - DAY,
    policyExpiry: overrides.policyExpiry ?? nowSeconds() + 365n * DAY,
  };
}
