import { readFileSync, writeFileSync } from "node:fs";
import type { ExperienceRow, ExperienceSnapshot, Factor, RateTable } from "@mutua/sdk";
import {
  buildRateTable,
  claimsByClass,
  classLevels,
  experienceFromChain,
  fairnessReport,
  fileSnapshot,
  InvalidArgumentError,
  MutuaError,
  MutuaMutualClient,
  parseExperienceCsv,
  quote,
  RateTablesClient,
  rateTableHash,
  verifyRateTable,
} from "@mutua/sdk";
import { formatUnits } from "ethers";
import { loadConfig } from "../config.ts";
import type { GlobalOptions } from "../context.ts";
import { chainFor } from "../context.ts";
import { USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";

export interface FitOptions {
  experience?: string;
  fromChain?: boolean;
  toBlock?: string;
  periodDays: string;
  factor: string[];
  product: string;
  unit: string;
  expense: string;
  solvency: string;
  power: string;
  tableVersion: string;
  monotone: string[];
  out: string;
}

/**
 * Fits a rate table for the members to adopt, on a pool's experience: a CSV (one column per factor, then period,
 * exposure, claims, losses; the snapshot is the file's SHA-256), or with `--from-chain` the mutual's own events (the
 * snapshot is the block range and the last block's hash). Either way anyone refits the same table (`pricing verify`).
 */
export async function fit(global: GlobalOptions, options: FitOptions) {
  const factors = options.factor.map(parseFactor);
  if (factors.length === 0)
    throw new InvalidArgumentError("--factor", 'name the rating factors and their levels, base first: --factor "port:Kilifi,Lamu,Mombasa"');
  if ((options.experience === undefined) === (options.fromChain !== true))
    throw new InvalidArgumentError(
      "--experience",
      "fit on an experience file (--experience <csv>) or on the chain's events (--from-chain), one of them",
    );
  const monotone = options.monotone.map((text) => parseMonotone(text, factors));
  const { experience, snapshot } = options.experience
    ? experienceFromFile(options.experience, factors)
    : await experienceOnChain(global, factors, options);
  if (experience.length === 0)
    throw new MutuaError("NO_EXPERIENCE", "no class of these factors has any exposure in this experience: nothing to fit");
  const table = buildRateTable({
    version: Number(options.tableVersion),
    product: options.product,
    unit: options.unit,
    factors,
    experience,
    snapshot,
    power: Number(options.power),
    loadings: { expenseRatio: Number(options.expense), solvencyMargin: Number(options.solvency) },
  });
  // The fairness checks published with the table: the factors are the declared ones, each declared monotonicity holds.
  const fairness = fairnessReport(table, {
    allowedFactors: factors.map((f) => f.name),
    monotone,
  });
  writeFileSync(options.out, `${JSON.stringify(table, (_, v) => (v === Number.POSITIVE_INFINITY ? "Infinity" : v), 2)}\n`);
  const fairnessFile = options.out.replace(/(\.json)?$/, ".fairness.json");
  writeFileSync(fairnessFile, `${JSON.stringify(fairness, null, 2)}\n`);
  const hash = rateTableHash(table);
  report(global.json, { out: options.out, hash, rows: experience.length, coefficients: table.model.coefficients, fairness }, [
    `rate table ${table.version} for ${table.product} written to ${options.out} (${experience.length} class-periods)`,
    `  hash  ${hash}`,
    ...Object.entries(table.model.coefficients).map(([name, b]) => `  ${name.padEnd(24)} × ${Math.exp(b).toFixed(3)}`),
    `fairness (${fairnessFile}): ${fairness.passed ? "every declared check holds" : "CHECKS FAIL: the members should not adopt it as it is"}`,
    ...fairness.findings.map((finding) => `  ${finding}`),
    ...fairness.effects.map((e) => `  ${e.factor} moves a premium up to × ${e.spread.toFixed(2)} between its levels`),
  ]);
}

/** "length:increasing": a factor whose relativities must rise (or fall) along its declared levels. */
function parseMonotone(text: string, factors: Factor[]): { factor: string; direction: "increasing" | "decreasing" } {
  const [factor, direction] = text.split(":").map((part) => part.trim());
  if (!factor || !factors.some((f) => f.name === factor) || (direction !== "increasing" && direction !== "decreasing"))
    throw new InvalidArgumentError("--monotone", `"${text}" is not factor:increasing or factor:decreasing for one of the --factor names`);
  return { factor, direction };
}

function experienceFromFile(path: string, factors: Factor[]): { experience: ExperienceRow[]; snapshot: ExperienceSnapshot } {
  const text = readText(path);
  return { experience: parseExperienceCsv(text, factors), snapshot: fileSnapshot(text) };
}

async function experienceOnChain(
  global: GlobalOptions,
  factors: Factor[],
  options: { toBlock?: string; periodDays: string },
): Promise<{ experience: ExperienceRow[]; snapshot: ExperienceSnapshot }> {
  const config = loadConfig(global);
  if (!config.deployment.rateTables)
    throw new MutuaError("NO_RATE_TABLES", "this mutual was deployed without rate tables: no class sizes on-chain");
  const runner = await chainFor(config);
  const days = Number(options.periodDays);
  if (!(Number.isInteger(days) && days >= 1))
    throw new InvalidArgumentError("--period-days", `${options.periodDays} is not a whole number of days`);
  const toBlock = options.toBlock === undefined ? undefined : Number(options.toBlock);
  if (toBlock !== undefined && !(Number.isInteger(toBlock) && toBlock >= 0))
    throw new InvalidArgumentError("--to-block", `${options.toBlock} is not a block number`);
  const read = await experienceFromChain({
    mutual: new MutuaMutualClient(config.deployment.mutual, runner),
    rateTables: new RateTablesClient(config.deployment.rateTables, runner),
    factors,
    fromBlock: config.deployment.fromBlock,
    ...(toBlock !== undefined ? { toBlock } : {}),
    periodSeconds: days * 86_400,
  });
  return { experience: read.rows, snapshot: read.snapshot };
}

/**
 * Checks a published rate table as any member can: its hash adopted on-chain by the members, its experience rebuilt
 * (from the chain's events between its blocks, or from the file it names) and refitted, and every number compared.
 * Fails (TABLE_NOT_VERIFIED) on any difference.
 */
export async function verify(global: GlobalOptions, options: { table: string; experience?: string }) {
  const config = loadConfig(global);
  const table = readTable(options.table);
  const result = await verifyRateTable({
    deployment: config.deployment,
    runner: await chainFor(config),
    table,
    ...(options.experience ? { experienceCsv: readText(options.experience) } : {}),
  });
  const adoption = {
    adopted: `adopted by the members as version ${table.version}`,
    "another-table-adopted": `NOT the table the members adopted as version ${table.version} (another hash is on-chain)`,
    "not-adopted": `never adopted: the members adopted no version ${table.version}`,
  }[result.adoption];
  const source =
    result.source === "chain"
      ? `blocks ${table.experience.fromBlock}–${table.experience.toBlock}${result.snapshotMatches ? " (the chain still holds that last block)" : ": the chain's block there has ANOTHER hash (reorganised, or another chain)"}`
      : `the experience file${result.snapshotMatches ? " (its SHA-256 matches)" : ": a DIFFERENT file from the one the table was fitted on"}`;
  const verified = result.adoption === "adopted" && result.snapshotMatches && result.differences.length === 0;
  const lines = [
    `rate table ${table.version} (${result.hash})`,
    `  ${adoption}`,
    `  experience: ${source}`,
    result.differences.length === 0
      ? "  refitted on that experience: every number is the same"
      : `  refitted on that experience: ${result.differences.length} number(s) differ`,
    ...result.differences.slice(0, 20).map((d) => `    ${d.path}: published ${d.expected}, refitted ${d.found}`),
    ...result.unattributed.map(
      (u) =>
        `  class ${u.ratingClass} is named by no factor of this table: ${u.exposure.toFixed(2)} exposure, ${u.claims} claim(s) left out`,
    ),
  ];
  const { refitted: _refitted, ...found } = result;
  if (!verified) throw new MutuaError("TABLE_NOT_VERIFIED", `rate table ${table.version} does not check out:\n${lines.join("\n")}`, found);
  report(global.json, { ...found, verified }, lines);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new InvalidArgumentError("--experience", `${path} cannot be read`);
  }
}

