// The key envelope as each adversary meets it: an outsider reading keys.json learns no reader's DID, key id or
// public key; a JOSE library opens it with a reader's key; entries added, removed, reordered or corrupted by
// someone without the content key are caught; the claimant reopens with a key derived from the wallet secret.
import { randomBytes } from "node:crypto";
import { bytesToMultibase } from "did-jwt";
import type { GeneralJWE } from "jose";
import { base64url, GeneralEncrypt, generalDecrypt, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyEnvelope } from "../src/index.ts";
import { claimantEnvelopeKey, decryptAnonymousJwe, ENVELOPE_PATH, HeliaEvidenceStore, openEvidence, sealEvidence } from "../src/index.ts";
import { unwrapContentKey, wrapContentKey } from "../src/key-envelope.ts";
import { resolveKeyAgreementKey } from "../src/recipient-keys.ts";
import type { Person } from "./support.ts";
import { person, readAll } from "./support.ts";

const SECRET = 0x1234_5678_9abc_def0_1234_5678_9abc_def0_1234_5678_9abc_def0n;
const SCOPE = 0xabcdefn;

let store: HeliaEvidenceStore;
let assessor: Person;
let outsider: Person;
let claimantKey: ReturnType<typeof claimantEnvelopeKey>;
let evidenceCid: Awaited<ReturnType<typeof sealEvidence>>["evidenceCid"];
let envelope: KeyEnvelope;

beforeAll(async () => {
  store = await HeliaEvidenceStore.create();
  [assessor, outsider] = await Promise.all([person(), person()]);
  claimantKey = claimantEnvelopeKey(SECRET, SCOPE);
  ({ evidenceCid } = await sealEvidence(store, [{ name: "photo.jpg", mediaType: "image/jpeg", content: randomBytes(5_000) }], {
    recipients: [claimantKey, assessor.did],
    resolver: assessor.resolver,
  }));
  envelope = JSON.parse(Buffer.from(await readAll(store.cat(evidenceCid, { path: ENVELOPE_PATH }))).toString()) as KeyEnvelope;
});
afterAll(async () => {
  await store.close();
});

/** Every encoding an identifier of a key could take in the envelope's JSON. */
function encodings(key: Uint8Array): string[] {
  const hex = Buffer.from(key).toString("hex");
  return [hex, base64url.encode(key), Buffer.from(key).toString("base64"), bytesToMultibase(key, "base58btc", "x25519-pub")];
}

describe("anonymous recipients", () => {
  it("keys.json names no DID, no key id and no reader's public key in any encoding", async () => {
    const text = JSON.stringify(envelope).toLowerCase();
    const assessorKey = await resolveKeyAgreementKey(assessor.did, assessor.resolver);
    const identifiers = [
      assessor.did,
      `${assessor.did}#`,
      assessor.did.slice("did:key:".length),
      ...encodings(assessorKey),
      ...encodings(claimantKey.x25519PublicKey),
    ];
    for (const id of identifiers) expect(text).not.toContain(id.toLowerCase());
    expect(text).not.toContain('"kid"');
    expect(envelope.recipients).toHaveLength(2);
    for (const entry of envelope.recipients) expect(Object.keys(entry.header ?? {}).sort()).toEqual(["alg", "epk"]);
    // The search itself works: the same identifiers are found where they are present.
    expect(JSON.stringify({ k: encodings(assessorKey) }).toLowerCase()).toContain(encodings(assessorKey)[0]);
  });

  it("registered JOSE algorithms: jose opens the envelope with the claimant's private key as a JWK", async () => {
    expect(
      envelope.recipients.every(
        (r) => r.header?.alg === "ECDH-ES+A256KW" && (r.header?.epk as { crv?: string } | undefined)?.crv === "X25519",
      ),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(base64url.decode(envelope.protected as string)).toString())).toEqual({ enc: "A256GCM" });
    const { plaintext } = await generalDecrypt(envelope, await importJWK(claimantKey.exportPrivateJwk(), "ECDH-ES+A256KW"));
    const opened = JSON.parse(new TextDecoder().decode(plaintext)) as { contentKey: string; manifestCid: string };
    expect((await unwrapContentKey(envelope, claimantKey.keyAgreement)).manifestCid).toBe(opened.manifestCid);
  });

  it("the other way round: a JWE made by jose alone opens with Mutua's opener (did-jwt's ECDH-ES KDF, OpenSSL AES-KW/GCM)", async () => {
    const made = new GeneralEncrypt(new TextEncoder().encode("made by jose")).setProtectedHeader({ enc: "A256GCM" });
    for (const key of [await resolveKeyAgreementKey(outsider.did, outsider.resolver), claimantKey.x25519PublicKey]) {
      made.addRecipient(await importJWK({ kty: "OKP", crv: "X25519", x: base64url.encode(key) }, "ECDH-ES+A256KW")).setUnprotectedHeader({
        alg: "ECDH-ES+A256KW",
      });
    }
    const jwe: GeneralJWE = await made.encrypt();
    expect(new TextDecoder().decode(await decryptAnonymousJwe(jwe, claimantKey.keyAgreement))).toBe("made by jose");
    expect(await decryptAnonymousJwe(jwe, assessor.ecdh)).toBeUndefined();
  });

  it("each reader opens by trial decryption; an outsider is NOT_A_RECIPIENT", async () => {
    await expect(openEvidence(store, { evidenceCid }, assessor.ecdh)).resolves.toMatchObject({ readerCount: 2 });
    await expect(openEvidence(store, { evidenceCid }, claimantKey.keyAgreement)).resolves.toMatchObject({ readerCount: 2 });
    await expect(openEvidence(store, { evidenceCid }, outsider.ecdh)).rejects.toMatchObject({ code: "NOT_A_RECIPIENT" });
  });
});

