// Reading a JWT's header and payload without verifying it (RFC 7519 §7.2 steps 1–7 minus the signature): what a
// wallet needs to show a held credential and a verifier to find the issuer before it checks the signature. Local,
// so that reading a credential does not load a JWT library; every signature check still goes through one.
import { base64urlDecode } from "@mutua/core";

/** The decoded parts of a compact JWS: header and payload as JSON objects, the signature as it was. */
export interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown> & { iss?: string; sub?: string; nbf?: number; exp?: number; iat?: number; jti?: string };
  signature: string;
}

/** The parts of a compact JWS; throws a TypeError naming what is wrong when it is not three base64url JSON parts. */
export function decodeJwtParts(jwt: string): JwtParts {
  const parts = jwt.split(".");
  if (parts.length !== 3) throw new TypeError(`not a compact JWT: ${parts.length} parts instead of 3`);
  const [header, payload, signature] = parts as [string, string, string];
  return { header: jsonPart(header, "header"), payload: jsonPart(payload, "payload"), signature };
}

function jsonPart(encoded: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64urlDecode(encoded)));
  } catch (error) {
    throw new TypeError(`the JWT's ${name} is not base64url JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`the JWT's ${name} is not a JSON object`);
  return value as Record<string, unknown>;
}
