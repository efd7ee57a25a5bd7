import type { IncomingMessage, ServerResponse } from "node:http";
import { RateLimiter } from "@mutua/core";
import { readBoundedBody } from "../http-body.ts";
import { membershipTypeMetadata } from "../sd-jwt/membership-claims.ts";
import type { MembershipSdJwtIssuer } from "../sd-jwt/membership-sd-jwt-issuer.ts";
import type { CredentialIssuerService, OAuthReply } from "./credential-issuer-service.ts";

/** Key proofs for a batch of ten are about 8 KB; nothing the endpoints take is larger. */
const MAX_BODY_BYTES = 32_768;

/**
 * The issuer's OpenID4VCI endpoints over HTTP, mounted at the server's root (well-known documents live there).
 * For a credential issuer `https://host/oid4vci`: /.well-known/openid-credential-issuer/oid4vci (and the older
 * /oid4vci/.well-known/openid-credential-issuer), /.well-known/oauth-authorization-server/oid4vci,
 * /.well-known/jwt-vc-issuer/oid4vci (the SD-JWT signing keys), and under /oid4vci: token, nonce, credential,
 * status (the Token Status List), vct (the type metadata). Answers false for any other path.
 */
export function oid4vciHandler(
  service: CredentialIssuerService,
  sdJwt: MembershipSdJwtIssuer,
  options: { rateLimit?: { requests: number; windowMs: number } } = {},
) {
  // A wallet makes three calls to receive a batch: sixty a minute per address leaves room, a flood none.
  const limiter = new RateLimiter(options.rateLimit ?? { requests: 60, windowMs: 60_000 });
  const base = new URL(service.issuer).pathname.replace(/\/$/, "");
  const wellKnown = (name: string) => [`/.well-known/${name}${base}`, `${base}/.well-known/${name}`];
  const documents = new Map<string, () => unknown>([
    ...wellKnown("openid-credential-issuer").map((p) => [p, () => service.credentialIssuerMetadata()] as const),
    ...wellKnown("oauth-authorization-server").map((p) => [p, () => service.authorizationServerMetadata()] as const),
    ...wellKnown("jwt-vc-issuer").map((p) => [p, () => sdJwt.jwtVcIssuerMetadata()] as const),
    [`${base}/vct`, () => membershipTypeMetadata],
  ]);
  const statusPath = new URL(sdJwt.statusListUri).pathname;

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = (request.url ?? "").split("?")[0] ?? "";
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "authorization, content-type, dpop",
      "access-control-allow-methods": "GET, POST",
    };
    const send = ({ status, body, headers }: OAuthReply) =>
      response.writeHead(status, { ...cors, "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    const document = documents.get(path);
    if (request.method === "OPTIONS" && (document || path.startsWith(`${base}/`))) {
      response.writeHead(204, cors).end();
      return true;
    }
    if (document && request.method === "GET") {
      send({ status: 200, body: document() });
      return true;
    }
    if (path === statusPath && request.method === "GET") {
      response
        .writeHead(200, { ...cors, "content-type": "application/statuslist+jwt", "cache-control": "no-cache" })
        .end(await sdJwt.statusListToken());
      return true;
    }
    if (!path.startsWith(`${base}/`) || request.method !== "POST") return false;
    const wait = limiter.take(request.socket.remoteAddress ?? "unknown");
    if (wait !== undefined) {
      send({
        status: 429,
        body: { error: "slow_down", error_description: `too many requests from this address: try again in ${wait} s` },
        headers: { "retry-after": String(wait) },
      });
      return true;
    }
    const body = await readBoundedBody(request, MAX_BODY_BYTES);
    if (body === undefined) {
      send({ status: 413, body: { error: "invalid_request", error_description: `requests are at most ${MAX_BODY_BYTES} bytes` } });
      return true;
    }
    if (path === `${base}/token`) send(await service.token(new URLSearchParams(body)));
    else if (path === `${base}/nonce`) send(service.nonce());
    else if (path === `${base}/credential`) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        send({ status: 400, body: { error: "invalid_credential_request", error_description: "the body is not JSON" } });
        return true;
      }
      send(await service.credential(request.headers.authorization, json));
    } else return false;
    return true;
  };
}
