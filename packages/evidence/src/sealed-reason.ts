import { base64urlEncode, MutuaError } from "@mutua/core";
import { ENVELOPE_CONTENT_ALGORITHM, ENVELOPE_KEY_ALGORITHM } from "./anonymous-jwe.ts";
import { loadJose } from "./lazy-libraries.ts";

/** The longest reason, in UTF-8 bytes: it travels in calldata and an event. */
export const MAX_REASON_BYTES = 1_000;
/** Reasons are padded to a multiple of this many bytes: the ciphertext's length tells little about the reason. */
const PAD_TO = 256;

/**
 * An assessor's reason, sealed to the claimant: a compact JWE (ECDH-ES+A256KW over X25519, A256GCM, registered
 * JOSE algorithms) to the claim's reply key from the evidence manifest. Nobody but the claimant opens it: not the
 * other assessors, not the chain's readers. The plaintext is zero-padded to a multiple of 256 bytes.
 */
export async function sealReason(reason: string, replyKey: string | Uint8Array): Promise<string> {
  const text = new TextEncoder().encode(reason);
  if (text.length === 0) throw new MutuaError("REASON_MISSING", "every vote carries a reason for the claimant: write one");
  if (text.length > MAX_REASON_BYTES) {
    throw new MutuaError("REASON_TOO_LONG", `a reason is at most ${MAX_REASON_BYTES} bytes; this one is ${text.length}`);
  }
  const padded = new Uint8Array(Math.ceil(text.length / PAD_TO) * PAD_TO);
  padded.set(text);
  const { CompactEncrypt, importJWK } = await loadJose();
  const x = typeof replyKey === "string" ? replyKey : base64urlEncode(replyKey);
  const key = await importJWK({ kty: "OKP", crv: "X25519", x }, ENVELOPE_KEY_ALGORITHM);
  return new CompactEncrypt(padded).setProtectedHeader({ alg: ENVELOPE_KEY_ALGORITHM, enc: ENVELOPE_CONTENT_ALGORITHM }).encrypt(key);
}

/** Opens a reason sealed to the claimant, with the claim's private key (claimantEnvelopeKey(...).exportPrivateJwk()). */
export async function openReason(jwe: string, privateJwk: { kty: "OKP"; crv: "X25519"; d: string; x: string }): Promise<string> {
  const { compactDecrypt, importJWK } = await loadJose();
  try {
    const key = await importJWK(privateJwk, ENVELOPE_KEY_ALGORITHM);
    const { plaintext } = await compactDecrypt(jwe, key);
    let end = plaintext.length;
    while (end > 0 && plaintext[end - 1] === 0) end--;
    return new TextDecoder().decode(plaintext.subarray(0, end));
  } catch (error) {
    throw new MutuaError(
      "REASON_UNREADABLE",
      `this reason is not sealed to this claim's key: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
}
