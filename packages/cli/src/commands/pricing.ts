import { readFileSync, writeFileSync } from "node:fs";
import { MutuaMutualClient } from "@mutua/contracts";
import { InvalidArgumentError } from "@mutua/core";
import type { Factor, RateTable } from "@mutua/sdk";
import { buildRateTable, claimsByClass, classLevels, parseExperienceCsv, quote, rateTableHash } from "@mutua/sdk";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { formatUnits } from "ethers";
import { loadConfig } from "../config.ts";
import type { GlobalOptions } from "../context.ts";
import { chainFor } from "../context.ts";
import { USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";

export interface FitOptions {
  experience: string;
  factor: string[];
  product: string;
  unit: string;
  expense: string;
  solvency: string;
  power: string;
  tableVersion: string;
  out: string;
}

/**
 * Fits a rate table on a pool's experience (a CSV: one column per factor, then period, exposure, claims, losses),
 * for the members to adopt. The snapshot is the file's SHA-256: anyone with the file refits the same table.
 */
export async function fit(global: GlobalOptions, options: FitOptions) {
  const factors = options.factor.map(parseFactor);
  if (factors.length === 0)
    throw new InvalidArgumentError("--factor", 'name the rating factors and their levels, base first: --factor "port:Kilifi,Lamu,Mombasa"');
  let text: string;
  try {
    text = readFileSync(options.experience, "utf8");
  } catch {
    throw new InvalidArgumentError("--experience", `${options.experience} cannot be read`);
  }
  const experience = parseExperienceCsv(text, factors);
  const table = buildRateTable({
    version: Number(options.tableVersion),
    product: options.product,
    unit: options.unit,
    factors,
    experience,
    snapshot: { fromBlock: 0, toBlock: 0, blockHash: `0x${bytesToHex(sha256(new TextEncoder().encode(text)))}` },
    power: Number(options.power),
    loadings: { expenseRatio: Number(options.expense), solvencyMargin: Number(options.solvency) },
  });
  writeFileSync(options.out, `${JSON.stringify(table, (_, v) => (v === Number.POSITIVE_INFINITY ? "Infinity" : v), 2)}\n`);
  const hash = rateTableHash(table);
  report(global.json, { out: options.out, hash, rows: experience.length, coefficients: table.model.coefficients }, [
    `rate table ${table.version} for ${table.product} written to ${options.out} (${experience.length} class-periods)`,
    `  hash  ${hash}`,
    ...Object.entries(table.model.coefficients).map(([name, b]) => `  ${name.padEnd(24)} × ${Math.exp(b).toFixed(3)}`),
  ]);
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
