import { base64urlDecode, base64urlEncode, cidToField, parseCid } from "@mutua/core";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Resolvable } from "did-resolver";
import type { CID } from "multiformats/cid";
import { collectBytes } from "./bytes.ts";
import { decryptChunks, encryptChunks, fileSalt } from "./chunked-aead.ts";
import { sha256Stream } from "./crypto-primitives.ts";
import { CidMismatchError, EvidenceTamperedError, FileTooLargeError } from "./errors.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import type { EnvelopeRecipient, KeyAgreement } from "./key-envelope.ts";
import { unwrapContentKey, wrapContentKey } from "./key-envelope.ts";
import type { EvidenceFileEntry, EvidenceManifest } from "./manifest.ts";
import { ENVELOPE_PATH, fileStoragePath, MANIFEST_PATH, parseManifest } from "./manifest.ts";
import { localFileCid } from "./unixfs-importer.ts";

/** One file of a claim's evidence before it is sealed: its name, media type and bytes. */
export interface EvidenceFile {
  name: string;
  mediaType: string;
  /** The bytes, or a stream of them (e.g. a file read stream: a 1 GB video never sits in memory). */
  content: Uint8Array | AsyncIterable<Uint8Array>;
}

/** Who evidence is sealed to (the assessors' keys, the claimant's) and how it is stored. */
export interface SealOptions {
  /**
   * Who may read the evidence: assessors' DIDs (keys from their DID documents) and the claimant's per-claim
   * key (claimantEnvelopeKey). The envelope names none of them.
   */
  recipients: readonly EnvelopeRecipient[];
  /** Resolves recipient DIDs; needed only when a recipient is given as a DID. */
  resolver?: Resolvable;
  /** Largest accepted file. Default 2 GiB. */
  maxFileBytes?: number;
  /** Pin the evidence in `store`. Default true: evidence must not be lost. */
  pin?: boolean;
  /** The claimant's X25519 public key for reasons (claimantEnvelopeKey(...).x25519PublicKey), kept in the manifest. */
  replyKey?: Uint8Array;
}

/** What a claimant files: the evidence CID, bound into the proof; the key envelope is inside it. */
export interface SealedEvidence {
  evidenceCid: CID;
  /** cidToField(evidenceCid): the circuit's public `evidenceHash`. */
  evidenceHash: bigint;
  manifest: EvidenceManifest;
}

/** One file of opened evidence: its manifest entry, and its bytes, read and checked when asked for. */
export interface OpenedFile extends EvidenceFileEntry {
  /** Streams the decrypted bytes; throws EvidenceTamperedError if they differ from the manifest's hash or size. */
  read(): AsyncIterable<Uint8Array>;
  /** The file's bytes, decrypted and checked against the manifest (size, key commitment). */
  bytes(): Promise<Uint8Array>;
}

/** Evidence opened with a recipient's key: its manifest and its files. */
export interface OpenedEvidence {
  evidenceCid: CID;
  /** How many entries the envelope has: the only thing a reader learns about the other readers. */
  readerCount: number;
  manifest: EvidenceManifest;
  files: OpenedFile[];
}

const DEFAULT_MAX_FILE_BYTES = 2 ** 31;

/**
 * Encrypts files under a fresh content key and stores them as one UnixFS directory (its CID is the
 * evidence CID) with an encrypted manifest and the key envelope: the content key wrapped for every
 * recipient, bound to the manifest's CID. Recipients added later get a new envelope outside the directory,
 * so the evidence CID the claim is bound to never changes.
 */
