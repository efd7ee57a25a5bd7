import type { Factor } from "./design-matrix.ts";
import { PricingError } from "./errors.ts";

/**
 * The number a rating class has in the member leaf and in every claim that discloses it: 1 + the class's levels
 * read as a mixed-radix number (the first factor's level is the lowest digit). 0 is the pool as one class. The
 * factors' declared order decides it, so anyone with the rate table maps numbers to classes and back.
 */
export function classNumber(factors: readonly Factor[], levels: Record<string, string>): number {
  let number = 0;
  let scale = 1;
  for (const factor of factors) {
    const index = factor.levels.indexOf(levels[factor.name] ?? "");
    if (index < 0)
      throw new PricingError("UNKNOWN_LEVEL", `"${levels[factor.name]}" is not a level of ${factor.name} (${factor.levels.join(", ")})`);
    number += index * scale;
    scale *= factor.levels.length;
  }
  if (scale >= 2 ** 32) throw new PricingError("TOO_MANY_CLASSES", `${scale} classes do not fit the leaf's 32-bit class number`);
  return number + 1;
}

/** The class a number names (the inverse of classNumber); undefined for 0 (the whole pool) or a number past the last class. */
export function classLevels(factors: readonly Factor[], number: number): Record<string, string> | undefined {
  if (!Number.isInteger(number) || number < 1) return undefined;
  let rest = number - 1;
  const levels: Record<string, string> = {};
  for (const factor of factors) {
    levels[factor.name] = factor.levels[rest % factor.levels.length] as string;
    rest = Math.floor(rest / factor.levels.length);
  }
  return rest === 0 ? levels : undefined;
}
