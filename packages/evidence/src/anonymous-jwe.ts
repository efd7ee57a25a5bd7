import { base64urlDecode } from "@mutua/core";
import type { GeneralJWE } from "jose";
import { aesGcmOpenSmall, aesKeyUnwrap } from "./crypto-primitives.ts";
import { EvidenceTamperedError } from "./errors.ts";
import { loadDidJwt } from "./lazy-libraries.ts";

/** JOSE algorithms of the envelope: registered in RFC 7518 / RFC 8037, so any JOSE library opens it. */
export const ENVELOPE_KEY_ALGORITHM = "ECDH-ES+A256KW";
/** The content encryption of key envelopes and sealed notes (JWE enc). */
export const ENVELOPE_CONTENT_ALGORITHM = "A256GCM";

/**
 * X25519 key agreement with the reader's private key: takes the other side's public key, returns the
 * shared secret. A function, so a key that lives in a KMS (Veramo's key manager) never leaves it.
 */
export type KeyAgreement = (theirPublicKey: Uint8Array) => Promise<Uint8Array>;

/**
 * Decrypts a general JSON JWE (ECDH-ES+A256KW over X25519, A256GCM) whose entries name no recipient, by trial:
 * for each entry one X25519 agreement (did-jwt's RFC 7518 Concat KDF, with the reader's key agreement) and an
 * RFC 3394 key unwrap, whose integrity check tells whether the entry was this reader's.
 * Returns undefined when no entry is; throws EVIDENCE_TAMPERED when one is but the content does not decrypt.
 */
export async function decryptAnonymousJwe(jwe: GeneralJWE, keyAgreement: KeyAgreement): Promise<Uint8Array | undefined> {
  const { computeX25519EcdhEsKek } = await loadDidJwt();
  const shared = { ...protectedHeader(jwe), ...jwe.unprotected };
  for (const recipient of jwe.recipients) {
    // RFC 7516 §7.2.1: an entry's header is the union of the protected, shared and per-recipient headers
    // (jose puts a lone recipient's epk in the protected header).
    const header = { ...shared, ...recipient.header };
    if (header.alg !== ENVELOPE_KEY_ALGORITHM || typeof recipient.encrypted_key !== "string") {
      throw new EvidenceTamperedError("the key envelope", `an entry is not ${ENVELOPE_KEY_ALGORITHM}`);
    }
    const kek = await computeX25519EcdhEsKek({ ...recipient, header } as never, keyAgreement, ENVELOPE_KEY_ALGORITHM);
    if (!kek) throw new EvidenceTamperedError("the key envelope", "an entry has no X25519 ephemeral key");
    const cek = aesKeyUnwrap(kek, decodeB64(recipient.encrypted_key));
    if (cek) return decryptContent(cek, jwe); // from here on, a failure is tampering, not someone else's entry
  }
  return undefined;
}

function protectedHeader(jwe: GeneralJWE): Record<string, unknown> {
  try {
    const header = JSON.parse(new TextDecoder().decode(decodeB64(jwe.protected ?? ""))) as unknown;
    if (typeof header !== "object" || header === null || Array.isArray(header)) throw new Error("not an object");
    return header as Record<string, unknown>;
  } catch (error) {
    throw new EvidenceTamperedError("the key envelope", `protected header: ${(error as Error).message}`);
  }
}

function decryptContent(cek: Uint8Array, jwe: GeneralJWE): Uint8Array {
  try {
    const header = protectedHeader(jwe);
    if (header.enc !== ENVELOPE_CONTENT_ALGORITHM) throw new Error(`content algorithm ${String(header.enc)}`);
    // RFC 7516 §5.1 step 14: the AAD is the encoded protected header, then "." and the encoded aad if present.
    const aad = jwe.aad === undefined ? (jwe.protected as string) : `${jwe.protected}.${jwe.aad}`;
    const ascii = new TextEncoder().encode(aad); // base64url and "." only: ASCII
    return aesGcmOpenSmall(cek, decodeB64(jwe.iv ?? ""), decodeB64(jwe.ciphertext), decodeB64(jwe.tag ?? ""), ascii);
  } catch (error) {
    throw new EvidenceTamperedError("the key envelope", (error as Error).message);
  }
}

export function decodeB64(value: string): Uint8Array {
  try {
    return base64urlDecode(value);
  } catch (error) {
    throw new EvidenceTamperedError("the key envelope", `bad base64url: ${(error as Error).message}`);
  }
}
