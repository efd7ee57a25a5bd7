import { FIELD_BYTES } from "./field-bytes.ts";

/**
 * The level sizes of a LeanIMT subtree over `leafCount` leaves (leaves first, the root's level last: a node without a
 * right sibling is promoted, so each level is half the one below, rounded up) and the bytes all its nodes take.
 */
export function subtreeLevels(leafCount: number): { levelSizes: number[]; bytes: number } {
  const levelSizes = [leafCount];
  while ((levelSizes.at(-1) as number) > 1) levelSizes.push(Math.ceil((levelSizes.at(-1) as number) / 2));
  return { levelSizes, bytes: levelSizes.reduce((a, b) => a + b, 0) * FIELD_BYTES };
}
