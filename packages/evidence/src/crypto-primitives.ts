import { aeskw, gcm } from "@noble/ciphers/aes.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * The primitives evidence sealing uses, written once for Node and the browser (the member app seals and opens
 * evidence in the page): bulk AES-256-GCM through Web Crypto (OpenSSL in Node, the browser's own AES in a page:
 * about 1 GB/s here), everything small through the audited @noble libraries; file hashing through OpenSSL when
 * in Node.
 */

export function hkdfSha256(ikm: Uint8Array, salt: string | Uint8Array, info: string | Uint8Array, length: number): Uint8Array {
  return hkdf(sha256, ikm, bytesOf(salt), bytesOf(info), length);
}

const bytesOf = (value: string | Uint8Array) => (typeof value === "string" ? new TextEncoder().encode(value) : value);

export function hmacSha256(key: Uint8Array, message: string): Uint8Array {
  return hmac(sha256, key, new TextEncoder().encode(message));
}

/**
 * Node's own crypto when this runs in Node (found at run time, so the browser bundle has no static import of it):
 * OpenSSL's SHA-256 is several times faster than a JavaScript one, and it hashes every byte of every evidence file.
 */
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
  "node:crypto",
) as typeof import("node:crypto") | undefined;

export interface Sha256Stream {
  update(bytes: Uint8Array): void;
  digest(): Uint8Array;
}

/** An incremental SHA-256 (files are hashed as they stream): OpenSSL in Node, @noble/hashes in a browser. */
export function sha256Stream(): Sha256Stream {
  if (nodeCrypto) {
    const hash = nodeCrypto.createHash("sha256");
    return { update: (bytes) => void hash.update(bytes), digest: () => new Uint8Array(hash.digest()) };
  }
  const hash = sha256.create();
  return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest() };
}

/** Equal bytes, in time that depends only on the length (a MAC comparison). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/**
 * AES-256-GCM over one chunk of a file, under one key. In Node, OpenSSL called directly (about 4 GB/s here, on this
 * thread: no job handed to the thread pool the blockstore's disk writes need); in a browser, Web Crypto (the
 * browser's own AES, off the page's thread).
 */
export interface ChunkCipher {
  /** `prefix` ‖ ciphertext ‖ 16-byte tag, in one buffer (one UnixFS block: no later copy joins them). */
  seal(nonce: Uint8Array, plaintext: Uint8Array, prefix?: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Throws unless `sealed` (ciphertext and tag) authenticates. */
  open(nonce: Uint8Array, sealed: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

const TAG_BYTES = 16;

export async function aesGcmChunkCipher(raw: Uint8Array): Promise<ChunkCipher> {
  if (nodeCrypto) return nodeAesGcm(nodeCrypto, raw);
  // Imported once per file: a key schedule per chunk would be wasted.
  const key = await crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, "AES-GCM", false, ["encrypt", "decrypt"]);
  return {
    async seal(nonce, plaintext, prefix) {
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce as Uint8Array<ArrayBuffer> }, key, plaintext as Uint8Array<ArrayBuffer>),
      );
      if (!prefix) return sealed;
      const joined = new Uint8Array(prefix.length + sealed.length);
      joined.set(prefix);
      joined.set(sealed, prefix.length);
      return joined;
    },
    open: async (nonce, sealed) =>
      new Uint8Array(
        await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce as Uint8Array<ArrayBuffer> }, key, sealed as Uint8Array<ArrayBuffer>),
      ),
  };
}

function nodeAesGcm(node: typeof import("node:crypto"), raw: Uint8Array): ChunkCipher {
  const key = node.createSecretKey(raw);
  return {
    seal(nonce, plaintext, prefix = new Uint8Array(0)) {
      const cipher = node.createCipheriv("aes-256-gcm", key, nonce);
      const sealed = new Uint8Array(prefix.length + plaintext.length + TAG_BYTES);
      sealed.set(prefix);
      let at = prefix.length + cipher.update(plaintext).copy(sealed, prefix.length);
      at += cipher.final().copy(sealed, at); // GCM returns no more bytes here
      sealed.set(cipher.getAuthTag(), at);
      return sealed;
    },
    open(nonce, sealed) {
      if (sealed.length < TAG_BYTES) throw new Error("shorter than a tag");
      const decipher = node.createDecipheriv("aes-256-gcm", key, nonce);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      decipher.final(); // throws when the tag does not authenticate (GCM returns no more bytes here)
      return plaintext;
    },
  };
}

/** AES-256-GCM for small messages (a JWE's content): ciphertext and tag given apart, as JWE carries them. */
export function aesGcmOpenSmall(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array {
  const sealed = new Uint8Array(ciphertext.length + tag.length);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  return gcm(key, iv, aad).decrypt(sealed);
}

/** RFC 3394 AES key unwrap; undefined when the integrity check fails. */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | undefined {
  try {
    return aeskw(kek).decrypt(wrapped);
  } catch {
    return undefined;
  }
}
