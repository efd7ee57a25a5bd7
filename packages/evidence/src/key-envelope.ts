import { base64urlEncode, InvalidArgumentError } from "@mutua/core";
import type { Resolvable } from "did-resolver";
import type { GeneralJWE } from "jose";
import type { KeyAgreement } from "./anonymous-jwe.ts";
import { decodeB64, decryptAnonymousJwe, ENVELOPE_CONTENT_ALGORITHM, ENVELOPE_KEY_ALGORITHM } from "./anonymous-jwe.ts";
import { constantTimeEqual, hkdfSha256, hmacSha256 } from "./crypto-primitives.ts";
import { EvidenceTamperedError, NotARecipientError } from "./errors.ts";
import { loadJose } from "./lazy-libraries.ts";
import { resolveKeyAgreementKey } from "./recipient-keys.ts";

const BINDING_INFO = "mutua/evidence-envelope-binding/v3";

export type { KeyAgreement };

/** Who may read: a DID (its X25519 key-agreement key is resolved) or a raw X25519 public key. */
export type EnvelopeRecipient = string | { x25519PublicKey: Uint8Array };

/**
 * The content key wrapped for each reader: a general JSON JWE (RFC 7516) with ECDH-ES+A256KW over X25519
 * and A256GCM. It is anonymous by construction: no recipient list, no `kid`, no reader's public key (ECDH-ES
 * puts only a fresh ephemeral key in each entry), entries in random order. A reader finds its entry by trial
 * decryption: one X25519 agreement per entry, and AES key unwrap tells whether it was theirs.
 *
 * `mutua.binding` is an HMAC over the whole JWE under a key derived from the evidence content key: an entry
 * added, removed or swapped by someone who cannot read the evidence is detected (EVIDENCE_TAMPERED).
 * JOSE libraries ignore the extra member, as RFC 7516 §7.2.1 requires of unknown members.
 */
export interface KeyEnvelope extends GeneralJWE {
  mutua: { format: "mutua-evidence-envelope/3"; binding: string };
}

/** What the JWE encrypts: the evidence content key, bound to the encrypted manifest it opens. */
interface EnvelopePlaintext {
  contentKey: string;
  manifestCid: string;
}

export async function wrapContentKey(
  contentKey: Uint8Array,
  manifestCid: string,
  recipients: readonly EnvelopeRecipient[],
  resolver: Resolvable | undefined,
): Promise<KeyEnvelope> {
  const keys: Uint8Array[] = [];
  for (const recipient of recipients) {
    keys.push(typeof recipient === "string" ? await resolveKeyAgreementKey(recipient, resolver) : recipient.x25519PublicKey);
  }
  const unique = shuffled([...new Map(keys.map((k) => [Buffer.from(k).toString("hex"), k])).values()]);
  if (unique.length === 0) throw new InvalidArgumentError("recipients", "an envelope needs at least one reader");

  const { GeneralEncrypt, importJWK } = await loadJose();
  const plaintext: EnvelopePlaintext = { contentKey: base64urlEncode(contentKey), manifestCid };
  const encrypt = new GeneralEncrypt(new TextEncoder().encode(JSON.stringify(plaintext))).setProtectedHeader({
    enc: ENVELOPE_CONTENT_ALGORITHM,
  });
  for (const key of unique) {
    const publicKey = await importJWK({ kty: "OKP", crv: "X25519", x: base64urlEncode(key) }, ENVELOPE_KEY_ALGORITHM);
    encrypt.addRecipient(publicKey).setUnprotectedHeader({ alg: ENVELOPE_KEY_ALGORITHM });
  }
  const jwe = await encrypt.encrypt();
  return { ...jwe, mutua: { format: "mutua-evidence-envelope/3", binding: binding(contentKey, jwe) } };
}

/**
 * Opens the envelope with the reader's key agreement. NOT_A_RECIPIENT when no entry unwraps with this key;
 * EVIDENCE_TAMPERED when an entry does but anything after it fails (content, plaintext, binding), or when the
 * envelope is not well formed.
 */
export async function unwrapContentKey(
  envelope: unknown,
  keyAgreement: KeyAgreement,
): Promise<{ contentKey: Uint8Array; manifestCid: string }> {
  const jwe = parseEnvelope(envelope);
  const bytes = await decryptAnonymousJwe(jwe, keyAgreement);
  if (!bytes) throw new NotARecipientError("no entry of the key envelope opens with this key");
  let plaintext: EnvelopePlaintext;
  try {
    plaintext = JSON.parse(Buffer.from(bytes).toString("utf8")) as EnvelopePlaintext;
    if (typeof plaintext.contentKey !== "string" || typeof plaintext.manifestCid !== "string") throw new Error("plaintext fields missing");
  } catch (error) {
    throw new EvidenceTamperedError("the key envelope", (error as Error).message);
  }
  const contentKey = decodeB64(plaintext.contentKey);
  const expected = new TextEncoder().encode(binding(contentKey, jwe));
  const actual = new TextEncoder().encode(jwe.mutua.binding);
  if (!constantTimeEqual(expected, actual)) {
    throw new EvidenceTamperedError("the key envelope", "its entries were added, removed or changed after sealing");
  }
  return { contentKey, manifestCid: plaintext.manifestCid };
}

/** HMAC-SHA256 over the JWE's members in a fixed order, keyed from the content key (HKDF). */
function binding(contentKey: Uint8Array, jwe: GeneralJWE): string {
  const key = hkdfSha256(contentKey, new Uint8Array(0), BINDING_INFO, 32);
  const covered = {
    protected: jwe.protected ?? "",
    aad: jwe.aad ?? "",
    iv: jwe.iv ?? "",
    ciphertext: jwe.ciphertext,
    tag: jwe.tag ?? "",
    recipients: jwe.recipients.map((r) => ({ header: canonical(r.header ?? {}), encrypted_key: r.encrypted_key ?? "" })),
  };
  return base64urlEncode(hmacSha256(key, JSON.stringify(covered)));
}

function parseEnvelope(value: unknown): KeyEnvelope {
  const jwe = value as Partial<KeyEnvelope> | undefined;
  const problem =
    typeof jwe !== "object" || jwe === null
      ? "not a JSON object"
      : jwe.mutua?.format !== "mutua-evidence-envelope/3"
        ? `unknown format ${String(jwe.mutua?.format)}`
        : typeof jwe.mutua.binding !== "string"
          ? "no binding"
          : !Array.isArray(jwe.recipients) || jwe.recipients.length === 0
            ? "no recipients"
            : [jwe.protected, jwe.iv, jwe.ciphertext, jwe.tag].some((m) => typeof m !== "string")
              ? "a JWE member is missing"
              : jwe.recipients.some((r) => typeof r?.encrypted_key !== "string")
                ? "an entry has no wrapped key"
                : undefined;
  if (problem) throw new EvidenceTamperedError("the key envelope", problem);
  return jwe as KeyEnvelope;
}

/** JSON with sorted keys: the binding must not depend on how a parser ordered an entry's header. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Fisher–Yates with crypto randomness: an entry's position says nothing about whose it is. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (crypto.getRandomValues(new Uint32Array(1))[0] as number) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
