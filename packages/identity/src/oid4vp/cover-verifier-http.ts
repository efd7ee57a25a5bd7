import type { IncomingMessage, ServerResponse } from "node:http";
import { MutuaError, RateLimiter } from "@mutua/core";
import { ExpiringMap } from "../expiring-map.ts";
import { readBoundedBody } from "../http-body.ts";
import { loadQr } from "../lazy-libraries.ts";
import type { CoverQuery } from "./cover-query.ts";
import type { CoverVerifier, VerifiedCover } from "./cover-verifier.ts";
import { coverVerifierPage } from "./cover-verifier-page.ts";
import { REQUEST_SECONDS } from "./presentation-verifier.ts";

/** A presentation with a batch-free SD-JWT and its key binding is a few KB. */
const MAX_BODY_BYTES = 65_536;

/** A cover request's outcome: pending, accepted with what was shown, or rejected with why. */
export type CoverOutcome =
  | { status: "pending" }
  | { status: "verified"; cover: VerifiedCover }
  | { status: "refused"; code: string; reason: string };

/**
 * The verifier over HTTP under `prefix` (its responseUri must be `<origin><prefix>/response`): GET <prefix> is a
 * page a person uses to ask for proof of cover and see the answer; POST <prefix>/requests (a JSON CoverQuery)
 * makes a request and answers `{ uri, state, qrSvg }`; the wallet posts its answer to <prefix>/response (direct_post);
 * GET <prefix>/result?state=… tells the asker how it ended. Outcomes are kept ten minutes, under the unguessable
 * state only its asker knows.
 */
export function coverVerifierHandler(
  verifier: CoverVerifier,
  prefix = "/verify",
  options: { rateLimit?: { requests: number; windowMs: number } } = {},
) {
  // Requests and answers per address: a person asks a few times a minute; a flood of requests (each a QR code to
  // draw) or of forged answers stops here.
  const limiter = new RateLimiter(options.rateLimit ?? { requests: 30, windowMs: 60_000 });
  const outcomes = new ExpiringMap<{ outcome: CoverOutcome; expiresAt: number }>();
  const now = () => Math.floor(Date.now() / 1000);
  /** A request whose outcome this handler records: the page's, or a program's (`mutua verify-cover`). */
  const ask = async (query: CoverQuery) => {
    // @paulmillr/qr: no dependencies (qrcode brings a command-line parser and 29 packages with it).
    const encodeQR = await loadQr();
    const made = verifier.createRequest(query);
    outcomes.set(made.state, { outcome: { status: "pending" }, expiresAt: now() + REQUEST_SECONDS }, now());
    const qrSvg = encodeQR(made.uri, "svg", { ecc: "low", border: 2 });
    return { uri: made.uri, state: made.state, qrSvg };
  };
  /** The outcome of a request once the wallet answered (or "pending" when `timeoutMs` passed first). */
  const outcome = async (state: string, timeoutMs = 0): Promise<CoverOutcome | undefined> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const kept = outcomes.get(state, now())?.outcome;
      if (kept?.status !== "pending" || Date.now() >= until) return kept;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
    // Open to every origin: a member's wallet (the app, served from anywhere) posts its answer here.
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "content-type",
      "access-control-allow-methods": "GET, POST",
    };
    const send = (status: number, body: unknown) =>
      response
        .writeHead(status, { ...cors, "content-type": "application/json", "cache-control": "no-store" })
        .end(JSON.stringify(body, jsonBigInt));
    if (request.method === "OPTIONS") {
      response.writeHead(204, cors).end();
      return true;
    }
    if (request.method === "GET" && url.pathname === prefix) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(coverVerifierPage(prefix));
      return true;
    }
    if (request.method === "GET" && url.pathname === `${prefix}/result`) {
      const state = url.searchParams.get("state") ?? "";
      const kept = outcomes.get(state, now());
      send(kept ? 200 : 404, kept?.outcome ?? { error: "no request with this state" });
      return true;
    }
    if (request.method !== "POST") {
      send(404, { error: `the verifier answers GET ${prefix}, POST ${prefix}/requests, POST ${prefix}/response, GET ${prefix}/result` });
      return true;
    }
    const wait = limiter.take(request.socket.remoteAddress ?? "unknown");
    if (wait !== undefined) {
      response.setHeader("retry-after", String(wait));
      send(429, { error: "slow_down", error_description: `too many requests from this address: try again in ${wait} s` });
      return true;
    }
    const body = await readBoundedBody(request, MAX_BODY_BYTES);
    if (body === undefined) {
      send(413, { error: "invalid_request", error_description: `at most ${MAX_BODY_BYTES} bytes` });
      return true;
    }
    if (url.pathname === `${prefix}/requests`) {
      try {
        send(201, await ask(parseQuery(JSON.parse(body || "{}"))));
      } catch (error) {
        send(400, { error: "invalid_request", error_description: error instanceof Error ? error.message : String(error) });
      }
    } else if (url.pathname === `${prefix}/response`) {
      const form = Object.fromEntries(new URLSearchParams(body));
      const state = typeof form.state === "string" ? form.state : "";
      try {
        const cover = await verifier.verifyResponse(form);
        outcomes.set(state, { outcome: { status: "verified", cover }, expiresAt: now() + REQUEST_SECONDS }, now());
        send(200, {});
      } catch (error) {
        const code = error instanceof MutuaError ? error.code : "FAILED";
        const reason = error instanceof Error ? error.message : String(error);
        // Only a known request gets an outcome: a stranger posting under a made-up state records nothing.
        if (outcomes.get(state, now())?.outcome.status === "pending")
          outcomes.set(state, { outcome: { status: "refused", code, reason }, expiresAt: now() + REQUEST_SECONDS }, now());
        send(400, { error: "invalid_request", error_description: reason });
      }
    } else send(404, { error: "not found" });
    return true;
  };
  return Object.assign(handler, { ask, outcome });
}

/** A CoverQuery from JSON: amounts as decimal strings. */
function parseQuery(json: unknown): CoverQuery {
  const raw = (json ?? {}) as {
    mutual?: { chainId?: unknown; contract?: unknown };
    policyType?: unknown;
    coveredUntil?: unknown;
    minCoverLimit?: unknown;
  };
  const query: CoverQuery = {};
  if (raw.mutual) {
    if (!/^\d+$/.test(String(raw.mutual.chainId)) || !/^0x[0-9a-fA-F]{40}$/.test(String(raw.mutual.contract)))
      throw new TypeError("mutual needs a chainId (digits) and a contract address (0x and 40 hex digits)");
    query.mutual = { chainId: BigInt(String(raw.mutual.chainId)), contract: String(raw.mutual.contract) };
  }
  if (raw.policyType !== undefined && raw.policyType !== "") query.policyType = String(raw.policyType);
  if (raw.coveredUntil !== undefined && raw.coveredUntil !== "") query.coveredUntil = String(raw.coveredUntil);
  if (raw.minCoverLimit !== undefined && raw.minCoverLimit !== "") {
    if (!/^\d+$/.test(String(raw.minCoverLimit))) throw new TypeError("minCoverLimit is a whole number of base units");
    query.minCoverLimit = BigInt(String(raw.minCoverLimit));
  }
  return query;
}

function jsonBigInt(_key: string, value: unknown) {
  return typeof value === "bigint" ? value.toString() : value;
}