export async function sealEvidence(store: EvidenceStore, files: readonly EvidenceFile[], options: SealOptions): Promise<SealedEvidence> {
  if (files.length === 0) throw new EvidenceTamperedError("evidence", "nothing to seal: no files");
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const contentKey = crypto.getRandomValues(new Uint8Array(32));
  const entries: (EvidenceFileEntry | undefined)[] = files.map(() => undefined);
  const finished = files.map(() => resolvable());
  const salts = files.map(() => fileSalt());

  // No plaintext hash: each file is fixed by the evidence CID and opens under one committed key (chunked-aead.ts);
  // hashing every byte once more cost sealing a quarter of its speed.
  async function* measured(file: EvidenceFile, index: number): AsyncGenerator<Uint8Array> {
    let size = 0;
    for await (const piece of file.content instanceof Uint8Array ? [file.content] : file.content) {
      size += piece.length;
      if (size > limit) throw new FileTooLargeError(file.name, limit);
      yield piece;
    }
    entries[index] = {
      name: file.name,
      mediaType: file.mediaType,
      size,
      salt: base64urlEncode(salts[index] as Uint8Array),
      path: fileStoragePath(index),
    };
    finished[index]?.resolve();
  }

  // The manifest (and the envelope that names its CID) can be written only after every file was measured:
  // they are the directory's last entries, and their content waits for the files.
  const sealedManifest = (async () => {
    await Promise.all(finished.map((f) => f.promise));
    const manifest: EvidenceManifest = {
      version: 1,
      createdAt: new Date().toISOString(),
      files: entries as EvidenceFileEntry[],
      ...(options.replyKey ? { replyKey: base64urlEncode(options.replyKey) } : {}),
    };
    const ciphertext = await collectBytes(encryptChunks(contentKey, once(new TextEncoder().encode(JSON.stringify(manifest)))));
    const manifestCid = await localFileCid(ciphertext);
    const envelope = await wrapContentKey(contentKey, manifestCid.toString(), options.recipients, options.resolver);
    return { manifest, ciphertext, envelope };
  })();
  sealedManifest.catch(() => {}); // surfaced through the directory import below

  function* storeEntries(): Generator<StoreEntry> {
    for (const [index, file] of files.entries()) {
      yield { path: fileStoragePath(index), content: encryptChunks(contentKey, measured(file, index), salts[index]) };
    }
    yield {
      path: MANIFEST_PATH,
      content: (async function* () {
        yield (await sealedManifest).ciphertext;
      })(),
    };
    yield {
      path: ENVELOPE_PATH,
      content: (async function* () {
        yield encodeJson((await sealedManifest).envelope);
      })(),
    };
  }

  let evidenceCid: CID;
  try {
    evidenceCid = await store.addDirectory(storeEntries());
  } catch (error) {
    for (const f of finished) f.resolve(); // unblock the manifest if a file failed
    throw error;
  }
  if (options.pin ?? true) await store.pin(evidenceCid);
  const { manifest } = await sealedManifest;
  return { evidenceCid, evidenceHash: cidToField(evidenceCid), manifest };
}

/**
 * Fetches and opens sealed evidence as one of its recipients (`keyAgreement`: the reader's X25519 key agreement).
 * The key envelope is read from the evidence directory, or from `envelopeCid` when recipients were added later.
 */
export async function openEvidence(
  store: EvidenceStore,
  sealed: { evidenceCid: CID | string; envelopeCid?: CID | string | undefined },
  keyAgreement: KeyAgreement,
  options: ReadOptions = {},
): Promise<OpenedEvidence> {
  const evidenceCid = asCid(sealed.evidenceCid);
  const { envelope, external, contentKey, manifestCid } = await openEnvelope(store, evidenceCid, sealed.envelopeCid, keyAgreement, options);

  const manifestCipher = await collectBytes(store.cat(evidenceCid, { ...options, path: MANIFEST_PATH }));
  const actualManifestCid = (await localFileCid(manifestCipher)).toString();
  if (actualManifestCid !== manifestCid) {
    // An envelope from outside names other evidence; the directory's own envelope disagreeing means the directory was altered.
    if (external) throw new CidMismatchError(manifestCid, actualManifestCid);
    throw new EvidenceTamperedError("the manifest", "its CID is not the one the key envelope names");
  }
  let manifest: EvidenceManifest;
  try {
    manifest = parseManifest(await collectBytes(decryptChunks(contentKey, once(manifestCipher), "the manifest")));
  } catch (error) {
    if (error instanceof EvidenceTamperedError) throw error;
    throw new EvidenceTamperedError("the manifest", (error as Error).message);
  }
  const files = manifest.files.map((entry): OpenedFile => {
    const read = () =>
      verifiedPlaintext(
        entry,
        decryptChunks(contentKey, store.cat(evidenceCid, { ...options, path: entry.path }), entry.name, entrySalt(entry)),
      );
    return { ...entry, read, bytes: () => collectBytes(read()) };
  });
  return { evidenceCid, readerCount: envelope.recipients.length, manifest, files };
}

