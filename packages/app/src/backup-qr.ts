import jsQR from "jsqr";
import QRCode from "qrcode";
import { t } from "./i18n/translate.ts";
import { AppError } from "./ui/app-error.ts";

/**
 * A wallet backup as a short series of QR codes, for a phone that has no file to carry it: the same sealed text
 * as the backup file, cut into parts that each name their place ("mutua-backup 2/3 …"), so they can be scanned
 * in any order. A part holds at most 700 characters: dense codes do not scan reliably from a screen.
 */
const PART_CHARS = 700;
const PREFIX = "mutua-backup";

/** Whether a scanned QR code's text is a part of a Mutua wallet backup (other codes are passed over when scanning). */
export function isBackupPart(text: string): boolean {
  return text.startsWith(`${PREFIX} `);
}

export function backupParts(backup: string): string[] {
  const count = Math.ceil(backup.length / PART_CHARS);
  return Array.from({ length: count }, (_, i) => `${PREFIX} ${i + 1}/${count} ${backup.slice(i * PART_CHARS, (i + 1) * PART_CHARS)}`);
}

export function qrDataUrl(part: string): Promise<string> {
  return QRCode.toDataURL(part, { errorCorrectionLevel: "M", margin: 2, width: 360 });
}

/** Collects scanned parts; `complete` is the backup text once every part is in. */
export class BackupAssembler {
  readonly #parts = new Map<number, string>();
  #count: number | undefined;

  /** Adds one part's text; throws NOT_A_BACKUP_QR for any other QR code. */
  add(text: string): { have: number; count: number } {
    const match = /^mutua-backup (\d+)\/(\d+) ([\s\S]*)$/.exec(text);
    if (!match) throw new AppError("NOT_A_BACKUP_QR", t("That QR code is not part of a Mutua wallet backup."));
    const [index, count] = [Number(match[1]), Number(match[2])];
    if (this.#count !== undefined && count !== this.#count) {
      throw new AppError(
        "MIXED_BACKUPS",
        t("That QR code belongs to another backup (its part count differs). Start again with one backup."),
      );
    }
    this.#count = count;
    this.#parts.set(index, match[3] ?? "");
    return { have: this.#parts.size, count };
  }

  get complete(): string | undefined {
    if (this.#count === undefined || this.#parts.size !== this.#count) return undefined;
    return Array.from({ length: this.#count }, (_, i) => this.#parts.get(i + 1)).join("");
  }
}

/** Reads the QR code in an image (a photo or screenshot of one backup part). */
export async function readQrImage(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const code = readQr(bitmap, bitmap.width, bitmap.height);
  if (!code) throw new AppError("NO_QR_FOUND", t("No QR code was found in that image. Try a sharper, closer picture."));
  return code;
}

/** The text of the QR code in a picture (an image, or a video's current frame), if one is found. */
export function readQr(source: CanvasImageSource, width: number, height: number): string | undefined {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) throw new AppError("NO_CANVAS", t("This browser cannot read images."));
  context.drawImage(source, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height);
  // jsqr is CommonJS: its function is the module itself or its `default`, depending on the bundler's interop.
  const decode = ((jsQR as unknown as { default?: typeof jsQR.default }).default ?? jsQR) as unknown as typeof jsQR.default;
  return decode(pixels.data, pixels.width, pixels.height)?.data;
}
