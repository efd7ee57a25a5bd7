// Sealed evidence on a real Helia node: round trip for every recipient, outsiders refused, recipients added
// without touching the files, and each kind of tampering, mismatch, absence and oversize rejected.
import { createCipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { cidToField } from "@mutua/core";
import type { CID } from "multiformats/cid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedFile, SealedEvidence } from "../src/index.ts";
import { addRecipients, assertEvidenceCid, HeliaEvidenceStore, openEvidence, sealEvidence } from "../src/index.ts";
import { unwrapContentKey, wrapContentKey } from "../src/key-envelope.ts";
import { localFileCid } from "../src/unixfs-importer.ts";
import type { Person } from "./support.ts";
import { person, readAll, sampleFiles, streamOf } from "./support.ts";

let store: HeliaEvidenceStore;
let claimant: Person;
let assessorA: Person;
let assessorB: Person;
let outsider: Person;
let files: ReturnType<typeof sampleFiles>;
let sealed: SealedEvidence;

beforeAll(async () => {
  store = await HeliaEvidenceStore.create();
  [claimant, assessorA, assessorB, outsider] = await Promise.all([person(), person(), person(), person()]);
  files = sampleFiles();
  sealed = await sealEvidence(
    store,
    files.map((f, i) => ({ ...f, content: i === 0 ? streamOf(f.content) : f.content })),
    { recipients: [claimant.did, assessorA.did], resolver: claimant.resolver },
  );
});
afterAll(async () => {
  await store.close();
});

describe("seal and open", () => {
  it("every recipient reads every file back, and the manifest lists name, type, size and each file's salt", async () => {
    for (const reader of [claimant, assessorA]) {
      const opened = await openEvidence(store, sealed, reader.ecdh);
      expect(opened.manifest.files.map((f) => [f.name, f.mediaType, f.size])).toEqual(
        files.map((f) => [f.name, f.mediaType, f.content.length]),
      );
      for (const [index, file] of opened.files.entries()) {
        const expected = files[index]?.content as Uint8Array;
        expect(file.salt).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 bytes
        expect(file.sha256).toBeUndefined(); // format 2: the key commitment binds the file, no second pass over it
        expect(Buffer.compare(Buffer.from(await file.bytes()), Buffer.from(expected))).toBe(0);
      }
    }
  });

  it("binds to the proof through cidToField, the same function the circuit inputs use", () => {
    expect(sealed.evidenceHash).toBe(cidToField(sealed.evidenceCid));
    expect(sealed.evidenceCid.version).toBe(1);
  });

  it("stores ciphertext only: no plaintext, no file names", async () => {
    const parts: Uint8Array[] = [];
    for (const path of ["files/2.enc", "manifest.enc"])
      for await (const piece of store.cat(sealed.evidenceCid, { path })) parts.push(piece);
    const stored = Buffer.concat(parts).toString("latin1");
    expect(stored).not.toContain("storm damage");
    expect(stored).not.toContain("hull-photo.jpg");
  });

  it("stores each sealed chunk as one UnixFS block (no chunk straddles two blocks)", async () => {
    const sizes: number[] = [];
    for await (const block of store.blocks(sealed.evidenceCid)) if (block.cid.code === 0x55) sizes.push(block.bytes.length);
    const photo = files[0]?.content.length as number; // 3 MiB + 123 bytes: three full chunks and a short one
    expect(sizes.filter((size) => size === 1 << 20)).toHaveLength(3);
    expect(sizes).toContain(photo - (3 * ((1 << 20) - 16) - 60) + 16); // its rest, sealed
  });

  it("pins what it sealed", async () => {
    expect(await store.isPinned(sealed.evidenceCid)).toBe(true);
  });
});

describe("recipients", () => {
  it("someone who is not a recipient cannot open the key envelope", async () => {
    await expect(openEvidence(store, sealed, outsider.ecdh)).rejects.toMatchObject({ code: "NOT_A_RECIPIENT" });
  });

  it("an assessor added later reads the same files; the evidence CID does not change", async () => {
    const envelopeCid = await addRecipients(store, sealed, assessorA.ecdh, [assessorB.did], assessorA.resolver);
    expect(await store.isPinned(envelopeCid)).toBe(true);
    const opened = await openEvidence(store, { evidenceCid: sealed.evidenceCid, envelopeCid }, assessorB.ecdh);
    expect(opened.evidenceCid.equals(sealed.evidenceCid)).toBe(true);
    expect(opened.readerCount).toBe(1);
    expect(Buffer.from(await (opened.files[2] as { bytes(): Promise<Uint8Array> }).bytes()).toString()).toContain("storm damage");
    // The envelope inside the evidence still does not include B.
    await expect(openEvidence(store, sealed, assessorB.ecdh)).rejects.toMatchObject({ code: "NOT_A_RECIPIENT" });
    // Only a recipient can add recipients.
    await expect(addRecipients(store, sealed, outsider.ecdh, [outsider.did], outsider.resolver)).rejects.toMatchObject({
      code: "NOT_A_RECIPIENT",
    });
  });

  it("a recipient DID without a key-agreement key is refused at sealing time", async () => {
    await expect(
      sealEvidence(store, [{ name: "a", mediaType: "text/plain", content: new Uint8Array(1) }], {
        recipients: ["did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"],
        resolver: claimant.resolver,
      }),
    ).rejects.toMatchObject({ code: "NO_KEY_AGREEMENT" });
  });
});

/**
 * Rebuilds the evidence directory with entries replaced, and re-wraps the key for the (possibly altered)
 * manifest as a colluding recipient could: what is left to catch the change is the encryption itself.
 */
async function rebuiltWith(replace: Record<string, (original: Uint8Array) => Uint8Array>): Promise<{ evidenceCid: CID }> {
  const read = async (path: string) => readAll(store.cat(sealed.evidenceCid, { path }));
  const { contentKey } = await unwrapContentKey(JSON.parse(Buffer.from(await read("keys.json")).toString()), claimant.ecdh);
  const entries = [];
  for (const path of ["files/0.enc", "files/1.enc", "files/2.enc", "manifest.enc"]) {
    const original = await read(path);
    entries.push({ path, content: replace[path]?.(original) ?? original });
  }
  const manifestCid = await localFileCid(entries[3]?.content as Uint8Array);
  const envelope = await wrapContentKey(contentKey, manifestCid.toString(), [claimant.did], claimant.resolver);
  entries.push({ path: "keys.json", content: new TextEncoder().encode(JSON.stringify(envelope)) });
  const evidenceCid = await store.addDirectory(entries.map((e) => ({ path: e.path, content: streamOf(e.content) })));
  return { evidenceCid };
}

const flipByte = (offset: number) => (bytes: Uint8Array) => {
  const copy = new Uint8Array(bytes);
  copy[offset] = (copy[offset] as number) ^ 0x40;
  return copy;
};

describe("tampering and mismatches", () => {
  it("a changed ciphertext byte fails when that file is read", async () => {
    const tampered = await rebuiltWith({ "files/1.enc": flipByte(5_000) });
    const opened = await openEvidence(store, tampered, claimant.ecdh);
    await expect(opened.files[1]?.bytes()).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
    await expect(opened.files[2]?.bytes()).resolves.toBeDefined();
  });

  it("a truncated file fails (its last chunk is missing)", async () => {
    // Cut after two whole sealed chunks: each is one 1 MiB block, the header sharing the first.
    const tampered = await rebuiltWith({ "files/0.enc": (bytes) => bytes.subarray(0, 2 << 20) });
    const opened = await openEvidence(store, tampered, claimant.ecdh);
    await expect(opened.files[0]?.bytes()).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
  });

  it("swapped files are refused: each file's salt is the one its manifest entry names", async () => {
    const parts: Record<string, Uint8Array> = {};
    for (const path of ["files/1.enc", "files/2.enc"]) parts[path] = await readAll(store.cat(sealed.evidenceCid, { path }));
    const swapped = await rebuiltWith({
      "files/1.enc": () => parts["files/2.enc"] as Uint8Array,
      "files/2.enc": () => parts["files/1.enc"] as Uint8Array,
    });
    const opened = await openEvidence(store, swapped, claimant.ecdh);
    await expect(opened.files[1]?.bytes()).rejects.toThrow(/not the file the manifest lists/);
    await expect(opened.files[2]?.bytes()).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
  });

  it("a file opens under the key its header commits to, and no other", async () => {
    // A claimant wrapping another key for one reader (AES-GCM alone would let crafted bytes open under both):
    // the commitment stops that reader before any chunk is decrypted.
    const parts = [];
    for (const path of ["files/0.enc", "manifest.enc"])
      parts.push({ path, content: await readAll(store.cat(sealed.evidenceCid, { path })) });
    const manifestCid = await localFileCid(parts[1]?.content as Uint8Array);
    const otherKey = crypto.getRandomValues(new Uint8Array(32));
    const envelope = await wrapContentKey(otherKey, manifestCid.toString(), [assessorB.did], claimant.resolver);
    parts.push({ path: "keys.json", content: new TextEncoder().encode(JSON.stringify(envelope)) });
    const forked = await store.addDirectory(parts.map((p) => ({ path: p.path, content: streamOf(p.content) })));
    await expect(openEvidence(store, { evidenceCid: forked }, assessorB.ecdh)).rejects.toThrow(/not committed to this key/);
  });

  it("evidence sealed in format 1 (no key commitment, plaintext hashes in the manifest) still opens and is checked", async () => {
    const contentKey = crypto.getRandomValues(new Uint8Array(32));
    const photo = randomBytes(70_000);
    const sealV1 = (plaintext: Uint8Array) => {
      const salt = randomBytes(16);
      const key = Buffer.from(hkdfSync("sha256", contentKey, salt, "mutua/evidence/file/v1", 32));
      const header = Buffer.concat([Buffer.from("MUTUAEV1"), salt, Buffer.from([0, 1, 0, 0])]); // 65,536-byte chunks
      const chunks = [];
      for (let at = 0, index = 0; at < plaintext.length || index === 0; at += 65_536, index++) {
        const nonce = Buffer.alloc(12);
        nonce.writeBigUInt64BE(BigInt(index), 3);
        nonce[11] = at + 65_536 >= plaintext.length ? 1 : 0;
        const cipher = createCipheriv("aes-256-gcm", key, nonce);
        chunks.push(cipher.update(plaintext.subarray(at, at + 65_536)), cipher.final(), cipher.getAuthTag());
      }
      return new Uint8Array(Buffer.concat([header, ...chunks]));
    };
    const v1Evidence = async (sha256: string) => {
      const manifest = {
        version: 1,
        createdAt: "2026-01-01T00:00:00Z",
        files: [{ name: "a.jpg", mediaType: "image/jpeg", size: photo.length, sha256, path: "files/0.enc" }],
      };
      const manifestCipher = sealV1(new TextEncoder().encode(JSON.stringify(manifest)));
      const envelope = await wrapContentKey(contentKey, (await localFileCid(manifestCipher)).toString(), [claimant.did], claimant.resolver);
      const entries = [
        { path: "files/0.enc", content: sealV1(photo) },
        { path: "manifest.enc", content: manifestCipher },
        { path: "keys.json", content: new TextEncoder().encode(JSON.stringify(envelope)) },
      ];
      return { evidenceCid: await store.addDirectory(entries.map((e) => ({ path: e.path, content: streamOf(e.content) }))) };
    };
    const honest = await openEvidence(store, await v1Evidence(createHash("sha256").update(photo).digest("hex")), claimant.ecdh);
    expect(Buffer.compare(Buffer.from(await (honest.files[0] as OpenedFile).bytes()), photo)).toBe(0);
    const wrongHash = await openEvidence(store, await v1Evidence("00".repeat(32)), claimant.ecdh);
    await expect(wrongHash.files[0]?.bytes()).rejects.toThrow(/plaintext hash differs/);
  });

  it("a changed manifest fails at open", async () => {
    const tampered = await rebuiltWith({ "manifest.enc": flipByte(40) });
    await expect(openEvidence(store, tampered, claimant.ecdh)).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });
  });

  it("an envelope for other evidence, and a CID that is not the one filed", async () => {
    const other = await sealEvidence(store, [{ name: "x.txt", mediaType: "text/plain", content: new TextEncoder().encode("other") }], {
      recipients: [claimant.did],
      resolver: claimant.resolver,
    });
    const otherEnvelope = await addRecipients(store, other, claimant.ecdh, [claimant.did], claimant.resolver);
    await expect(openEvidence(store, { evidenceCid: sealed.evidenceCid, envelopeCid: otherEnvelope }, claimant.ecdh)).rejects.toMatchObject(
      {
        code: "CID_MISMATCH",
      },
    );
    // A directory whose own envelope names another manifest was altered.
    const parts = [];
    for (const path of ["files/0.enc", "manifest.enc"])
      parts.push({ path, content: streamOf(await readAll(store.cat(sealed.evidenceCid, { path }))) });
    parts.push({ path: "keys.json", content: streamOf(await readAll(store.cat(other.evidenceCid, { path: "keys.json" }))) });
    const spliced = await store.addDirectory(parts);
    await expect(openEvidence(store, { evidenceCid: spliced }, claimant.ecdh)).rejects.toMatchObject({ code: "EVIDENCE_TAMPERED" });

    expect(() => assertEvidenceCid(sealed.evidenceCid, other.evidenceCid)).toThrow(expect.objectContaining({ code: "CID_MISMATCH" }));
    expect(() => assertEvidenceCid(sealed.evidenceCid, sealed.evidenceCid.toString())).not.toThrow();
  });

  it("an unsupported CID (CIDv0, or not a CID)", async () => {
    const v0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    await expect(openEvidence(store, { evidenceCid: v0 }, claimant.ecdh)).rejects.toMatchObject({ code: "UNSUPPORTED_CID" });
    await expect(openEvidence(store, { evidenceCid: "not-a-cid" }, claimant.ecdh)).rejects.toMatchObject({ code: "UNSUPPORTED_CID" });
  });

  it("a CID nobody has: not found after the timeout", async () => {
    const missing = "bafybeibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq";
    const started = performance.now();
    await expect(openEvidence(store, { evidenceCid: missing }, claimant.ecdh, { timeoutMs: 300 })).rejects.toMatchObject({
      code: "EVIDENCE_NOT_FOUND",
    });
    expect(performance.now() - started).toBeLessThan(30_000); // the 300 ms timeout, not the default wait
  });

  it("a file over the configured limit is refused while streaming", async () => {
    await expect(
      sealEvidence(store, [{ name: "video.mp4", mediaType: "video/mp4", content: streamOf(new Uint8Array(300_000)) }], {
        recipients: [claimant.did],
        resolver: claimant.resolver,
        maxFileBytes: 100_000,
      }),
    ).rejects.toMatchObject({ code: "FILE_TOO_LARGE", details: { name: "video.mp4", limit: 100_000 } });
  });
});
