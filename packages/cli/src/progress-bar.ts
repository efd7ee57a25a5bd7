import type { ProgressListener } from "@mutua/sdk";
import { Presets, SingleBar } from "cli-progress";

const STEPS = ["seal-evidence", "sync-members", "prove", "submit"] as const;
const LABELS: Record<(typeof STEPS)[number], string> = {
  "seal-evidence": "encrypting and storing evidence",
  "sync-members": "rebuilding the member tree from the chain",
  prove: "proving eligibility (zero knowledge)",
  submit: "submitting the claim",
};

/** A progress bar over the claim steps on a terminal; plain lines on stderr otherwise (CI, pipes, --json). */
export function claimProgress(quiet: boolean): { listener: ProgressListener; stop(): void } {
  const tty = process.stderr.isTTY && !quiet;
  const bar = tty
    ? new SingleBar({ format: "{bar} {percentage}% | {label}", clearOnComplete: false, stream: process.stderr }, Presets.shades_classic)
    : undefined;
  bar?.start(STEPS.length, 0, { label: "starting" });
  return {
    listener(event) {
      const index = STEPS.indexOf(event.step);
      if (event.status === "start") {
        if (bar) bar.update(index, { label: LABELS[event.step] });
        else if (!quiet) process.stderr.write(`${LABELS[event.step]}…\n`);
      } else if (bar) {
        bar.update(index + 1, { label: `${LABELS[event.step]}: ${(event.ms ?? 0).toFixed(0)} ms` });
      } else if (!quiet) {
        process.stderr.write(`  done in ${(event.ms ?? 0).toFixed(0)} ms${event.detail ? ` (${event.detail})` : ""}\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
