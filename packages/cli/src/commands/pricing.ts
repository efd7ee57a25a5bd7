import { readFileSync, writeFileSync } from "node:fs";
import { InvalidArgumentError } from "@mutua/core";
import type { Factor, RateTable } from "@mutua/sdk";
import { buildRateTable, parseExperienceCsv, quote, rateTableHash } from "@mutua/sdk";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { GlobalOptions } from "../context.ts";
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
  let table: RateTable;
  try {
    table = JSON.parse(readFileSync(options.table, "utf8")) as RateTable;
  } catch {
    throw new InvalidArgumentError("--table", `${options.table} is not a rate table file (from \`mutua pricing fit\`)`);
  }
  const levels = Object.fromEntries(
    options.class.split(",").map((pair) => {
      const [name, level] = pair.split("=");
      if (!name || !level) throw new InvalidArgumentError("--class", `"${pair}" is not factor=level`);
      return [name.trim(), level.trim()];
    }),
  );
  const exposure = Number(options.exposure);
  const result = quote(table, levels, exposure);
  report(global.json, { premium: result.premium, rate: result.rate, table: rateTableHash(table), lines: result.lines }, [
    ...result.lines.map((line) => line.sentence),
    `(rate table ${table.version}, ${rateTableHash(table)})`,
  ]);
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
