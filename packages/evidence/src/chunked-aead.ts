import type { ChunkCipher } from "./crypto-primitives.ts";
import { aesGcmChunkCipher, constantTimeEqual, hkdfSha256 } from "./crypto-primitives.ts";
import { EvidenceTamperedError } from "./errors.ts";
import { UNIXFS_IMPORT } from "./evidence-store.ts";

/**
 * Streaming authenticated encryption (the STREAM construction, as in age and Tink's streaming AEAD):
 * AES-256-GCM over fixed-size chunks. Each file gets its own key, HKDF-SHA256(contentKey, salt), so the
 * nonce can be a counter: 11 bytes of chunk index and 1 byte that is 1 only on the last chunk. Reordered,
 * dropped, duplicated or truncated chunks fail to authenticate. The last chunk is the one shorter than a full
 * chunk (empty when the file fills its chunks exactly).
 *
 * AES-256-GCM, one call per chunk: OpenSSL in Node (about 4 GB/s here), Web Crypto in the member app;
 * @noble/ciphers' XChaCha20-Poly1305 measured 105 MB/s, too slow for the bulk.
 *
 * Format 2: "MUTUAEV2" | salt (16) | chunk size (u32 BE) | key commitment (32) | chunks: ciphertext + 16-byte tag.
 * - Aligned to the UnixFS blocks: a sealed chunk is exactly one 1 MiB block (the header shares the first one, whose
 *   chunk is shorter by the header's length), so the importer stores each piece as it comes and the reader opens
 *   each block as it comes: no re-chunking copies on either side.
 * - Committed to its key: GCM alone is not, so whoever seals (the claimant) could craft bytes that open under two
 *   keys and wrap a different key for each reader: two assessors would read different evidence under one CID. The
 *   commitment (32 more bytes of the HKDF output that gives the file key) is checked before any chunk is opened: a
 *   file opens under one key only and, its bytes being fixed by the CID, to one plaintext.
 * Format 1 (no commitment, 1 MiB plaintext chunks after the header, the manifest holding each file's SHA-256) is
 * still read.
 */
const TAG_BYTES = 16;
/** Plaintext bytes in a full chunk: sealed, exactly one UnixFS block. */
export const CHUNK_SIZE = UNIXFS_IMPORT.chunkSize - TAG_BYTES;
const MAGIC_V1 = new TextEncoder().encode("MUTUAEV1");
const MAGIC_V2 = new TextEncoder().encode("MUTUAEV2");
const SALT_BYTES = 16;
const COMMITMENT_BYTES = 32;
const V1_HEADER_BYTES = MAGIC_V1.length + SALT_BYTES + 4;
const V2_HEADER_BYTES = V1_HEADER_BYTES + COMMITMENT_BYTES;
const MAX_CHUNK_SIZE = 16 << 20;

interface FileKey {
  cipher: ChunkCipher;
  /** Format 2's key commitment; undefined for format 1. */
  commitment?: Uint8Array;
}

async function fileKey(contentKey: Uint8Array, salt: Uint8Array, format: 1 | 2): Promise<FileKey> {
  if (format === 1) return { cipher: await aesGcmChunkCipher(hkdfSha256(contentKey, salt, "mutua/evidence/file/v1", 32)) };
  const okm = hkdfSha256(contentKey, salt, "mutua/evidence/file/v2", 64);
  return { cipher: await aesGcmChunkCipher(okm.subarray(0, 32)), commitment: okm.slice(32) };
}

function chunkNonce(index: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(3, BigInt(index));
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Re-chunks a byte stream into a first piece of `first` bytes, then pieces of `size` bytes, then one shorter piece
 * (possibly empty), the last: a full piece is never the last, so none has to be held back to learn whether more
 * follow. Pieces that arrive at the right size pass through without a copy.
 */
async function* rechunk(source: AsyncIterable<Uint8Array>, first: number, size: number): AsyncGenerator<[Uint8Array, boolean]> {
  let want = first;
  let buffer = new Uint8Array(want);
  let filled = 0;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      if (filled === 0 && piece.length - offset >= want) {
        yield [piece.subarray(offset, offset + want), false];
        offset += want;
        want = size;
        continue;
      }
      if (buffer.length !== want) buffer = new Uint8Array(want);
      const take = Math.min(want - filled, piece.length - offset);
      buffer.set(piece.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === want) {
        yield [buffer, false];
        want = size;
        buffer = new Uint8Array(want);
        filled = 0;
      }
    }
  }
  yield [buffer.subarray(0, filled), true];
}

/** A fresh random salt: each file's own key (the manifest names it, binding each file to its entry). */
export function fileSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

