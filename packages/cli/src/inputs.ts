import { statSync } from "node:fs";
import { InvalidArgumentError } from "@mutua/sdk";
import { formatUnits, getAddress, isAddress, parseUnits } from "ethers";
import { userPath } from "./user-path.ts";

/** The pool token's decimals (the devnet's stand-in USDC; real USDC too). */
export const USDC_DECIMALS = 6;
const MAX_USDC = 10n ** 15n; // a billion dollars: anything larger is a typo

/**
 * A USDC amount as a person types it ("1200", "1200.50"), checked before anything is done with it; the error
 * says what to type instead.
 */
export function parseUsdc(text: string, flag: string, options: { allowZero?: boolean } = {}): bigint {
  const value = text.trim();
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new InvalidArgumentError(flag, `"${text}" is not an amount: type USDC like 1200 or 1200.50 (no sign, no exponent)`);
  }
  const decimals = value.split(".")[1]?.length ?? 0;
  if (decimals > USDC_DECIMALS) throw new InvalidArgumentError(flag, `"${text}" has ${decimals} decimals; USDC has ${USDC_DECIMALS}`);
  const amount = parseUnits(value, USDC_DECIMALS);
  if (amount === 0n && !options.allowZero) throw new InvalidArgumentError(flag, "the amount must be more than 0");
  if (amount > MAX_USDC * 10n ** BigInt(USDC_DECIMALS))
    throw new InvalidArgumentError(flag, `"${text}" USDC is more than this tool accepts`);
  return amount;
}

/** A whole number ≥ `min` (incident ids, days, seconds, policy ids). */
export function parseWholeNumber(text: string, flag: string, min = 0n): bigint {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError(flag, `"${text}" is not a whole number`);
  const value = BigInt(text.trim());
  if (value < min) throw new InvalidArgumentError(flag, `must be at least ${min}`);
  return value;
}

/** An EVM address: 0x and 40 hex digits; mixed case must be a valid EIP-55 checksum. Returned checksummed. */
export function parseAccountAddress(text: string, flag: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text) || !isAddress(text)) {
    throw new InvalidArgumentError(
      flag,
      `"${text}" is not an address: it must be 0x followed by 40 hex digits (and a valid checksum if mixed case)`,
    );
  }
  return getAddress(text);
}

/** A file the user named (see userPath), which must exist. */
export function inputFile(path: string, flag: string): string {
  const full = userPath(path);
  let isFile = false;
  try {
    isFile = statSync(full).isFile();
  } catch {
    throw new InvalidArgumentError(flag, `${path} does not exist (looked for ${full})`);
  }
  if (!isFile) throw new InvalidArgumentError(flag, `${path} is not a file`);
  return full;
}

/** Base units as USDC a person reads: 300, 1200.5 (no trailing ".0"). */
export function formatUsdc(units: bigint | string | number): string {
  return formatUnits(BigInt(units), USDC_DECIMALS).replace(/\.0$/, "");
}
