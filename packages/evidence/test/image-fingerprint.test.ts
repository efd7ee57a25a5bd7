// What an assessor's desk reads of an evidence image: the same picture re-encoded, resized or saved as another format
// stays within a few bits; another picture does not; the camera date is read (written here by piexifjs, another
// library); a claimant's decompression bomb or a file that only claims to be an image yields nothing.
import { encode as encodePng } from "fast-png";
import { describe, expect, it } from "vitest";
import { hashDistance, imageFingerprint } from "../src/index.ts";
import { halve, scene, toJpeg, withCameraDate } from "./photos.ts";

describe("image fingerprints", () => {
  it("the same picture re-encoded, halved or saved as PNG is a few bits apart; another picture of the same scene is far", async () => {
    const picture = scene(1);
    const original = await imageFingerprint(toJpeg(picture, 90));
    const recompressed = await imageFingerprint(toJpeg(picture, 35));
    const halved = await imageFingerprint(toJpeg(halve(picture), 80));
    const png = await imageFingerprint(encodePng(picture));
    const other = await imageFingerprint(toJpeg(scene(2), 90));
    if (!original || !recompressed || !halved || !png || !other) throw new Error("an image did not decode");
    expect(original).toMatchObject({ width: 320, height: 240 });
    expect(original.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashDistance(original.hash, recompressed.hash)).toBeLessThanOrEqual(6);
    expect(hashDistance(original.hash, halved.hash)).toBeLessThanOrEqual(6);
    expect(hashDistance(original.hash, png.hash)).toBeLessThanOrEqual(6);
    // Another picture of the same harbour (same sky, other boats) is still far: 33 bits here, where the desk's
    // near-duplicate line is 16 (the SDK's NEAR_DUPLICATE_BITS).
    expect(hashDistance(original.hash, other.hash)).toBeGreaterThan(24);
  });

  it("reads the camera's date (EXIF DateTimeOriginal) as UTC wall-clock time; none when the camera wrote none", async () => {
    const bytes = withCameraDate(toJpeg(scene(3), 85), "2026:03:03 10:15:00");
    expect((await imageFingerprint(bytes))?.takenAt).toBe(Date.UTC(2026, 2, 3, 10, 15, 0) / 1000);
    expect((await imageFingerprint(toJpeg(scene(3), 85)))?.takenAt).toBeUndefined();
  });

  it("refuses what only claims to be an image, and images too large to decode safely, without decoding them", async () => {
    expect(await imageFingerprint(new TextEncoder().encode("not a photo at all"))).toBeUndefined();
    expect(await imageFingerprint(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))).toBeUndefined();
    // A PNG header announcing 100,000 × 100,000 pixels (a decompression bomb): refused from its header.
    const bomb = encodePng({ width: 1, height: 1, data: new Uint8Array(4), channels: 4 });
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    view.setUint32(16, 100_000);
    view.setUint32(20, 100_000);
    const started = performance.now();
    expect(await imageFingerprint(bomb)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5_000); // a guard against decoding it, not a speed check
    // A JPEG whose frame says 60,000 × 60,000.
    const big = toJpeg(scene(4, 16, 16), 80);
    const sof = big.findIndex((b, i) => b === 0xff && big[i + 1] === 0xc0);
    new DataView(big.buffer, big.byteOffset).setUint16(sof + 5, 60_000);
    new DataView(big.buffer, big.byteOffset).setUint16(sof + 7, 60_000);
    expect(await imageFingerprint(big)).toBeUndefined();
  });
});
