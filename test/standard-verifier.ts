// A verifier made only of independent libraries (Animo's OpenID4VP verifier, the OWF SD-JWT VC library, dcql):
// the other side when Mutua's own wallet presents. Nothing here imports Mutua.

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Openid4vpVerifier } from "@openid4vc/openid4vp";
import { ES256 } from "@sd-jwt/crypto-nodejs";
import { DcqlPresentationResult, DcqlQuery } from "dcql";
import type { JWK } from "jose";
import { sdJwtVerifier, walletCallbacks } from "./standard-wallet.ts";

export async function startStandardVerifier(trustedIssuer: string, dcql: DcqlQuery.Input) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const responseUri = `${origin}/response`;
  const clientId = `redirect_uri:${responseUri}`;
  const library = new Openid4vpVerifier({ callbacks: walletCallbacks([]) as never });
  const open = new Map<string, string>();
  const outcomes = new Map<string, { verified: boolean; claims?: Record<string, unknown>; reason?: string }>();
  const query = DcqlQuery.parse(dcql);
  server.on("request", async (request, response) => {
    if (request.method !== "POST" || request.url !== "/response") return response.writeHead(404).end();
    let body = "";
    for await (const chunk of request) body += chunk;
    const form = Object.fromEntries(new URLSearchParams(body));
    const nonce = open.get(form.state ?? "");
    open.delete(form.state ?? "");
    try {
      if (!nonce) throw new Error("unknown state");
      const token = library.parseDcqlVpToken(JSON.parse(form.vp_token ?? "{}"));
      const [presentation] = Object.values(token)[0] ?? [];
      const verifier = await sdJwtVerifier(trustedIssuer, {
        kbVerifier: async (data, signature, payload) =>
          (await ES256.getVerifier((payload as { cnf: { jwk: JWK } }).cnf.jwk))(data, signature),
      });
      const verified = await verifier.verify(presentation as string, { keyBindingNonce: nonce });
      if (verified.kb?.payload.aud !== clientId) throw new Error("key binding for another verifier");
      const claims = verified.payload as unknown as Record<string, never>;
      const result = DcqlPresentationResult.fromDcqlPresentation(
        {
          [Object.keys(token)[0] as string]: [
            { credential_format: "dc+sd-jwt", vct: verified.payload.vct, claims, cryptographic_holder_binding: true },
          ],
        },
        { dcqlQuery: query },
      );
      if (!result.can_be_satisfied) throw new Error("query not satisfied");
      outcomes.set(form.state as string, { verified: true, claims });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    } catch (error) {
      outcomes.set(form.state ?? "", { verified: false, reason: (error as Error).message });
      response
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "invalid_request", error_description: (error as Error).message }));
    }
  });
  return {
    clientId,
    async request() {
      const nonce = randomBytes(16).toString("base64url");
      const state = randomBytes(16).toString("base64url");
      const { authorizationRequest } = await library.createOpenId4vpAuthorizationRequest({
        authorizationRequestPayload: {
          response_type: "vp_token",
          client_id: clientId,
          response_uri: responseUri,
          response_mode: "direct_post",
          nonce,
          state,
          dcql_query: dcql,
        },
      });
      open.set(state, nonce);
      return { uri: authorizationRequest, state };
    },
    outcome: (state: string) => outcomes.get(state),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
