// Evidence throughput (encrypt+store, pin, fetch+decrypt) for 1, 10 and 100 MB on an on-disk Helia node, and
// the memory a file costs (each size runs in its own process; RSS growth over the idle process, per phase).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { median, round } from "./stats.ts";

const SIZES = [
  { mb: 1, runs: 7 },
  { mb: 10, runs: 5 },
  { mb: 100, runs: 3 },
  // One 1 GB run: memory must not grow with the file.
  { mb: 1000, runs: 1 },
];

interface WorkerResult {
  encryptStoreMs: number[];
  pinMs: number[];
  fetchDecryptMs: number[];
  rawAddMs: number[];
  rawCatMs: number[];
  baselineRssMiB: number;
  peakRssMiB: number;
  phasePeakMiB: Record<"seal" | "pin" | "fetch" | "peer", number>;
}

export async function benchEvidence(log: (line: string) => void) {
  const results: Record<string, unknown> = {};
  for (const { mb, runs } of SIZES) {
    const output = execFileSync(
      process.execPath,
      ["--conditions=source", "--expose-gc", join(import.meta.dirname, "evidence-worker.ts"), String(mb), String(runs)],
      {
        encoding: "utf8",
        maxBuffer: 2 ** 24,
      },
    );
    const worker = JSON.parse(output.trim().split("\n").at(-1) as string) as WorkerResult;
    const store = median(worker.encryptStoreMs);
    const fetch = median(worker.fetchDecryptMs);
    const pin = median(worker.pinMs);
    const rawAdd = median(worker.rawAddMs);
    const rawCat = median(worker.rawCatMs);
    const entry = {
      runs,
      encryptStoreMedianMs: round(store),
      encryptStoreMBps: round(mb / (store / 1000), 1),
      pinMedianMs: round(pin),
      pinMBps: round(mb / (pin / 1000), 1),
      fetchDecryptMedianMs: round(fetch),
      fetchDecryptMBps: round(mb / (fetch / 1000), 1),
      // The peer in the same process and store: raw Helia addByteStream / cat of the same amount, no encryption.
      rawHeliaAddMBps: round(mb / (rawAdd / 1000), 1),
      rawHeliaCatMBps: round(mb / (rawCat / 1000), 1),
      sealOverRawAdd: round(rawAdd / store, 2),
      openOverRawCat: round(rawCat / fetch, 2),
      peakRssMiB: round(Math.max(worker.phasePeakMiB.seal, worker.phasePeakMiB.pin, worker.phasePeakMiB.fetch), 1),
      rssGrowthMiB: round(
        Math.max(worker.phasePeakMiB.seal, worker.phasePeakMiB.pin, worker.phasePeakMiB.fetch) - worker.baselineRssMiB,
        1,
      ),
      rssGrowthByPhaseMiB: Object.fromEntries(
        Object.entries(worker.phasePeakMiB).map(([k, v]) => [k, round(v - worker.baselineRssMiB, 1)]),
      ),
    };
    results[`${mb}MB`] = entry;
    log(
      `${String(mb).padStart(3)} MB: encrypt+store ${entry.encryptStoreMBps} MB/s (median ${entry.encryptStoreMedianMs} ms), ` +
        `pin ${entry.pinMBps} MB/s, fetch+decrypt ${entry.fetchDecryptMBps} MB/s, peak RSS ${entry.peakRssMiB} MiB (+${entry.rssGrowthMiB} MiB over idle); ` +
        `raw Helia add ${entry.rawHeliaAddMBps} MB/s (seal ${entry.sealOverRawAdd}×), cat ${entry.rawHeliaCatMBps} MB/s (open ${entry.openOverRawCat}×)`,
    );
  }
  return results;
}