export async function* encryptChunks(
  contentKey: Uint8Array,
  plaintext: AsyncIterable<Uint8Array>,
  salt: Uint8Array = fileSalt(),
  chunkSize = CHUNK_SIZE,
): AsyncGenerator<Uint8Array> {
  if (salt.length !== SALT_BYTES) throw new RangeError(`a file salt is ${SALT_BYTES} bytes`);
  if (chunkSize <= V2_HEADER_BYTES || chunkSize > MAX_CHUNK_SIZE)
    throw new RangeError(`a chunk holds ${V2_HEADER_BYTES + 1} to ${MAX_CHUNK_SIZE} bytes`);
  const { cipher, commitment } = await fileKey(contentKey, salt, 2);
  const header = new Uint8Array(V2_HEADER_BYTES);
  header.set(MAGIC_V2, 0);
  header.set(salt, MAGIC_V2.length);
  new DataView(header.buffer).setUint32(MAGIC_V2.length + SALT_BYTES, chunkSize);
  header.set(commitment as Uint8Array, V1_HEADER_BYTES);
  // One chunk sealed ahead: in a browser, Web Crypto encrypts it on another thread while the consumer hashes and
  // stores the one before (the importer's SHA-256 and the block writes run on this thread).
  let index = 0;
  let ahead: Promise<Uint8Array> | undefined;
  for await (const [chunk, last] of rechunk(plaintext, chunkSize - V2_HEADER_BYTES, chunkSize)) {
    const at = index++;
    const sealing = Promise.resolve(cipher.seal(chunkNonce(at, last), chunk, at === 0 ? header : undefined));
    sealing.catch(() => {}); // awaited below, in order
    if (ahead) yield await ahead;
    ahead = sealing;
  }
  if (ahead) yield await ahead;
}

/**
 * Decrypts what encryptChunks produced; throws EvidenceTamperedError (naming `what`) on any change, and when
 * `expectedSalt` is given, on a file sealed under another salt (another file of the same evidence in its place).
 */
export async function* decryptChunks(
  contentKey: Uint8Array,
  ciphertext: AsyncIterable<Uint8Array>,
  what: string,
  expectedSalt?: Uint8Array,
): AsyncGenerator<Uint8Array> {
  const iterator = ciphertext[Symbol.asyncIterator]();
  const first = await readExactly(iterator, V1_HEADER_BYTES, new Uint8Array(0));
  const format = formatOf(first.bytes);
  if (!format) throw new EvidenceTamperedError(what, "not an encrypted evidence file (bad header)");
  const salt = first.bytes.slice(MAGIC_V1.length, MAGIC_V1.length + SALT_BYTES);
  if (expectedSalt && !constantTimeEqual(salt, expectedSalt))
    throw new EvidenceTamperedError(what, "not the file the manifest lists at this place");
  const chunkSize = new DataView(first.bytes.buffer, first.bytes.byteOffset).getUint32(MAGIC_V1.length + SALT_BYTES);
  const headerBytes = format === 2 ? V2_HEADER_BYTES : V1_HEADER_BYTES;
  if (chunkSize <= headerBytes || chunkSize > MAX_CHUNK_SIZE) throw new EvidenceTamperedError(what, `implausible chunk size ${chunkSize}`);
  const { cipher, commitment } = await fileKey(contentKey, salt, format);
  let header = first;
  if (commitment) {
    header = await readExactly(iterator, COMMITMENT_BYTES, first.rest);
    // Checked before any chunk: bytes crafted to open under another reader's key stop here.
    if (header.bytes.length < COMMITMENT_BYTES || !constantTimeEqual(header.bytes, commitment))
      throw new EvidenceTamperedError(what, "the file is not committed to this key");
  }

  const rest = (async function* () {
    if (header.rest.length > 0) yield header.rest;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  // Format 2's first chunk shares its block with the header; format 1's chunks all have the full size.
  const firstSealed = (format === 2 ? chunkSize - V2_HEADER_BYTES : chunkSize) + TAG_BYTES;
  // As when sealing, one chunk opened ahead while the consumer takes the one before.
  let index = 0;
  let ahead: Promise<Uint8Array> | undefined;
  for await (const [sealed, last] of rechunk(rest, firstSealed, chunkSize + TAG_BYTES)) {
    const at = index++;
    const opening = (async () => {
      try {
        if (sealed.length < TAG_BYTES) throw new Error("shorter than a tag");
        return await cipher.open(chunkNonce(at, last), sealed);
      } catch {
        throw new EvidenceTamperedError(what, `chunk ${at} does not authenticate${last ? " (or the file was truncated)" : ""}`);
      }
    })();
    opening.catch(() => {}); // awaited below, in order
    if (ahead) yield await ahead;
    ahead = opening;
  }
  if (ahead) yield await ahead;
}

function formatOf(header: Uint8Array): 1 | 2 | undefined {
  if (header.length < V1_HEADER_BYTES) return undefined;
  const startsWith = (magic: Uint8Array) => magic.every((b, i) => header[i] === b);
  return startsWith(MAGIC_V2) ? 2 : startsWith(MAGIC_V1) ? 1 : undefined;
}

/** The first `length` bytes and what came with them; no copy when the first piece holds them all. */
async function readExactly(
  iterator: AsyncIterator<Uint8Array>,
  length: number,
  start: Uint8Array,
): Promise<{ bytes: Uint8Array; rest: Uint8Array }> {
  let bytes = start;
  while (bytes.length < length) {
    const next = await iterator.next();
    if (next.done) break;
    if (bytes.length === 0) {
      bytes = next.value;
      continue;
    }
    const joined = new Uint8Array(bytes.length + next.value.length);
    joined.set(bytes);
    joined.set(next.value, bytes.length);
    bytes = joined;
  }
  return { bytes: bytes.subarray(0, length), rest: bytes.subarray(length) };
}