/** A premium from a rate table, every step in words: what a member is shown as "why this premium". */
export async function quoteCommand(global: GlobalOptions, options: { table: string; class: string; exposure: string }) {
  const table = readTable(options.table);
  const levels = parseClass(options.class);
  const exposure = Number(options.exposure);
  const result = quote(table, levels, exposure);
  report(global.json, { premium: result.premium, rate: result.rate, table: rateTableHash(table), lines: result.lines }, [
    ...result.lines.map((line) => line.sentence),
    `(rate table ${table.version}, ${rateTableHash(table)})`,
  ]);
}

/**
 * Each rating class's claims, rebuilt from the mutual's events alone (every claim discloses its class and nothing
 * finer): filed, paid, and paid amounts; with `--table`, each class number named by its levels.
 */
export async function claims(global: GlobalOptions, options: { table?: string }) {
  const config = loadConfig(global);
  const table = options.table ? readTable(options.table) : undefined;
  const mutual = new MutuaMutualClient(config.deployment.mutual, await chainFor(config));
  const rows = await claimsByClass(mutual, config.deployment.fromBlock);
  const name = (ratingClass: number) => {
    if (ratingClass === 0) return "the pool as one class";
    const levels = table && classLevels(table.factors, ratingClass);
    return levels
      ? Object.entries(levels)
          .map(([factor, level]) => `${factor} ${level}`)
          .join(", ")
      : `class ${ratingClass}`;
  };
  report(
    global.json,
    { classes: rows.map((r) => ({ ...r, name: name(r.ratingClass), paidAmount: formatUnits(r.paidAmount, USDC_DECIMALS) })) },
    rows.length === 0
      ? ["no claim filed yet"]
      : rows.map(
          (r) =>
            `class ${r.ratingClass} (${name(r.ratingClass)}): ${r.filed} filed, ${r.paid} paid, ${formatUnits(r.paidAmount, USDC_DECIMALS)} USDC`,
        ),
  );
}

/** "port=Lamu,boat=dhow": a member's class, factor by factor. */
export function parseClass(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split(",").map((pair) => {
      const [name, level] = pair.split("=");
      if (!name || !level) throw new InvalidArgumentError("--class", `"${pair}" is not factor=level`);
      return [name.trim(), level.trim()];
    }),
  );
}

export function readTable(path: string): RateTable {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RateTable;
  } catch {
    throw new InvalidArgumentError("--table", `${path} is not a rate table file (from \`mutua pricing fit\`)`);
  }
}

function parseFactor(text: string): Factor {
  const [name, levels] = text.split(":");
  const list = (levels ?? "")
    .split(",")
    .map((l) => l.trim())
    .filter(Boolean);
  if (!name || list.length < 2) throw new InvalidArgumentError("--factor", `"${text}" is not name:base,level,… (at least two levels)`);
  return { name: name.trim(), levels: list };
}
