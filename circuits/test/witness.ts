import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { eligibilityArtifactPaths } from "../index.ts";

type WitnessCalculator = { calculateWitness(input: Record<string, unknown>, sanityCheck: boolean): Promise<bigint[]> };
const require = createRequire(import.meta.url);

/** circom's own witness calculator for the built circuit: it throws when any constraint assertion fails. */
export async function loadWitnessCalculator(maxDepth = 20): Promise<WitnessCalculator> {
  const paths = eligibilityArtifactPaths(maxDepth);
  const builder = require(paths.witnessCalculator) as (code: Buffer) => Promise<WitnessCalculator>;
  return builder(readFileSync(paths.wasm));
}
