import type { IncomingMessage, ServerResponse } from "node:http";
import { CarBlockIterator } from "@ipld/car";
import { CID } from "multiformats/cid";
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
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    // Kubo's error body: {Message, Code, Type}.
    const fail = (status: number, message: string) => send(status, { Message: message, Code: 0, Type: "error" });
    if (request.method !== "POST") return (fail(405, "the RPC API takes POST only"), true);
    if (options.tokens?.length) {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      if (!token || !options.tokens.includes(token)) return (fail(401, "a valid bearer token is required"), true);
    }
    try {
      if (command === "dag/import") {
        const car = await carFromMultipart(request);
        if (typeof car === "string") return (fail(400, car), true);
        const blocks = await CarBlockIterator.fromBytes(car);
        const roots = await blocks.getRoots();
        for await (const { cid, bytes } of blocks) {
          if (!(await blockMatches(cid, bytes))) return (fail(400, `block ${cid} does not hash to its CID`), true);
          await store.helia.blockstore.put(cid, bytes);
        }
        const pinRoots = url.searchParams.get("pin-roots") !== "false";
        for (const root of roots) if (pinRoots) await store.pin(root, { timeoutMs: 5_000 });
        // Kubo streams one JSON object per root.
        response.writeHead(200, { "content-type": "application/json" });
        response.end(roots.map((root) => JSON.stringify({ Root: { Cid: { "/": root.toString() }, PinErrorMsg: "" } })).join("\n"));
        return true;
      }
      const arg = url.searchParams.get("arg");
      let cid: CID;
      try {
        cid = CID.parse(arg ?? "");
      } catch {
        return (fail(400, `arg must be a CID, not ${JSON.stringify(arg)}`), true);
      }
      if (command === "pin/add") {
        await store.pin(cid, { timeoutMs: 30_000 });
        return (send(200, { Pins: [cid.toString()] }), true);
      }
      if (command === "pin/rm") {
        if (!(await store.isPinned(cid))) return (fail(500, "not pinned or pinned indirectly"), true);
        await store.unpin(cid);
        return (send(200, { Pins: [cid.toString()] }), true);
      }
      if (!(await store.isPinned(cid))) return (fail(500, `path '${cid}' is not pinned`), true);
      return (send(200, { Keys: { [cid.toString()]: { Type: "recursive" } } }), true);
    } catch (error) {
      return (fail(500, (error as Error).message), true);
    }
  };
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
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  const form = await new Response(body, { headers: { "content-type": type } }).formData().catch(() => undefined);
  const file = form?.get("file");
  if (!file || typeof file === "string") return "no file part in the form";
  return new Uint8Array(await file.arrayBuffer());
}
