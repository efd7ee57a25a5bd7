import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { writeFileAtomic } from "@mutua/core/node";
import { CID } from "multiformats/cid";
import { bearerAccepted } from "./bearer-token.ts";
import type { HeliaEvidenceStore } from "./helia-store.ts";
import { loadMultiaddr } from "./lazy-libraries.ts";
import type { Pin, PinState, PinStatus } from "./pinning-service-client.ts";

/** The tokens the pinning service accepts, and how long it tries to fetch content it is asked to pin. */
export interface PinningServiceServerOptions {
  /** Bearer tokens accepted (none: open, as on a devnet). */
  tokens?: readonly string[];
  /** Where pin requests are kept across restarts (JSON). Default: memory. */
  stateFile?: string;
  /** How long to try fetching a pin's blocks before it is "failed" (ms). */
  fetchTimeoutMs?: number;
}

const STATES: readonly PinState[] = ["queued", "pinning", "pinned", "failed"];
const MAX_BODY = 64 * 1024;

/**
 * The IPFS Pinning Service API v1 over a Helia node: POST /pins fetches the CID from its origins (bitswap)
 * and pins it; GET /pins and GET /pins/{id} report; DELETE /pins/{id} unpins. Answers follow the spec's
 * shapes, status codes and Failure object, so any client of the spec (Mutua's, Kubo's remote pinning) works.
 */
export function pinningServiceHandler(store: HeliaEvidenceStore, options: PinningServiceServerOptions = {}) {
  const pins = new Map<string, PinStatus>();
  if (options.stateFile && existsSync(options.stateFile)) {
    for (const pin of JSON.parse(readFileSync(options.stateFile, "utf8")) as PinStatus[]) pins.set(pin.requestid, pin);
  }
  const save = () => {
    if (options.stateFile) writeFileAtomic(options.stateFile, JSON.stringify([...pins.values()]));
  };
  const delegates = () => store.multiaddrs().map(String);

  async function fetchAndPin(status: PinStatus): Promise<void> {
    status.status = "pinning";
    save();
    try {
      const multiaddr = await loadMultiaddr();
      for (const origin of status.pin.origins ?? []) await store.connect(multiaddr(origin)).catch(() => {});
      await store.pin(CID.parse(status.pin.cid), { timeoutMs: options.fetchTimeoutMs ?? 60_000 });
      status.status = "pinned";
    } catch (error) {
      status.status = "failed";
      status.info = { reason: (error as Error).message.slice(0, 200) };
    }
    save();
  }
  // Pins left queued or pinning by a restart are fetched again.
  for (const status of pins.values()) if (status.status === "queued" || status.status === "pinning") void fetchAndPin(status);

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? "/", "http://node");
    const match = /^\/pins(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return false;
    const send = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
      response.end(body === undefined ? undefined : JSON.stringify(body));
      return true;
    };
    /** A new pin request: recorded as queued, answered 202, then fetched and pinned in the background. */
    const accept = (pin: Pin) => {
      const status: PinStatus = {
        requestid: randomUUID(),
        status: "queued",
        created: new Date().toISOString(),
        pin,
        delegates: delegates(),
      };
      pins.set(status.requestid, status);
      save();
      send(202, status);
      void fetchAndPin(status);
      return true;
    };
    const failure = (status: number, reason: string, details?: string) =>
      send(status, { error: { reason, ...(details ? { details } : {}) } });
    if (!bearerAccepted(request, options.tokens)) return failure(401, "UNAUTHORIZED", "a valid bearer token is required");
    const requestid = match[1] ? decodeURIComponent(match[1]) : undefined;
    try {
      if (!requestid && request.method === "POST") {
        const pin = parsePin(await readBody(request), await loadMultiaddr());
        if (typeof pin === "string") return failure(400, "BAD_REQUEST", pin);
        return accept(pin);
      }
      if (!requestid && request.method === "GET") {
        const cids = url.searchParams.get("cid")?.split(",").filter(Boolean);
        const states = (url.searchParams.get("status")?.split(",") ?? ["pinned"]) as PinState[];
        if (states.some((s) => !STATES.includes(s))) return failure(400, "BAD_REQUEST", `status must be among ${STATES.join(", ")}`);
        const limit = Math.min(Number(url.searchParams.get("limit") ?? 10) || 10, 1000);
        const name = url.searchParams.get("name");
        const match = url.searchParams.get("match") ?? "exact";
        const before = url.searchParams.get("before");
        const after = url.searchParams.get("after");
        const named = (pinName: string | undefined) => {
          if (name === null) return true;
          if (pinName === undefined) return false;
          if (match === "iexact") return pinName.toLowerCase() === name.toLowerCase();
          if (match === "partial") return pinName.includes(name);
          if (match === "ipartial") return pinName.toLowerCase().includes(name.toLowerCase());
          return pinName === name;
        };
        const results = [...pins.values()]
          .filter(
            (p) =>
              states.includes(p.status) &&
              (!cids || cids.includes(p.pin.cid)) &&
              named(p.pin.name) &&
              (before === null || p.created < before) &&
              (after === null || p.created > after),
          )
          .sort((a, b) => b.created.localeCompare(a.created));
        return send(200, { count: results.length, results: results.slice(0, limit).map((p) => ({ ...p, delegates: delegates() })) });
      }
      const status = requestid ? pins.get(requestid) : undefined;
      if (!status) return failure(404, "NOT_FOUND", `no pin request ${requestid ?? ""}`);
      if (request.method === "GET") return send(200, { ...status, delegates: delegates() });
      if (request.method === "POST") {
        // Replace: the old request goes, a new one (new id) pins the new object.
        const pin = parsePin(await readBody(request), await loadMultiaddr());
        if (typeof pin === "string") return failure(400, "BAD_REQUEST", pin);
        pins.delete(status.requestid);
        return accept(pin);
      }
      if (request.method === "DELETE") {
        pins.delete(status.requestid);
        save();
        const cid = CID.parse(status.pin.cid);
        if (![...pins.values()].some((p) => p.pin.cid === status.pin.cid) && (await store.isPinned(cid))) await store.unpin(cid);
        return send(202);
      }
      return failure(400, "BAD_REQUEST", `${request.method} is not supported on ${url.pathname}`);
    } catch (error) {
      return failure(500, "INTERNAL_SERVER_ERROR", (error as Error).message);
    }
  };
}

function parsePin(body: string, multiaddr: Awaited<ReturnType<typeof loadMultiaddr>>): Pin | string {
  let pin: Partial<Pin>;
  try {
    pin = JSON.parse(body) as Partial<Pin>;
  } catch {
    return "the body is not JSON";
  }
  if (typeof pin.cid !== "string") return "cid is required";
  try {
    CID.parse(pin.cid);
  } catch {
    return `${pin.cid} is not a CID`;
  }
  if (pin.origins !== undefined && (!Array.isArray(pin.origins) || pin.origins.some((o) => typeof o !== "string"))) {
    return "origins must be a list of multiaddrs";
  }
  for (const origin of pin.origins ?? []) {
    try {
      multiaddr(origin);
    } catch {
      return `origin ${origin} is not a multiaddr`;
    }
  }
  return {
    cid: pin.cid,
    ...(typeof pin.name === "string" ? { name: pin.name.slice(0, 255) } : {}),
    ...(pin.origins ? { origins: pin.origins.slice(0, 20) } : {}),
    ...(pin.meta && typeof pin.meta === "object" ? { meta: pin.meta } : {}),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error("the body is too large");
  }
  return body;
}
