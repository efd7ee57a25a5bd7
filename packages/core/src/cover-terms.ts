import { InvalidArgumentError } from "./errors.ts";
import type { Field } from "./field.ts";
import { CLASS_BITS, PARAMETRIC_PRODUCT_COUNT, toBits } from "./field.ts";

/**
 * What a member's policy says beyond the indemnity terms, committed in the leaf's sixth field (`cover`):
 * the rating class the premium was priced for (a claim discloses it, nothing finer), the region the member
 * lives and works in, and the parametric products the policy holds (a parametric claim discloses the region
 * and the product, never the class).
 */
export interface CoverTerms {
  /** The rating class of the mutual's published rate table (0: the pool as one class). uint32. */
  ratingClass?: number;
  /** The member's region, as numbered by the mutual's parametric products (0: none). uint32. */
  region?: number;
  /** The parametric products (0 to 63) the policy holds. */
  parametricProducts?: readonly number[];
}

/** Cover terms after `checkCoverTerms`: every field present and in range. */
export interface CheckedCoverTerms {
  ratingClass: number;
  region: number;
  parametricProducts: number[];
}

/** Checks cover terms (rating class, region, parametric products) fit their bits; returns them with defaults filled. */
export function checkCoverTerms(terms: CoverTerms): CheckedCoverTerms {
  const ratingClass = Number(toBits(terms.ratingClass ?? 0, CLASS_BITS, "ratingClass"));
  const region = Number(toBits(terms.region ?? 0, CLASS_BITS, "region"));
  const products = [...new Set(terms.parametricProducts ?? [])].sort((a, b) => a - b);
  for (const product of products) checkParametricProduct(product);
  if (products.length > 0 && region === 0) {
    throw new InvalidArgumentError("region", "a policy with parametric products names the member's region (a number above 0)");
  }
  return { ratingClass, region, parametricProducts: products };
}

/**
 * The cover terms that differ from the defaults, checked: what a credential or an offer writes, so that a policy
 * without them (pool-wide indemnity cover) looks as it did before they existed.
 */
export function explicitCoverTerms(terms: CoverTerms): Partial<CheckedCoverTerms> {
  const cover = checkCoverTerms(terms);
  return {
    ...(cover.ratingClass !== 0 ? { ratingClass: cover.ratingClass } : {}),
    ...(cover.region !== 0 ? { region: cover.region } : {}),
    ...(cover.parametricProducts.length > 0 ? { parametricProducts: cover.parametricProducts } : {}),
  };
}

/** Checks a parametric product id is one of the products the leaf can carry. */
export function checkParametricProduct(product: number): number {
  if (!Number.isInteger(product) || product < 0 || product >= PARAMETRIC_PRODUCT_COUNT) {
    throw new InvalidArgumentError(
      "parametricProduct",
      `a parametric product is numbered 0 to ${PARAMETRIC_PRODUCT_COUNT - 1}, got ${product}`,
    );
  }
  return product;
}

/**
 * The leaf's `cover` field: ratingClass | region << 32 | productMask << 64 (128 bits). The circuit unpacks it
 * with Num2Bits(128), so every packing has exactly one meaning.
 */
export function packCoverTerms(terms: CoverTerms): Field {
  const checked = checkCoverTerms(terms);
  let mask = 0n;
  for (const product of checked.parametricProducts) mask |= 1n << BigInt(product);
  return (BigInt(checked.ratingClass) | (BigInt(checked.region) << 32n) | (mask << 64n)) as Field;
}

/** The inverse of packCoverTerms (for reading a leaf's terms back from its field). */
export function unpackCoverTerms(cover: bigint): CheckedCoverTerms {
  const field = toBits(cover, 2 * CLASS_BITS + PARAMETRIC_PRODUCT_COUNT, "cover");
  const mask = field >> 64n;
  const parametricProducts: number[] = [];
  for (let i = 0; i < PARAMETRIC_PRODUCT_COUNT; i++) if ((mask >> BigInt(i)) & 1n) parametricProducts.push(i);
  return { ratingClass: Number(field & 0xffffffffn), region: Number((field >> 32n) & 0xffffffffn), parametricProducts };
}
