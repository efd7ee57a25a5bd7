import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { JWK } from "jose";
import { AgentStorageError } from "../errors.ts";
import { loadJose } from "../lazy-libraries.ts";

/**
 * The P-256 key the issuer signs SD-JWT VCs and status list tokens with. A key of its own, beside the DID key
 * the JWT VC is signed with: the high-assurance profile (HAIP) asks for ES256, and a standard wallet finds
 * this key in the issuer's JWT VC issuer metadata (`/.well-known/jwt-vc-issuer`) by its `kid`.
 */
export class Es256Key {
  readonly publicJwk: JWK;
  readonly kid: string;
  readonly #privateJwk: JWK;

  private constructor(privateJwk: JWK, kid: string) {
    this.#privateJwk = privateJwk;
    this.kid = kid;
    const { d: _d, ...publicJwk } = privateJwk;
    this.publicJwk = { ...publicJwk, kid, alg: "ES256", use: "sig" };
  }

  /** A new P-256 key pair. */
  static async generate(): Promise<Es256Key> {
    const { calculateJwkThumbprint, exportJWK, generateKeyPair } = await loadJose();
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = await exportJWK(privateKey);
    return new Es256Key(jwk, await calculateJwkThumbprint(jwk));
  }

  /** The key kept in `path` (a JWK, readable by its owner alone), made there the first time. */
  static async atPath(path: string): Promise<Es256Key> {
    if (existsSync(path)) {
      let jwk: JWK;
      try {
        jwk = JSON.parse(readFileSync(path, "utf8")) as JWK;
      } catch (error) {
        throw new AgentStorageError(path, "the issuer's ES256 key file is not a JWK", { cause: error });
      }
      if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d) throw new AgentStorageError(path, "not a private P-256 JWK");
      return new Es256Key(jwk, await (await loadJose()).calculateJwkThumbprint(jwk));
    }
    const key = await Es256Key.generate();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(key.#privateJwk), { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
    return key;
  }

  /** A compact JWS of `payload` with this key; `header` adds to { alg: ES256, kid }. */
  async signJwt(header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
    const { importJWK, SignJWT } = await loadJose();
    const key = await importJWK(this.#privateJwk, "ES256");
    return new SignJWT(payload).setProtectedHeader({ ...header, alg: "ES256", kid: this.kid }).sign(key);
  }

  /**
   * A secret for `purpose` that only the holder of this key can compute (HMAC-SHA-256 keyed by the private
   * scalar): lets a process that holds the key make codes another process checks, without a second secret file.
   */
  secretFor(purpose: string): Uint8Array {
    return hmac(sha256, Buffer.from(this.#privateJwk.d as string, "base64url"), new TextEncoder().encode(purpose));
  }

  /** The signature part of `data` (`header.payload`), for libraries that assemble the JWS themselves. */
  async signData(data: string): Promise<string> {
    const key = (await (await loadJose()).importJWK(this.#privateJwk, "ES256")) as Parameters<typeof crypto.subtle.sign>[1];
    const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new TextEncoder().encode(data));
    return Buffer.from(signature).toString("base64url");
  }
}
