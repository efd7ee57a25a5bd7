// A video of QR codes shown one after another, as a camera would see them held up: a Y4M file (raw YUV 4:2:0), the
// format Chromium plays as a fake camera (--use-file-for-fake-video-capture); it loops the file.
import { writeFileSync } from "node:fs";
import QRCode from "qrcode";

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 10;

/** Writes `texts` as QR codes, each held for `seconds`, to `path` (a .y4m file). */
export function writeQrVideo(path: string, texts: readonly string[], seconds = 1.5): void {
  const frames = texts.map((text) => qrFrame(text));
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128); // U and V: no colour
  const parts: Buffer[] = [header];
  for (const luma of frames) {
    for (let i = 0; i < Math.round(seconds * FPS); i++) parts.push(Buffer.from("FRAME\n"), luma, chroma);
  }
  writeFileSync(path, Buffer.concat(parts));
}

/** The luma plane of one frame: the code centred on white, as large as fits with its quiet zone. */
function qrFrame(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const quiet = 4;
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (modules.size + 2 * quiet));
  const left = Math.floor((WIDTH - modules.size * scale) / 2);
  const top = Math.floor((HEIGHT - modules.size * scale) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      for (let y = 0; y < scale; y++)
        luma.fill(
          16,
          (top + row * scale + y) * WIDTH + left + column * scale,
          (top + row * scale + y) * WIDTH + left + (column + 1) * scale,
        );
    }
  }
  return luma;
}
