import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { ptauDir } from "./paths.ts";

/**
 * The dev setup's randomness is a public beacon, so anyone rebuilding gets byte-identical keys.
 * That is the point for development and CI, and exactly why it must never secure real money:
 * everybody knows the toxic waste. Production replaces it with a multi-party ceremony (docs/trusted-setup.md).
 */
export const DEV_BEACON_LABEL = "mutua dev setup v1 -- PUBLIC RANDOMNESS, NOT FOR PRODUCTION";
export const DEV_BEACON_HASH = createHash("sha256").update(DEV_BEACON_LABEL).digest("hex");
export const DEV_BEACON_ITERATIONS_EXP = 10;

const logger = {
  debug() {},
  info(message: string) {
    if (process.env.MUTUA_VERBOSE) console.log(message);
  },
  warn: console.warn,
  error: console.error,
};

/** Path of a phase-2-ready powers-of-tau file of the given power, generated once and reused. */
export async function devPtau(power: number): Promise<string> {
  const final = join(ptauDir, `dev_pot${power}_final.ptau`);
  if (existsSync(final)) return final;
  mkdirSync(ptauDir, { recursive: true });
  const started = Date.now();
  console.log(
    `powers of tau 2^${power}: generating the dev file once (no download is possible here; about 2.5 min on 2 cores); later builds reuse ${ptauDir}`,
  );
  const fresh = join(ptauDir, `dev_pot${power}_0.ptau`);
  const beacon = join(ptauDir, `dev_pot${power}_beacon.ptau`);
  // @types/snarkjs does not declare `curves`; it is exported by snarkjs itself.
  const curves = (snarkjs as unknown as { curves: { getCurveFromName(name: string): Promise<{ terminate(): Promise<void> }> } }).curves;
  const curve = await curves.getCurveFromName("bn128");
  try {
    await phase(`powers of tau 2^${power}`, "1/3 new accumulator", started, () =>
      snarkjs.powersOfTau.newAccumulator(curve, power, fresh, logger),
    );
    await phase(`powers of tau 2^${power}`, "2/3 public beacon", started, () =>
      snarkjs.powersOfTau.beacon(fresh, beacon, "mutua dev beacon", DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP, logger),
    );
    await phase(`powers of tau 2^${power}`, "3/3 prepare phase 2 (the longest)", started, () =>
      snarkjs.powersOfTau.preparePhase2(beacon, `${final}.partial`, logger),
    );
  } finally {
    await curve.terminate();
  }
  renameSync(`${final}.partial`, final);
  rmSync(fresh);
  rmSync(beacon);
  console.log(`powers of tau 2^${power}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return final;
}

/**
 * Runs one step of a long build, saying when it starts and, every 15 s while it runs, how long the build has
 * taken so far: minutes of silence look like a hang.
 */
export async function phase<T>(what: string, step: string, buildStarted: number, work: () => Promise<T>): Promise<T> {
  const elapsed = () => `${Math.round((Date.now() - buildStarted) / 1000)} s`;
  console.log(`${what}: ${step} (at ${elapsed()})`);
  const heartbeat = setInterval(() => console.log(`${what}: ${step}, still working (${elapsed()} so far)`), 15_000);
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
  }
}
