import type { Decrypter, ECDH, JWE } from "did-jwt";
import { createJWE, decryptJWE, resolveX25519Encrypters, x25519Decrypter } from "did-jwt";
import type { Resolvable } from "did-resolver";
import { NoKeyAgreementError, NotARecipientError } from "./errors.ts";

/**
 * The content key wrapped for each recipient: a general-JSON JWE (did-jwt), ECDH-ES+XC20PKW with each
 * recipient's X25519 key-agreement key from their DID document. The plaintext names the CID of the
 * encrypted manifest, so an envelope opens only the evidence it was made for.
 */
export interface KeyEnvelope {
  format: "mutua-evidence-envelope/2";
  manifestCid: string;
  recipients: string[];
  jwe: JWE;
}

interface EnvelopePlaintext {
  contentKey: string;
  manifestCid: string;
}

export async function wrapContentKey(
  contentKey: Uint8Array,
  manifestCid: string,
  recipients: readonly string[],
  resolver: Resolvable,
): Promise<KeyEnvelope> {
  const unique = [...new Set(recipients)];
  const encrypters = [];
  for (const did of unique) {
    // One at a time so a failure names the DID that has no usable key.
    const found = await resolveX25519Encrypters([did], resolver).catch((error: unknown) => {
      throw new NoKeyAgreementError(did, (error as Error).message);
    });
    if (found.length === 0) throw new NoKeyAgreementError(did, "its DID document lists no X25519 keyAgreement key");
    encrypters.push(...found);
  }
  const plaintext: EnvelopePlaintext = { contentKey: Buffer.from(contentKey).toString("base64"), manifestCid };
  const jwe = await createJWE(new TextEncoder().encode(JSON.stringify(plaintext)), encrypters);
  return { format: "mutua-evidence-envelope/2", manifestCid, recipients: unique, jwe };
}

/** Opens the envelope with the recipient's key agreement (an ECDH function: the private key need not leave its KMS). */
export async function unwrapContentKey(
  envelope: KeyEnvelope,
  ecdh: ECDH | Decrypter,
): Promise<{ contentKey: Uint8Array; manifestCid: string }> {
  const decrypter = typeof ecdh === "function" ? x25519Decrypter(ecdh) : ecdh;
  let plaintext: EnvelopePlaintext;
  try {
    plaintext = JSON.parse(new TextDecoder().decode(await decryptJWE(envelope.jwe, decrypter))) as EnvelopePlaintext;
  } catch (error) {
    throw new NotARecipientError((error as Error).message);
  }
  return { contentKey: new Uint8Array(Buffer.from(plaintext.contentKey, "base64")), manifestCid: plaintext.manifestCid };
}
