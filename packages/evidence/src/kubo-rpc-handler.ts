import type { IncomingMessage, ServerResponse } from "node:http";
import type Busboy from "busboy";
import { CID } from "multiformats/cid";
import { bearerAccepted } from "./bearer-token.ts";
import type { HeliaEvidenceStore } from "./helia-store.ts";
import { loadBusboy, loadCar } from "./lazy-libraries.ts";
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
      const imported = await importCar(request, store);
      if (typeof imported === "string") return failure(400, imported);
      if (url.searchParams.get("pin-roots") !== "false") for (const root of imported) await store.pin(root, { timeoutMs: 5_000 });
      // Kubo streams one JSON object per root.
      return {
        status: 200,
        body: imported.map((root) => JSON.stringify({ Root: { Cid: { "/": root.toString() }, PinErrorMsg: "" } })).join("\n"),
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

/**
 * Imports the CAR in a multipart/form-data body's `file` part as it streams (one block in memory at a time, never
 * the whole body): each block is checked against its CID before it is kept, and if one does not match, or the body
 * ends early or is too large, the blocks this import added are deleted again, so nothing of a refused CAR remains.
 * The roots are pinned by the caller only after the whole CAR was read: a CAR cut off (a client gone, a node killed)
 * is never pinned as complete. Returns the roots, or why the CAR was refused.
 */
async function importCar(request: IncomingMessage, store: HeliaEvidenceStore): Promise<CID[] | string> {
  const type = request.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return "the body must be multipart/form-data with a CAR file";
  const busboy = await loadBusboy();
  let form: Busboy.Busboy;
  try {
    form = busboy({ headers: request.headers, limits: { files: 1, fileSize: MAX_IMPORT_BYTES, fields: 8, parts: 9 } });
  } catch {
    return "the body is not multipart/form-data a CAR can be read from";
  }
  const added: CID[] = [];
  const outcome = new Promise<CID[] | string>((resolve) => {
    let seen = false;
    form.on("file", (name, file) => {
      if (name !== "file" || seen) {
        file.resume();
        return;
      }
      seen = true;
      let truncated = false;
      file.on("limit", () => {
        truncated = true;
      });
      readBlocks(file, store, added).then(
        (roots) => resolve(truncated ? `the CAR is larger than ${MAX_IMPORT_BYTES} bytes` : roots),
        (error: Error) => resolve(truncated ? `the CAR is larger than ${MAX_IMPORT_BYTES} bytes` : error.message),
      );
    });
    form.on("error", () => resolve("the multipart body is malformed"));
    // A client gone mid-upload: the CAR is cut off, never pinned, its blocks discarded (no import waits forever).
    request.once("close", () => {
      if (!request.complete) resolve("the upload was cut off before the end of the CAR");
    });
    form.on("close", () => {
      if (!seen) resolve("no file part in the form");
    });
  });
  request.pipe(form);
  const result = await outcome;
  if (typeof result === "string") {
    request.unpipe(form);
    request.resume(); // the rest of a refused body is read and dropped, so the answer reaches the client
    await store.discardImported(added);
  }
  return result;
}

/** The CAR's blocks from `stream`, each checked and kept; `added` collects those that were new to the store. */
async function readBlocks(stream: AsyncIterable<Uint8Array>, store: HeliaEvidenceStore, added: CID[]): Promise<CID[]> {
  const { CarBlockIterator } = await loadCar();
  const blocks = await CarBlockIterator.fromIterable(stream).catch(() => {
    throw new Error("the file is not a CAR");
  });
  for await (const { cid, bytes } of blocks) {
    if (!(await blockMatches(cid, bytes))) throw new Error(`block ${cid} does not hash to its CID`);
    if (await store.helia.blockstore.has(cid)) continue;
    await store.helia.blockstore.put(cid, bytes);
    added.push(cid);
  }
  return blocks.getRoots();
}
