import type { IncomingMessage, ServerResponse } from "node:http";
import { CID } from "multiformats/cid";
import { collectBytes } from "./bytes.ts";
import type { HeliaEvidenceStore } from "./helia-store.ts";

const RAW = "application/vnd.ipld.raw";

/**
 * The block part of the IPFS Trustless Gateway spec: GET /ipfs/{cid}?format=raw (or Accept:
 * application/vnd.ipld.raw) answers the block's bytes from this node's blockstore, never fetching from the
 * network. Clients verify every block against its CID, so the gateway needs no trust.
 */
export function trustlessGatewayHandler(store: HeliaEvidenceStore) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? "/", "http://node");
    const match = /^\/ipfs\/([^/]+)$/.exec(url.pathname);
    if (!match || (request.method !== "GET" && request.method !== "HEAD")) return false;
    const wantsRaw = url.searchParams.get("format") === "raw" || (request.headers.accept ?? "").includes(RAW);
    if (!wantsRaw) {
      response.writeHead(406, { "content-type": "text/plain" }).end(`only ${RAW} (?format=raw) is served here`);
      return true;
    }
    let cid: CID;
    try {
      cid = CID.parse(match[1] ?? "");
    } catch {
      response.writeHead(400, { "content-type": "text/plain" }).end("not a CID");
      return true;
    }
    try {
      const bytes = await collectBytes(store.helia.blockstore.get(cid, { offline: true }));
      response.writeHead(200, {
        "content-type": RAW,
        "content-length": bytes.length,
        etag: `"${cid.toString()}.raw"`,
        "cache-control": "public, max-age=29030400, immutable",
        "x-content-type-options": "nosniff",
      });
      response.end(request.method === "HEAD" ? undefined : bytes);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end(`${cid} is not held by this node`);
    }
    return true;
  };
}
