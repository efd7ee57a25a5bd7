import type { IncomingMessage, ServerResponse } from "node:http";
import { MutuaError, RateLimiter } from "@mutua/core";
import { readBoundedBody } from "@mutua/identity";
import type { JoinDesk } from "./join-desk.ts";

/** A signed request is about 600 bytes; anything past this is not one. */
const MAX_BODY_BYTES = 8_192;

/**
 * The join desk over HTTP, under `prefix` (default /join): GET <prefix> describes the offer, POST
 * <prefix>/requests takes `{ "request": <signed request JWT> }` and answers `{ ticket, offer, payBefore }`, GET
 * <prefix>/status with `Authorization: Bearer <ticket>` answers where the request stands. A desk that asks for a
 * credential first adds POST <prefix>/proof-requests (an OpenID4VP request for the person's wallet and its
 * state), <prefix>/proof-response (where the wallet answers) and GET <prefix>/proof-status?state=…; the request
 * to join then carries `proof: <state>`. Errors are
 * `{ error: { code, message } }`. Open to every origin: the member's app may be served from anywhere, and no
 * answer is useful without the ticket its requester alone holds.
 */
export function joinDeskHandler(desk: JoinDesk, prefix = "/join", options: { rateLimit?: { requests: number; windowMs: number } } = {}) {
  // Requests to join and proof requests per address: a person makes a few; a stranger flooding the desk is slowed
  // here before any signature is checked (the desk's cap on unpaid requests bounds the rest).
  const limiter = new RateLimiter(options.rateLimit ?? { requests: 30, windowMs: 60_000 });
  const proofs = desk.admissionProofs;
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== prefix && !path?.startsWith(`${prefix}/`)) return false;
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-allow-methods": "GET, POST",
    };
    const send = (status: number, body: unknown) =>
      response
        .writeHead(status, { ...cors, "content-type": "application/json", "cache-control": "no-store" })
        .end(JSON.stringify(body, finiteJson));
    const fail = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    try {
      const limited = request.method === "POST" ? limiter.take(request.socket.remoteAddress ?? "unknown") : undefined;
      if (limited !== undefined) {
        response.setHeader("retry-after", String(limited));
        fail(429, "RATE_LIMITED", `too many requests from this address: try again in ${limited} s`);
        return true;
      }
      if (request.method === "OPTIONS") {
        response.writeHead(204, cors).end();
      } else if (request.method === "GET" && path === prefix) {
        send(200, desk.describe());
      } else if (request.method === "POST" && path === `${prefix}/requests`) {
        const body = await readBoundedBody(request, MAX_BODY_BYTES);
        if (body === undefined) {
          fail(413, "TOO_LARGE", `a request to join is at most ${MAX_BODY_BYTES} bytes`);
          return true;
        }
        let parsed: { request?: unknown; proof?: unknown };
        try {
          parsed = JSON.parse(body) as { request?: unknown; proof?: unknown };
        } catch {
          fail(400, "BAD_JSON", 'send { "request": <your wallet\'s signed request> } as JSON');
          return true;
        }
        send(201, await desk.request(String(parsed.request), typeof parsed.proof === "string" ? parsed.proof : undefined));
      } else if (proofs && request.method === "POST" && path === `${prefix}/proof-requests`) {
        send(201, proofs.request());
      } else if (proofs && request.method === "POST" && path === `${prefix}/proof-response`) {
        // The person's wallet answers here (OpenID4VP direct_post, form-encoded); OAuth-style errors for it.
        const body = await readBoundedBody(request, MAX_BODY_BYTES);
        try {
          await proofs.answer(Object.fromEntries(new URLSearchParams(body ?? "")));
          send(200, {});
        } catch (error) {
          send(400, { error: "invalid_request", error_description: error instanceof Error ? error.message : String(error) });
        }
      } else if (proofs && request.method === "GET" && path === `${prefix}/proof-status`) {
        send(200, proofs.status(new URL(request.url ?? "", "http://desk").searchParams.get("state") ?? ""));
      } else if (request.method === "GET" && path === `${prefix}/status`) {
        const ticket = /^Bearer ([\w-]{20,100})$/.exec(request.headers.authorization ?? "")?.[1];
        if (!ticket) {
          fail(401, "NO_TICKET", "send the ticket the desk gave you as Authorization: Bearer <ticket>");
          return true;
        }
        send(200, await desk.status(ticket));
      } else {
        fail(
          404,
          "NOT_FOUND",
          `the join desk answers GET ${prefix}, POST ${prefix}/requests and GET ${prefix}/status${proofs ? `, POST ${prefix}/proof-requests and GET ${prefix}/proof-status` : ""}`,
        );
      }
    } catch (error) {
      if (error instanceof MutuaError) {
        const status = error.code === "UNKNOWN_TICKET" || error.code === "UNKNOWN_PROOF" ? 404 : error.code === "DESK_BUSY" ? 503 : 400;
        fail(status, error.code, error.message);
      } else {
        fail(500, "DESK_FAILED", "the join desk could not answer: try again shortly");
      }
    }
    return true;
  };
}

/** A rate table's Infinity (no credibility anywhere) travels as "Infinity", as its hash writes it (rateTableHash). */
function finiteJson(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}
