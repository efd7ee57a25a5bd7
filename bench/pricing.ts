// @mutua/pricing: fitting a rate table on 1,000 classes × 10 years (10,000 class-years, 28 coefficients) and
// quoting from it; R's glm (statmod's tweedie family) fits the same rows in the same run when R is installed
// (timed inside R, without its start-up), and the largest coefficient difference between the two is reported.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { imageFingerprint } from "@mutua/evidence";
import { buildRateTable, designMatrix, drawPool, type Factor, fitTweedieGlm, poolExperience, quote } from "@mutua/pricing";
import jpeg from "jpeg-js";
import { round, summarize, timeRuns } from "./stats.ts";

const levels = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, "0")}`);
const factors: Factor[] = [
  { name: "port", levels: levels("p", 10) },
  { name: "boat", levels: levels("b", 10) },
  { name: "length", levels: levels("l", 10) },
];

export async function benchPricing(log: (line: string) => void) {
  const relativities = Object.fromEntries(factors.flatMap((f) => f.levels.slice(1).map((l, i) => [`${f.name}=${l}`, 0.8 + 0.05 * i])));
  const pool = drawPool({
    seed: 3,
    factors,
    years: 10,
    exposure: [20, 200],
    frequency: 0.1,
    severity: 1_000,
    severityShape: 2,
    frequencyRelativities: relativities,
    severityRelativities: {},
  });
  const X = designMatrix(
    factors,
    pool.map((r) => r.levels),
  );
  const y = pool.map((r) => r.losses / r.exposure);
  const weights = pool.map((r) => r.exposure);
  const fit = () => fitTweedieGlm({ X, y, weights }, { power: 1.5 });
  const experience = poolExperience(pool);
  const build = () =>
    buildRateTable({
      version: 1,
      product: "boats",
      unit: "boat-year",
      factors,
      experience,
      snapshot: { fromBlock: 0, toBlock: 1, blockHash: "0x00" },
      loadings: { expenseRatio: 0.1, solvencyMargin: 0.05 },
    });
  const table = build();
  const ours = fit();
  const results: Record<string, unknown> = {
    rows: pool.length,
    coefficients: ours.coefficients.length,
    glmFit: summarize(await timeRuns(async () => fit(), 10, 1)),
    rateTableBuild: summarize(await timeRuns(async () => build(), 5, 1)),
    // A thousand quotes a run: one takes microseconds.
    quote1000: summarize(
      await timeRuns(
        async () => {
          for (let i = 0; i < 1_000; i++) quote(table, { port: "p03", boat: "b07", length: "l02" }, 1);
        },
        20,
        2,
      ),
    ),
  };
  // The assessor's image signal: a photo's perceptual hash and camera date, as a phone sends it (1600 × 1200) and at a
  // camera's full 12 megapixels (pure-JavaScript decoding, on the assessor's own device).
  for (const [name, width, height] of [
    ["imageFingerprint2MP", 1_600, 1_200],
    ["imageFingerprint12MP", 4_000, 3_000],
  ] as const) {
    const photo = photoOf(width, height);
    results[name] = summarize(await timeRuns(async () => void (await imageFingerprint(photo)), 5, 1));
  }
  const r = fitInR(pool, ours.coefficients);
  if (r) Object.assign(results, r);
  log(
    `GLM fit, ${pool.length} class-years × ${ours.coefficients.length} coefficients: median ${(results.glmFit as { medianMs: number }).medianMs} ms`,
  );
  log(
    `rate table (GLM + credibility): median ${(results.rateTableBuild as { medianMs: number }).medianMs} ms; quote: median ${round((results.quote1000 as { medianMs: number }).medianMs, 3)} µs`,
  );
  log(
    `image fingerprint (decode + 256-bit blockhash + EXIF): 2 MP median ${(results.imageFingerprint2MP as { medianMs: number }).medianMs} ms, 12 MP ${(results.imageFingerprint12MP as { medianMs: number }).medianMs} ms`,
  );
  if (r) log(`R glm on the same rows: median ${r.rGlmFitMs} ms; largest coefficient difference ${r.maxCoefficientDifference}`);
  else log("R is not installed: no peer in this run (apt install r-base-core r-cran-statmod)");
  return results;
}

/** A JPEG of a smooth scene with some texture, `width` × `height`, quality 85. */
function photoOf(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([(x * 255) / width, (y * 255) / height, (x ^ y) & 255, 255], (y * width + x) * 4);
  return new Uint8Array(jpeg.encode({ width, height, data }, 85).data);
}

function fitInR(pool: ReturnType<typeof drawPool>, coefficients: number[]) {
  const dir = mkdtempSync(join(tmpdir(), "mutua-bench-r-"));
  try {
    const csv = [
      "port,boat,length,exposure,losses",
      ...pool.map((r) => `${r.levels.port},${r.levels.boat},${r.levels.length},${r.exposure},${r.losses}`),
    ];
    writeFileSync(join(dir, "pool.csv"), csv.join("\n"));
    const script = `suppressPackageStartupMessages(library(statmod))
d <- read.csv("${join(dir, "pool.csv")}")
for (f in c("port", "boat", "length")) d[[f]] <- factor(d[[f]], levels = sort(unique(d[[f]])))
d$pp <- d$losses / d$exposure
fit <- function() glm(pp ~ port + boat + length, family = tweedie(var.power = 1.5, link.power = 0), weights = exposure, data = d, control = glm.control(epsilon = 1e-12, maxit = 100))
times <- sapply(1:10, function(i) system.time(fit())[["elapsed"]])
cat(median(times) * 1000, "\\n")
cat(coef(fit()), sep = "\\n")
`;
    writeFileSync(join(dir, "fit.R"), script);
    const out = execFileSync("Rscript", [join(dir, "fit.R")], { encoding: "utf8" })
      .trim()
      .split("\n");
    const theirs = out.slice(1).map(Number);
    const maxCoefficientDifference = Math.max(...theirs.map((b, i) => Math.abs(b - (coefficients[i] as number))));
    return { rGlmFitMs: round(Number(out[0]), 2), maxCoefficientDifference: Number(maxCoefficientDifference.toExponential(2)) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
