import { hashDistance, imageFingerprint } from "@mutua/evidence";
import type { RiskSignal, SeverityModel } from "@mutua/pricing";
import { amountSignal, classLevels } from "@mutua/pricing";
import type { SeenImage } from "./ballot-journal.ts";

/**
 * At most this many of the 256 bits apart, two images are the same picture (re-encoded, resized, saved as another
 * format: 0–3 bits in the tests); two pictures of one scene with different boats were 33 apart.
 */
export const NEAR_DUPLICATE_BITS = 16;
/** A camera date this long before the loss is signalled (a day's slack: EXIF carries no time zone). */
export const TAKEN_BEFORE_LOSS_SECONDS = 86_400;

/**
 * A reason for an assessor to look more closely at a claim, with its number and a sentence: never a decision, and
 * computed on the assessor's device from the decrypted evidence and public data only.
 */
export interface EvidenceSignal {
  kind: "near-duplicate" | "taken-before-loss" | RiskSignal["kind"];
  /** The evidence file it is about, if one. */
  file?: string;
  value: number;
  sentence: string;
}

/**
 * The signals of one claim's evidence: each image compared with the images of other claims this assessor has seen
 * (perceptual hashes from the sealed journal), each image's camera date against the loss time, and, with a severity
 * model, the amount's percentile among the class's expected claims (the class the proof disclosed). Returns the
 * claim's own image fingerprints too, for the journal.
 */
export async function evidenceSignals(options: {
  claimId: string;
  files: readonly { name: string; bytes: Uint8Array }[];
  /** The incident's loss time (unix seconds). */
  occurredAt: bigint;
  seen: readonly SeenImage[];
  amount?: bigint;
  ratingClass?: number;
  severity?: SeverityModel;
  money?: (units: number) => string;
}): Promise<{ signals: EvidenceSignal[]; images: SeenImage[] }> {
  const signals: EvidenceSignal[] = [];
  const images: SeenImage[] = [];
  const lossTime = Number(options.occurredAt);
  for (const file of options.files) {
    const print = await imageFingerprint(file.bytes);
    if (!print) continue;
    images.push({ claimId: options.claimId, file: file.name, hash: print.hash });
    const nearest = options.seen
      .filter((seen) => seen.claimId !== options.claimId)
      .map((seen) => ({ seen, distance: hashDistance(seen.hash, print.hash) }))
      .sort((a, b) => a.distance - b.distance)[0];
    if (nearest && nearest.distance <= NEAR_DUPLICATE_BITS) {
      signals.push({
        kind: "near-duplicate",
        file: file.name,
        value: nearest.distance,
        sentence: `${file.name} looks like ${nearest.seen.file} of claim ${nearest.seen.claimId.slice(0, 10)}… (${nearest.distance} of 256 bits apart): the same picture may have been sent with two claims.`,
      });
    }
    if (print.takenAt !== undefined && print.takenAt < lossTime - TAKEN_BEFORE_LOSS_SECONDS) {
      const days = Math.floor((lossTime - print.takenAt) / 86_400);
      signals.push({
        kind: "taken-before-loss",
        file: file.name,
        value: days,
        sentence: `${file.name} was taken ${new Date(print.takenAt * 1000).toISOString().slice(0, 10)}, ${days} days before the loss, by its camera's date (which a camera or an editor can set wrong).`,
      });
    }
  }
  const levels =
    options.severity && options.ratingClass !== undefined ? classLevels(options.severity.factors, options.ratingClass) : undefined;
  if (options.severity && levels && options.amount !== undefined && options.amount > 0n) {
    signals.push(amountSignal(options.severity, levels, Number(options.amount), options.money));
  }
  return { signals, images };
}
