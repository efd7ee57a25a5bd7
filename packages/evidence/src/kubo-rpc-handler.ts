import type { IncomingMessage, ServerResponse } from "node:http";
import { CarBlockIterator } from "@ipld/car";
import { CID } from "multiformats/cid";
import { bearerAccepted } from "./bearer-token.ts";
import type { HeliaEvidenceStore } from "./helia-store.ts";
import { blockMatches } from "./verified-blocks.ts";

/** The largest CAR one import may carry: evidence files are capped well below it by the app. */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/**
 * The part of Kubo's RPC API (https://docs.ipfs.tech/reference/kubo/rpc/) a browser needs to store evidence on an
 * evidence node: `dag/import` (a CAR, its roots pinned) and `pin/add|rm|ls`. A browser cannot speak libp2p TCP
 * to the node; it builds the UnixFS blocks itself, so the node learns nothing it would not learn over bitswap, and
 * every block is checked against its CID before it is kept. The same client works against a real Kubo daemon.
 */
export function kuboRpcHandler(store: HeliaEvidenceStore, options: { tokens?: readonly string[] } = {}) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? "/", "http://node");
    const command = /^\/api\/v0\/(dag\/import|pin\/add|pin\/rm|pin\/ls)$/.exec(url.pathname)?.[1];
    if (!command) return false;
    const { status, body } = await answer(command, url, request).catch((error: Error) => failure(500, error.message));
    response.writeHead(status, { "content-type": "application/json" }).end(typeof body === "string" ? body : JSON.stringify(body));
    return true;
  };

  async function answer(command: string, url: URL, request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    if (request.method !== "POST") return failure(405, "the RPC API takes POST only");
    if (!bearerAccepted(request, options.tokens)) return failure(401, "a valid bearer token is required");
    if (command === "dag/import") {
      const car = await carFromMultipart(request);
      if (typeof car === "string") return failure(400, car);
      const blocks = await CarBlockIterator.fromBytes(car);
      const roots = await blocks.getRoots();
      // Every block is checked before any is kept: a CAR with one forged block leaves nothing behind.
      const verified: { cid: CID; bytes: Uint8Array }[] = [];
      for await (const { cid, bytes } of blocks) {
        if (!(await blockMatches(cid, bytes))) return failure(400, `block ${cid} does not hash to its CID`);
        verified.push({ cid, bytes });
      }
      for (const { cid, bytes } of verified) await store.helia.blockstore.put(cid, bytes);
      if (url.searchParams.get("pin-roots") !== "false") for (const root of roots) await store.pin(root, { timeoutMs: 5_000 });
      // Kubo streams one JSON object per root.
      return {
        status: 200,
        body: roots.map((root) => JSON.stringify({ Root: { Cid: { "/": root.toString() }, PinErrorMsg: "" } })).join("\n"),
      };
    }
    const arg = url.searchParams.get("arg");
    let cid: CID;
    try {
      cid = CID.parse(arg ?? "");
    } catch {
      return failure(400, `arg must be a CID, not ${JSON.stringify(arg)}`);
    }
    if (command === "pin/add") {
      await store.pin(cid, { timeoutMs: 30_000 });
      return { status: 200, body: { Pins: [cid.toString()] } };
    }
    if (!(await store.isPinned(cid)))
      return failure(500, command === "pin/rm" ? "not pinned or pinned indirectly" : `path '${cid}' is not pinned`);
    if (command === "pin/rm") {
      await store.unpin(cid);
      return { status: 200, body: { Pins: [cid.toString()] } };
    }
    return { status: 200, body: { Keys: { [cid.toString()]: { Type: "recursive" } } } };
  }
}

/** Kubo's error body: {Message, Code, Type}. */
function failure(status: number, message: string) {
  return { status, body: { Message: message, Code: 0, Type: "error" } };
}

/** The `file` part of a multipart/form-data body (how Kubo's RPC takes files), parsed by the platform's fetch. */
async function carFromMultipart(request: IncomingMessage): Promise<Uint8Array | string> {
  const type = request.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return "the body must be multipart/form-data with a CAR file";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_IMPORT_BYTES) return `the CAR is larger than ${MAX_IMPORT_BYTES} bytes`;
    chunks.push(chunk);
  }
  const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData().catch(() => undefined);
  const file = form?.get("file");
  if (!file || typeof file === "string") return "no file part in the form";
  return new Uint8Array(await file.arrayBuffer());
}
