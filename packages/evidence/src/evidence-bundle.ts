import { createHash } from "node:crypto";
import { cidToField, parseCid } from "@mutua/core";
import type { Decrypter, ECDH } from "did-jwt";
import type { Resolvable } from "did-resolver";
import type { CID } from "multiformats/cid";
import { decryptChunks, encryptChunks } from "./chunked-aead.ts";
import { CidMismatchError, EvidenceTamperedError, FileTooLargeError } from "./errors.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import type { KeyEnvelope } from "./key-envelope.ts";
import { unwrapContentKey, wrapContentKey } from "./key-envelope.ts";
import type { EvidenceFileEntry, EvidenceManifest } from "./manifest.ts";
import { fileStoragePath, MANIFEST_PATH, parseManifest } from "./manifest.ts";

export interface EvidenceFile {
  name: string;
  mediaType: string;
  /** The bytes, or a stream of them (e.g. a file read stream: a 1 GB video never sits in memory). */
  content: Uint8Array | AsyncIterable<Uint8Array>;
}

export interface SealOptions {
  /** DIDs that may read the evidence: the claimant and the assessors. Keys come from their DID documents. */
  recipients: readonly string[];
  resolver: Resolvable;
  /** Largest accepted file. Default 2 GiB. */
  maxFileBytes?: number;
  /** Pin the evidence and its key envelope in `store`. Default true: evidence must not be lost. */
  pin?: boolean;
}

/** What a claimant keeps and shares: the evidence CID (bound into the proof) and the key envelope's CID. */
export interface SealedEvidence {
  evidenceCid: CID;
  envelopeCid: CID;
  /** cidToField(evidenceCid): the circuit's public `evidenceHash`. */
  evidenceHash: bigint;
  manifest: EvidenceManifest;
}

export interface OpenedFile extends EvidenceFileEntry {
  /** Streams the decrypted bytes; throws EvidenceTamperedError if they differ from the manifest's hash or size. */
  read(): AsyncIterable<Uint8Array>;
  bytes(): Promise<Uint8Array>;
}

export interface OpenedEvidence {
  evidenceCid: CID;
  recipients: readonly string[];
  manifest: EvidenceManifest;
  files: OpenedFile[];
}

const DEFAULT_MAX_FILE_BYTES = 2 ** 31;

/**
 * Encrypts files under a fresh content key, stores them with an encrypted manifest as one UnixFS directory
 * (its CID is the evidence CID), and stores the content key wrapped for every recipient as a separate
 * object, so recipients can be added later without changing the evidence CID the claim is bound to.
 */
export async function sealEvidence(store: EvidenceStore, files: readonly EvidenceFile[], options: SealOptions): Promise<SealedEvidence> {
  if (files.length === 0) throw new EvidenceTamperedError("evidence", "nothing to seal: no files");
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const contentKey = crypto.getRandomValues(new Uint8Array(32));
  const entries: (EvidenceFileEntry | undefined)[] = files.map(() => undefined);
  const finished = files.map(() => resolvable());

  async function* measured(file: EvidenceFile, index: number): AsyncGenerator<Uint8Array> {
    const hash = createHash("sha256");
    let size = 0;
    for await (const piece of file.content instanceof Uint8Array ? [file.content] : file.content) {
      size += piece.length;
      if (size > limit) throw new FileTooLargeError(file.name, limit);
      hash.update(piece);
      yield piece;
    }
    entries[index] = { name: file.name, mediaType: file.mediaType, size, sha256: hash.digest("hex"), path: fileStoragePath(index) };
    finished[index]?.resolve();
  }

  async function* manifestBytes(): AsyncGenerator<Uint8Array> {
    await Promise.all(finished.map((f) => f.promise));
    const manifest: EvidenceManifest = { version: 1, createdAt: new Date().toISOString(), files: entries as EvidenceFileEntry[] };
    yield new TextEncoder().encode(JSON.stringify(manifest));
  }

  function* storeEntries(): Generator<StoreEntry> {
    for (const [index, file] of files.entries()) {
      yield { path: fileStoragePath(index), content: encryptChunks(contentKey, measured(file, index)) };
    }
    yield { path: MANIFEST_PATH, content: encryptChunks(contentKey, manifestBytes()) };
  }

  let evidenceCid: CID;
  try {
    evidenceCid = await store.addDirectory(storeEntries());
  } catch (error) {
    for (const f of finished) f.resolve(); // unblock the manifest generator if a file failed
    throw error;
  }
  const envelope = await wrapContentKey(contentKey, evidenceCid.toString(), options.recipients, options.resolver);
  const envelopeCid = await store.addFile(jsonStream(envelope));
  if (options.pin ?? true) {
    await store.pin(evidenceCid);
    await store.pin(envelopeCid);
  }
  const manifest: EvidenceManifest = { version: 1, createdAt: new Date().toISOString(), files: entries as EvidenceFileEntry[] };
  return { evidenceCid, envelopeCid, evidenceHash: cidToField(evidenceCid), manifest };
}