/**
 * Wraps the same content key for more readers (an assessor joining later) in a new envelope stored next to
 * the evidence. The files and the evidence CID do not change; only a holder of the content key (a reader
 * already) can do it. The new envelope holds the new readers only: the original envelope still serves the
 * original ones, whose keys nobody can list. Returns its CID: pass it to openEvidence as `envelopeCid`.
 */
export async function addRecipients(
  store: EvidenceStore,
  sealed: { evidenceCid: CID | string; envelopeCid?: CID | string | undefined },
  keyAgreement: KeyAgreement,
  newRecipients: readonly EnvelopeRecipient[],
  resolver: Resolvable | undefined,
  options: ReadOptions & { pin?: boolean } = {},
): Promise<CID> {
  const evidenceCid = asCid(sealed.evidenceCid);
  const { contentKey, manifestCid } = await openEnvelope(store, evidenceCid, sealed.envelopeCid, keyAgreement, options);
  const next = await wrapContentKey(contentKey, manifestCid, newRecipients, resolver);
  const cid = await store.addFile(once(encodeJson(next)));
  if (options.pin ?? true) await store.pin(cid);
  return cid;
}

/** Throws CidMismatchError unless `actual` is the evidence CID the claim was filed with. */
export function assertEvidenceCid(expected: CID | string, actual: CID | string): void {
  if (!asCid(expected).equals(asCid(actual))) throw new CidMismatchError(String(expected), String(actual));
}

/** The salt a format-2 manifest names for the file (none in format 1). */
function entrySalt(entry: EvidenceFileEntry): Uint8Array | undefined {
  if (entry.salt === undefined) return undefined;
  try {
    return base64urlDecode(entry.salt);
  } catch {
    throw new EvidenceTamperedError("the manifest", `the salt of ${entry.name} is not base64url`);
  }
}

/** The size the manifest records, and for evidence sealed in format 1 (no key commitment) the plaintext's SHA-256. */
async function* verifiedPlaintext(entry: EvidenceFileEntry, plaintext: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const hash = entry.sha256 === undefined ? undefined : sha256Stream();
  let size = 0;
  for await (const piece of plaintext) {
    size += piece.length;
    if (size > entry.size) throw new EvidenceTamperedError(entry.name, `longer than the ${entry.size} bytes the manifest records`);
    hash?.update(piece);
    yield piece;
  }
  if (size !== entry.size) throw new EvidenceTamperedError(entry.name, `${size} bytes where the manifest records ${entry.size}`);
  if (hash && bytesToHex(hash.digest()) !== entry.sha256)
    throw new EvidenceTamperedError(entry.name, "plaintext hash differs from the manifest");
}

/** The envelope inside the evidence directory, or the one at `envelopeCid` (recipients added later), opened with `keyAgreement`. */
async function openEnvelope(
  store: EvidenceStore,
  evidenceCid: CID,
  envelopeCid: CID | string | undefined,
  keyAgreement: KeyAgreement,
  options: ReadOptions,
) {
  const external = envelopeCid !== undefined;
  const source = external ? store.cat(asCid(envelopeCid), options) : store.cat(evidenceCid, { ...options, path: ENVELOPE_PATH });
  const envelope = await readEnvelope(source);
  return { envelope, external, ...(await unwrapContentKey(envelope, keyAgreement)) };
}

/** The envelope's JSON; its structure is checked by unwrapContentKey. */
async function readEnvelope(source: AsyncIterable<Uint8Array>): Promise<{ recipients: unknown[] }> {
  const bytes = await collectBytes(source);
  let envelope: { recipients?: unknown };
  try {
    envelope = JSON.parse(new TextDecoder().decode(bytes)) as { recipients?: unknown };
  } catch (error) {
    throw new EvidenceTamperedError("the key envelope", (error as Error).message);
  }
  if (!Array.isArray(envelope?.recipients)) throw new EvidenceTamperedError("the key envelope", "no recipients");
  return envelope as { recipients: unknown[] };
}

function resolvable(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** CIDv1 only (UNSUPPORTED_CID otherwise): the evidence hash is defined on CIDv1 bytes. */
function asCid(value: CID | string): CID {
  return parseCid(value);
}
