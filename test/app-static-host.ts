// The member app served as a host serves it (the CLI's app handler: its files, the circuits, a mutua.json) without a
// chain behind it: enough for what happens in the page alone (installing, updating, restoring a wallet).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { appHandler, circuitFiles } from "@mutua/cli";

export const STATIC_MUTUAL = "Static Test Mutual";

/** Serves the built app in `directory` at `<origin>/app/`, its circuits under `/app/circuits/`; nothing listens behind it. */
export async function serveApp(directory: string) {
  const circuits = circuitFiles();
  const unreachable = "http://127.0.0.1:9/";
  const handler = appHandler({
    directory,
    config: () => ({
      deployment: { name: STATIC_MUTUAL, chainId: "31337", mutual: `0x${"1".repeat(40)}`, token: `0x${"2".repeat(40)}` },
      rpc: unreachable,
      evidenceNode: unreachable,
      relayer: unreachable,
      issuerDid: "did:web:mutual.example",
      circuits: circuits.urls,
      token: { symbol: "USDC", decimals: 6 },
    }),
    circuits: circuits.files,
  });
  const server = createServer((request, response) => {
    void handler(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, app: `${origin}/app/`, circuits, close: () => server.close() };
}
