import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import type { CallbackContext, Jwk } from "@openid4vc/oauth2";
import type { JWK } from "jose";
import { loadJose } from "../lazy-libraries.ts";

const HASHES: Record<string, (data: Uint8Array) => Uint8Array> = { "sha-256": sha256, "sha-384": sha384, "sha-512": sha512 };

/**
 * The callbacks the OpenID4VC libraries ask of whoever uses them: hashing, randomness, and checking a JWT's
 * signature. Only keys sent in the JWT itself (`jwk` header) are accepted: that is the one binding method
 * the issuer's metadata offers, and it needs no resolver.
 */
export const joseCallbacks = {
  hash: (data: Uint8Array, alg: string) => {
    const hash = HASHES[alg.toLowerCase()];
    if (!hash) throw new Error(`hash ${alg} is not supported`);
    return hash(data);
  },
  generateRandom: (bytes: number) => crypto.getRandomValues(new Uint8Array(bytes)),
  verifyJwt: async (signer, { compact }) => {
    if (signer.method !== "jwk") return { verified: false };
    try {
      const { importJWK, jwtVerify } = await loadJose();
      await jwtVerify(compact, await importJWK(signer.publicJwk as JWK, signer.alg), { algorithms: ["ES256"] });
      return { verified: true, signerJwk: signer.publicJwk as Jwk };
    } catch {
      return { verified: false };
    }
  },
} satisfies Pick<CallbackContext, "hash" | "generateRandom" | "verifyJwt">;
