import { FieldRangeError, InvalidArgumentError } from "./errors.ts";

/** Order of the BN254 scalar field: every circuit signal is an integer modulo this prime. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A bigint known to be a canonical field element (0 <= x < SNARK_SCALAR_FIELD). */
export type Field = bigint & { readonly __brand: "Field" };

/**
 * Bit widths the circuit range-checks before comparing (circuits/src/eligibility.circom). Amounts are 96 bits
 * (the contracts store them as uint96): with the loss time, the disclosed class or region and the parametric
 * product they fit one public input (claim-signals.ts).
 */
export const AMOUNT_BITS = 96;
/** Bits of a unix time in a member leaf (policy start and expiry). */
export const TIME_BITS = 64;
/**
 * Narrower widths inside the public `claim` (claim-signals.ts), so that the claim's nullifier scope fits beside them:
 * a claimed amount below 2^88 (MutuaMutual's cap is a uint88, ParametricCover's payouts are bounded the same) and
 * a loss time below 2^40 (the year 36812).
 */
export const CLAIM_AMOUNT_BITS = 88;
/** Bits of the loss time packed into a claim's public input (unix seconds up to year 36812). */
export const CLAIM_TIME_BITS = 40;
/** The nullifier scope: the top 86 bits of a claim's 248-bit scope (scope.ts). */
export const NULLIFIER_SCOPE_BITS = 86;
/** A rating class or a region: a number the mutual publishes (its rate table, its parametric products). */
export const CLASS_BITS = 32;
/** Parametric products are numbered 0 to 63: a member's leaf holds the set as a 64-bit mask. */
export const PARAMETRIC_PRODUCT_COUNT = 64;

/** A value that converts to a field element: a bigint, a safe integer or decimal/hex text. */
export type FieldLike = bigint | number | string;

/** Parses a bigint, safe integer or decimal/0x string; rejects anything else with a typed error. */
export function toBigInt(value: FieldLike, name: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(name, `not a safe integer: ${value}`);
    return BigInt(value);
  }
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) return BigInt(value);
  throw new InvalidArgumentError(name, `not an integer: ${String(value)}`);
}

/** A canonical field element; a value >= the field order would silently wrap inside the circuit. */
export function toField(value: FieldLike, name: string): Field {
  const n = toBigInt(value, name);
  if (n < 0n || n >= SNARK_SCALAR_FIELD) throw new FieldRangeError(name, n, "in the BN254 scalar field");
  return n as Field;
}

/** A field element that fits in `bits` bits, as the circuit's Num2Bits checks require. */
export function toBits(value: FieldLike, bits: number, name: string): Field {
  const n = toBigInt(value, name);
  if (n < 0n || n >= 1n << BigInt(bits)) throw new FieldRangeError(name, n, `a ${bits}-bit unsigned integer`);
  return n as Field;
}