describe("the claimant's key", () => {
  it("is re-derived from the identity secret and the scope; another scope or secret gives another key", () => {
    expect(claimantEnvelopeKey(SECRET, SCOPE).x25519PublicKey).toEqual(claimantKey.x25519PublicKey);
    expect(claimantEnvelopeKey(SECRET, SCOPE + 1n).x25519PublicKey).not.toEqual(claimantKey.x25519PublicKey);
    expect(claimantEnvelopeKey(SECRET + 1n, SCOPE).x25519PublicKey).not.toEqual(claimantKey.x25519PublicKey);
  });

  it("a key for another scope cannot open the evidence", async () => {
    await expect(openEvidence(store, { evidenceCid }, claimantEnvelopeKey(SECRET, SCOPE + 1n).keyAgreement)).rejects.toMatchObject({
      code: "NOT_A_RECIPIENT",
    });
  });
});

describe("an envelope altered without the content key is EVIDENCE_TAMPERED", () => {
  const altered = (change: (e: KeyEnvelope) => void): KeyEnvelope => {
    const copy = structuredClone(envelope);
    change(copy);
    return copy;
  };

  it("an outsider's entry appended (wrapping a key of their own)", async () => {
    const intruder = await wrapContentKey(randomBytes(32), "x", [outsider.did], outsider.resolver);
    const withIntruder = altered((e) => e.recipients.push(intruder.recipients[0] as KeyEnvelope["recipients"][0]));
    await expect(unwrapContentKey(withIntruder, assessor.ecdh)).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
    // The intruder's own entry unwraps for them, but the content does not decrypt: they learn nothing.
    await expect(unwrapContentKey(withIntruder, outsider.ecdh)).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
  });

  it("an entry removed, entries reordered, or the binding replaced", async () => {
    for (const change of [
      (e: KeyEnvelope) => e.recipients.splice(0, 1),
      (e: KeyEnvelope) => e.recipients.reverse(),
      (e: KeyEnvelope) => {
        e.mutua.binding = base64url.encode(randomBytes(32));
      },
    ]) {
      const copy = altered(change);
      const reader = copy.recipients.length === 1 ? [assessor.ecdh, claimantKey.keyAgreement] : [assessor.ecdh];
      const results = await Promise.allSettled(reader.map((r) => unwrapContentKey(copy, r)));
      expect(results.some((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "EVIDENCE_TAMPERED")).toBe(true);
      expect(results.every((r) => r.status === "rejected")).toBe(true);
    }
  });

  it("a corrupted ciphertext, tag or header", async () => {
    const flip = (value: string) => {
      const bytes = base64url.decode(value);
      bytes[0] = (bytes[0] as number) ^ 1;
      return base64url.encode(bytes);
    };
    for (const change of [
      (e: KeyEnvelope) => {
        e.ciphertext = flip(e.ciphertext);
      },
      (e: KeyEnvelope) => {
        e.tag = flip(e.tag as string);
      },
      (e: KeyEnvelope) => {
        e.protected = base64url.encode('{"enc":"A128GCM"}');
      },
    ]) {
      await expect(unwrapContentKey(altered(change), assessor.ecdh)).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
    }
  });

  it("not an envelope at all", async () => {
    for (const junk of [null, 42, {}, { ...envelope, recipients: [] }, { ...envelope, mutua: undefined }]) {
      await expect(unwrapContentKey(junk, assessor.ecdh)).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
    }
  });
});
