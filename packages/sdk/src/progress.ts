/** The steps of filing a claim, in order. */
export type ClaimStep = "seal-evidence" | "sync-members" | "prove" | "submit";

/** One step of a long operation (a claim: sealing, uploading, proving, sending) with its progress. */
export interface ProgressEvent {
  step: ClaimStep;
  status: "start" | "done";
  /** How long the step took (on "done"). */
  ms?: number;
  detail?: string;
}

/** Hears each progress event. */
export type ProgressListener = (event: ProgressEvent) => void;

/** Runs `work` as `step`, telling the listener when it starts and ends. */
export async function step<T>(
  listener: ProgressListener | undefined,
  name: ClaimStep,
  work: () => Promise<T>,
  detail?: (result: T) => string,
): Promise<T> {
  listener?.({ step: name, status: "start" });
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  listener?.(detail ? { step: name, status: "done", ms, detail: detail(result) } : { step: name, status: "done", ms });
  return result;
}
