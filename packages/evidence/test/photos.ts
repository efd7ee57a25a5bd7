// Photos for tests: drawn scenes (a gradient sea with boats), encoded as JPEG (jpeg-js) with a camera date written by
// piexifjs, so the desk's reading (exifr, blockhash) is checked against other libraries' writing.
import jpeg from "jpeg-js";
import piexif from "piexifjs";

/** A 320 × 240 scene: a sky-to-sea gradient with a few boats (rectangles) placed by `seed`. */
export function scene(seed: number, width = 320, height = 240): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(width * height * 4);
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const boats = Array.from({ length: 6 }, () => ({
    x: next() * width,
    y: next() * height,
    w: 20 + next() * 60,
    h: 10 + next() * 30,
    shade: next() * 255,
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const boat = boats.find((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h);
      const sky = (y / height) * 200;
      const v = boat ? boat.shade : sky;
      data.set([v, boat ? v : sky * 0.8, boat ? 255 - v : 255 - sky / 2, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** Half the size, each pixel the mean of four. */
export function halve(image: { width: number; height: number; data: Uint8Array }) {
  const width = image.width / 2;
  const height = image.height / 2;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++) {
        const at = (dx: number, dy: number) => image.data[((2 * y + dy) * image.width + 2 * x + dx) * 4 + c] as number;
        data[(y * width + x) * 4 + c] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4;
      }
  return { width, height, data };
}

export const toJpeg = (image: ReturnType<typeof scene>, quality: number) => new Uint8Array(jpeg.encode(image, quality).data);

export function withCameraDate(jpegBytes: Uint8Array, date: string): Uint8Array {
  const exif = piexif.dump({ "0th": {}, Exif: { [piexif.ExifIFD.DateTimeOriginal]: date } });
  return new Uint8Array(Buffer.from(piexif.insert(exif, Buffer.from(jpegBytes).toString("latin1")), "latin1"));
}
