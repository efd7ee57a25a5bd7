import { BackupAssembler, isBackupPart, readQr } from "./backup-qr.ts";
import { t } from "./i18n/translate.ts";
import { AppError } from "./ui/app-error.ts";

/** How often a frame of the camera is read: often enough to catch a code held up for a moment, light on a cheap phone. */
const FRAME_MS = 200;

/**
 * Restores from backup QR codes held up to the camera: the back camera's frames are read until every part is in,
 * in any order (a part seen twice counts once; any other QR code is passed over). The camera stops as soon as the
 * backup is whole, when `signal` aborts, or on any failure; nothing leaves the page.
 */
export async function scanBackupWithCamera(
  video: HTMLVideoElement,
  onPart: (progress: { have: number; count: number }) => void,
  signal: AbortSignal,
): Promise<string> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new AppError("NO_CAMERA", t("This browser cannot use a camera: add photos of the codes instead."));
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      throw new AppError("CAMERA_REFUSED", t("The camera was not allowed: allow it for this site, or add photos of the codes instead."));
    }
    throw new AppError("NO_CAMERA", t("No camera could be opened: add photos of the codes instead."));
  }
  try {
    video.srcObject = stream;
    await video.play();
    const assembler = new BackupAssembler();
    let seen = "";
    for (;;) {
      if (signal.aborted) throw new AppError("SCAN_STOPPED", t("The camera was stopped before every part was scanned."));
      if (video.videoWidth > 0) {
        const text = readQr(video, video.videoWidth, video.videoHeight);
        if (text && text !== seen && isBackupPart(text)) {
          seen = text;
          onPart(assembler.add(text)); // a part of another backup stops the scan (MIXED_BACKUPS)
          const backup = assembler.complete;
          if (backup) return backup;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, FRAME_MS));
    }
  } finally {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  }
}