/** Fetches and opens sealed evidence as one of its recipients (`ecdh`: the recipient's X25519 key agreement). */
export async function openEvidence(
  store: EvidenceStore,
  sealed: { evidenceCid: CID | string; envelopeCid: CID | string },
  ecdh: ECDH | Decrypter,
  options: ReadOptions = {},
): Promise<OpenedEvidence> {
  const evidenceCid = asCid(sealed.evidenceCid);
  const envelope = await readEnvelope(store, asCid(sealed.envelopeCid), options);
  const contentKey = await unwrapContentKey(envelope, ecdh, evidenceCid.toString());
  const manifestCipher = store.cat(evidenceCid, { ...options, path: MANIFEST_PATH });
  let manifest: EvidenceManifest;
  try {
    manifest = parseManifest(await collect(decryptChunks(contentKey, manifestCipher, "the manifest")));
  } catch (error) {
    if (error instanceof EvidenceTamperedError || (error as { code?: string }).code === "EVIDENCE_NOT_FOUND") throw error;
    throw new EvidenceTamperedError("the manifest", (error as Error).message);
  }
  const files = manifest.files.map((entry): OpenedFile => {
    const read = () =>
      verifiedPlaintext(entry, decryptChunks(contentKey, store.cat(evidenceCid, { ...options, path: entry.path }), entry.name));
    return { ...entry, read, bytes: () => collect(read()) };
  });
  return { evidenceCid, recipients: envelope.recipients, manifest, files };
}

/**
 * Wraps the same content key for more recipients (an assessor joining later). The files and the evidence
 * CID do not change; the caller must be a recipient already. Returns the new envelope's CID.
 */
export async function addRecipients(
  store: EvidenceStore,
  sealed: { evidenceCid: CID | string; envelopeCid: CID | string },
  ecdh: ECDH | Decrypter,
  newRecipients: readonly string[],
  resolver: Resolvable,
  options: ReadOptions & { pin?: boolean } = {},
): Promise<CID> {
  const evidenceCid = asCid(sealed.evidenceCid).toString();
  const envelope = await readEnvelope(store, asCid(sealed.envelopeCid), options);
  const contentKey = await unwrapContentKey(envelope, ecdh, evidenceCid);
  const next = await wrapContentKey(contentKey, evidenceCid, [...envelope.recipients, ...newRecipients], resolver);
  const cid = await store.addFile(jsonStream(next));
  if (options.pin ?? true) await store.pin(cid);
  return cid;
}

/** Throws CidMismatchError unless `actual` is the evidence CID the claim was filed with. */
export function assertEvidenceCid(expected: CID | string, actual: CID | string): void {
  if (!asCid(expected).equals(asCid(actual))) throw new CidMismatchError(String(expected), String(actual));
}

async function* verifiedPlaintext(entry: EvidenceFileEntry, plaintext: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const piece of plaintext) {
    size += piece.length;
    if (size > entry.size) throw new EvidenceTamperedError(entry.name, `longer than the ${entry.size} bytes the manifest records`);
    hash.update(piece);
    yield piece;
  }
  const digest = hash.digest("hex");
  if (size !== entry.size || digest !== entry.sha256)
    throw new EvidenceTamperedError(entry.name, "plaintext hash differs from the manifest");
}

async function readEnvelope(store: EvidenceStore, cid: CID, options: ReadOptions): Promise<KeyEnvelope> {
  const bytes = await collect(store.cat(cid, options));
  try {
    const envelope = JSON.parse(new TextDecoder().decode(bytes)) as KeyEnvelope;
    if (envelope.format !== "mutua-evidence-envelope/1") throw new Error(`unknown format ${String(envelope.format)}`);
    return envelope;
  } catch (error) {
    throw new EvidenceTamperedError("the key envelope", (error as Error).message);
  }
}

function resolvable(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of source) {
    parts.push(part);
    length += part.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function* jsonStream(value: unknown): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(JSON.stringify(value));
}

/** CIDv1 only (UNSUPPORTED_CID otherwise): the evidence hash is defined on CIDv1 bytes. */
function asCid(value: CID | string): CID {
  return parseCid(value);
}
