// An identity credential issuer that is not Mutua: the OWF SD-JWT VC library signing a person-identification
// credential (age_over_18, address.country), its key published as JWT VC issuer metadata on a loopback server.
// The join desk's admission tests verify what this issues.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { digest, ES256, generateSalt } from "@sd-jwt/crypto-nodejs";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { calculateJwkThumbprint, type JWK } from "jose";

export const PID_VCT = "https://pid.example/vct/person-identification/1";

export async function startPidIssuer() {
  const { publicKey, privateKey } = await ES256.generateKeyPair();
  const kid = await calculateJwkThumbprint(publicKey as JWK);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}/pid`;
  server.on("request", (request, response) => {
    if (request.url === "/.well-known/jwt-vc-issuer/pid")
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ issuer, jwks: { keys: [{ ...publicKey, kid }] } }));
    else response.writeHead(404).end();
  });
  const sdJwt = new SDJwtVcInstance({
    signer: await ES256.getSigner(privateKey),
    signAlg: "ES256",
    hasher: digest,
    saltGenerator: generateSalt,
  });
  return {
    issuer,
    /** A PID for the holder key `holder` (public JWK). */
    issue: (holder: JWK, claims: { age_over_18: boolean; country: string; given_name?: string }) =>
      sdJwt.issue(
        {
          iss: issuer,
          vct: PID_VCT,
          iat: Math.floor(Date.now() / 1000),
          cnf: { jwk: holder },
          given_name: claims.given_name ?? "Amina",
          age_over_18: claims.age_over_18,
          address: { country: claims.country },
        },
        { _sd: ["given_name", "age_over_18", "address"] },
        { header: { kid } },
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
