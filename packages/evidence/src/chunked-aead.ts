import type { AesKey } from "./crypto-primitives.ts";
import { aesGcmKey, aesGcmOpen, aesGcmSeal, hkdfSha256 } from "./crypto-primitives.ts";
import { EvidenceTamperedError } from "./errors.ts";

/**
 * Streaming authenticated encryption (the STREAM construction, as in age and Tink's streaming AEAD):
 * AES-256-GCM over fixed-size chunks. Each file gets its own key, HKDF-SHA256(contentKey, salt), so the
 * nonce can be a counter: 11 bytes of chunk index and 1 byte that is 1 only on the last chunk. Reordered,
 * dropped, duplicated or truncated chunks fail to authenticate.
 *
 * AES-256-GCM through Web Crypto, one call per 1 MiB chunk: OpenSSL in Node (about 1 GB/s here), the browser's
 * own AES in the member app; @noble/ciphers' XChaCha20-Poly1305 measured 105 MB/s, too slow for the bulk.
 *
 * Format: "MUTUAEV1" | salt (16) | chunk size (u32 BE) | chunks: ciphertext + 16-byte tag.
 */
export const CHUNK_SIZE = 1 << 20;
const MAGIC = new TextEncoder().encode("MUTUAEV1");
const HEADER_BYTES = MAGIC.length + 16 + 4;
const TAG_BYTES = 16;
const MAX_CHUNK_SIZE = 16 << 20;

function fileKey(contentKey: Uint8Array, salt: Uint8Array): Promise<AesKey> {
  return aesGcmKey(hkdfSha256(contentKey, salt, "mutua/evidence/file/v1", 32));
}

function chunkNonce(index: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(3, BigInt(index));
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Re-chunks any byte stream into pieces of exactly `size` bytes (the last may be shorter). */
async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const piece of source) {
    let offset = 0;
    // Whole chunks pass through without a copy (fewer short-lived megabyte buffers, less memory churn).
    while (filled === 0 && piece.length - offset >= size) {
      yield piece.subarray(offset, offset + size);
      offset += size;
    }
    while (offset < piece.length) {
      const take = Math.min(size - filled, piece.length - offset);
      buffer.set(piece.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  yield buffer.subarray(0, filled);
}

/** Holds one item back so the consumer learns which item is the last. */
async function* withLast<T>(source: AsyncIterable<T>): AsyncGenerator<[T, boolean]> {
  const iterator = source[Symbol.asyncIterator]();
  let current = await iterator.next();
  while (!current.done) {
    const next = await iterator.next();
    yield [current.value, next.done === true];
    current = next;
  }
}

export async function* encryptChunks(
  contentKey: Uint8Array,
  plaintext: AsyncIterable<Uint8Array>,
  chunkSize = CHUNK_SIZE,
): AsyncGenerator<Uint8Array> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await fileKey(contentKey, salt);
  const header = new Uint8Array(HEADER_BYTES);
  header.set(MAGIC, 0);
  header.set(salt, MAGIC.length);
  new DataView(header.buffer).setUint32(MAGIC.length + 16, chunkSize);
  yield header;
  // One chunk sealed ahead: Web Crypto encrypts it on another thread while the consumer hashes and stores the one
  // before (the importer's SHA-256 and the block writes run on this thread).
  let index = 0;
  let ahead: Promise<Uint8Array> | undefined;
  for await (const [chunk, last] of withLast(rechunk(plaintext, chunkSize))) {
    const sealing = aesGcmSeal(key, chunkNonce(index++, last), chunk);
    sealing.catch(() => {}); // awaited below, in order
    if (ahead) yield await ahead;
    ahead = sealing;
  }
  if (ahead) yield await ahead;
}

/** Decrypts what encryptChunks produced; throws EvidenceTamperedError (naming `what`) on any change. */
export async function* decryptChunks(
  contentKey: Uint8Array,
  ciphertext: AsyncIterable<Uint8Array>,
  what: string,
): AsyncGenerator<Uint8Array> {
  const iterator = ciphertext[Symbol.asyncIterator]();
  const header = await readExactly(iterator, HEADER_BYTES, new Uint8Array(0));
  if (header.bytes.length < HEADER_BYTES || !MAGIC.every((b, i) => header.bytes[i] === b)) {
    throw new EvidenceTamperedError(what, "not an encrypted evidence file (bad header)");
  }
  const salt = header.bytes.slice(MAGIC.length, MAGIC.length + 16);
  const chunkSize = new DataView(header.bytes.buffer, header.bytes.byteOffset).getUint32(MAGIC.length + 16);
  if (chunkSize === 0 || chunkSize > MAX_CHUNK_SIZE) throw new EvidenceTamperedError(what, `implausible chunk size ${chunkSize}`);
  const key = await fileKey(contentKey, salt);

  const rest = (async function* () {
    if (header.rest.length > 0) yield header.rest;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  // As when sealing, one chunk opened ahead while the consumer takes the one before.
  let index = 0;
  let ahead: Promise<Uint8Array> | undefined;
  for await (const [sealed, last] of withLast(rechunk(rest, chunkSize + TAG_BYTES))) {
    const at = index++;
    const opening = (async () => {
      try {
        if (sealed.length < TAG_BYTES) throw new Error("shorter than a tag");
        return await aesGcmOpen(key, chunkNonce(at, last), sealed);
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

async function readExactly(
  iterator: AsyncIterator<Uint8Array>,
  length: number,
  start: Uint8Array,
): Promise<{ bytes: Uint8Array; rest: Uint8Array }> {
  let bytes = start;
  while (bytes.length < length) {
    const next = await iterator.next();
    if (next.done) break;
    const joined = new Uint8Array(bytes.length + next.value.length);
    joined.set(bytes);
    joined.set(next.value, bytes.length);
    bytes = joined;
  }
  return { bytes: bytes.subarray(0, length), rest: bytes.subarray(length) };
}
