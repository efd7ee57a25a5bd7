import { loadImageLibraries } from "./lazy-libraries.ts";

type ImageLibraries = Awaited<ReturnType<typeof loadImageLibraries>>;

/**
 * What an assessor's desk reads of an evidence image, on the assessor's device only: a perceptual hash (blockhash,
 * 256 bits: near-identical pictures, re-encoded, resized or lightly edited, differ in few bits) and the date its
 * camera wrote (EXIF DateTimeOriginal, else CreateDate), which anyone can set and many apps strip.
 */
export interface ImageFingerprint {
  /** 64 hex digits. */
  hash: string;
  width: number;
  height: number;
  /** The camera's date as unix seconds, its wall-clock time read as UTC (EXIF carries no zone): ± 14 hours. */
  takenAt?: number;
}

/** The largest image decoded (a claimant's "photo" could be a decompression bomb aimed at the assessor's device). */
export const MAX_IMAGE_MEGAPIXELS = 50;
const HASH_SIDE = 16; // 16 × 16 blocks: a 256-bit hash

/**
 * The fingerprint of a JPEG or PNG (recognised by its bytes, not the name or type the claimant gave it); undefined
 * for anything else, or an image that does not decode or is larger than MAX_IMAGE_MEGAPIXELS.
 */
export async function imageFingerprint(bytes: Uint8Array): Promise<ImageFingerprint | undefined> {
  const libraries = await loadImageLibraries();
  const pixels = decodeImage(bytes, libraries);
  if (!pixels) return undefined;
  const takenAt = await cameraDate(bytes);
  return {
    hash: libraries.bmvbhash(pixels, HASH_SIDE),
    width: pixels.width,
    height: pixels.height,
    ...(takenAt !== undefined ? { takenAt } : {}),
  };
}

/** How many of the 256 bits two fingerprints' hashes differ in. */
export function hashDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    let x = Number.parseInt(a[i] ?? "0", 16) ^ Number.parseInt(b[i] ?? "0", 16);
    for (; x; x &= x - 1) distance++;
  }
  return distance;
}

function decodeImage(
  bytes: Uint8Array,
  { jpeg, decodePng }: ImageLibraries,
): { width: number; height: number; data: Uint8Array } | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
      const image = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_IMAGE_MEGAPIXELS,
        maxMemoryUsageInMB: MAX_IMAGE_MEGAPIXELS * 4 + 64,
      });
      return { width: image.width, height: image.height, data: image.data };
    }
    if (isPng(bytes)) {
      // The header's size is checked before anything is inflated.
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (view.getUint32(16) * view.getUint32(20) > MAX_IMAGE_MEGAPIXELS * 1_000_000) return undefined;
      return rgba(decodePng(bytes));
    }
  } catch {
    return undefined; // not an image this desk reads: no fingerprint, no signal
  }
  return undefined;
}

function isPng(bytes: Uint8Array): boolean {
  return [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b) && bytes.length > 24;
}

/** A decoded PNG (grey, grey + alpha, RGB, RGBA; 8 or 16 bits; palettes expanded) as 8-bit RGBA. */
function rgba(png: ReturnType<ImageLibraries["decodePng"]>): { width: number; height: number; data: Uint8Array } {
  const { width, height, channels, depth } = png;
  const out = new Uint8Array(width * height * 4);
  const palette = png.palette;
  const scale = depth === 16 ? 1 / 257 : depth < 8 ? 255 / (2 ** depth - 1) : 1;
  for (let p = 0; p < width * height; p++) {
    let r: number;
    let g: number;
    let b: number;
    let a = 255;
    if (palette) {
      const entry = palette[png.data[p] as number] ?? [0, 0, 0];
      [r, g, b] = [entry[0] as number, entry[1] as number, entry[2] as number];
      a = (entry[3] as number | undefined) ?? 255;
    } else {
      const at = (c: number) => Math.round(((png.data[p * channels + c] as number) ?? 0) * scale);
      if (channels <= 2) {
        r = g = b = at(0);
        if (channels === 2) a = at(1);
      } else {
        [r, g, b] = [at(0), at(1), at(2)];
        if (channels === 4) a = at(3);
      }
    }
    out.set([r, g, b, a], p * 4);
  }
  return { width, height, data: out };
}

/** The EXIF date a camera wrote ("2026:11:20 06:41:09"), as unix seconds read as UTC; undefined without one. */
async function cameraDate(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const { exifr } = await loadImageLibraries();
    const tags = (await exifr.parse(bytes, { pick: ["DateTimeOriginal", "CreateDate"], reviveValues: false })) as
      | { DateTimeOriginal?: string; CreateDate?: string }
      | undefined;
    const text = tags?.DateTimeOriginal ?? tags?.CreateDate;
    const match = text && /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(text);
    if (!match) return undefined;
    const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
    const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
    return Number.isFinite(ms) ? ms / 1000 : undefined;
  } catch {
    return undefined;
  }
}
