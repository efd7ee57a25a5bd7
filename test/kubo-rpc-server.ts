// A Kubo RPC endpoint for tests, since no Kubo binary can be installed on these machines: the four calls
// Mutua's KuboReplica makes (swarm/connect, pin/add, pin/ls, block/get), answered as Kubo's RPC reference
// (https://docs.ipfs.tech/reference/kubo/rpc/) specifies — POST only, `arg` parameters, JSON or NDJSON
// bodies, errors as HTTP 500 with {Message, Code, Type} — over a real Helia node that fetches over bitswap.
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { multiaddr } from "@multiformats/multiaddr";
import { HeliaEvidenceStore } from "@mutua/evidence";
import { CID } from "multiformats/cid";

export async function startKuboRpcStandIn() {
  const store = await HeliaEvidenceStore.create({ listen: ["/ip4/127.0.0.1/tcp/0"] });
  const fail = (response: import("node:http").ServerResponse, message: string) =>
    response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ Message: message, Code: 0, Type: "error" }));
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://kubo");
    if (request.method !== "POST") return fail(response, `${request.method} is not allowed: the RPC API takes POST`);
    const arg = url.searchParams.get("arg") ?? "";
    try {
      switch (url.pathname) {
        case "/api/v0/swarm/connect": {
          const connection = await store.helia.libp2p.dial(multiaddr(arg));
          return response
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify({ Strings: [`connect ${connection.remotePeer} success`] }));
        }
        case "/api/v0/pin/add": {
          const cid = CID.parse(arg);
          if (url.searchParams.get("recursive") === "false") return fail(response, "only recursive pins are served here");
          await store.pin(cid, { timeoutMs: 60_000 });
          return response.writeHead(200, { "content-type": "application/x-ndjson" }).end(`${JSON.stringify({ Pins: [cid.toString()] })}\n`);
        }
        case "/api/v0/pin/ls": {
          const cid = CID.parse(arg);
          if (!(await store.isPinned(cid))) return fail(response, `path '${arg}' is not pinned`);
          return response
            .writeHead(200, { "content-type": "application/x-ndjson" })
            .end(`${JSON.stringify({ Cid: cid.toString(), Type: "recursive" })}\n`);
        }
        case "/api/v0/block/get": {
          const parts: Uint8Array[] = [];
          for await (const part of store.helia.blockstore.get(CID.parse(arg), { offline: true })) parts.push(part);
          return response.writeHead(200, { "content-type": "text/plain" }).end(Buffer.concat(parts));
        }
        default:
          return response.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
      }
    } catch (error) {
      return fail(response, (error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
