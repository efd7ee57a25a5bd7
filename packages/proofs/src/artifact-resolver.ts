import type { EligibilityArtifactSources } from "./artifacts.ts";

/** The circuits Mutua proves with: claims (eligibility) and anonymous ballots (vote). */
export type CircuitName = "eligibility" | "vote";

/**
 * Where a circuit's artifacts (witness wasm, proving key, verification key) come from. The SDK asks one of these and
 * never names a path: in Node the default is the files of the `@mutua/circuits` package; a browser app passes URLs
 * (`circuitArtifactsAt(new URL("circuits/", location.href))`); an operator with its own ceremony passes its own.
 */
export type CircuitArtifactResolver = (
  circuit: CircuitName,
  maxDepth: number,
) => EligibilityArtifactSources | Promise<EligibilityArtifactSources>;

/**
 * Artifacts laid out as `@mutua/circuits` builds them (`<circuit>_<depth>/<circuit>_<depth>_js/<circuit>_<depth>.wasm`,
 * `<circuit>_<depth>/<circuit>_<depth>.zkey`, `<circuit>_<depth>/verification_key.json`) under `base`: a directory
 * URL (`file:`, `https:`) ending in a slash.
 */
export function circuitArtifactsAt(base: string | URL): CircuitArtifactResolver {
  const root = new URL(base);
  if (!root.pathname.endsWith("/")) root.pathname += "/";
  return (circuit, maxDepth) => {
    const name = `${circuit}_${maxDepth}`;
    return {
      maxDepth,
      wasm: new URL(`${name}/${name}_js/${name}.wasm`, root),
      zkey: new URL(`${name}/${name}.zkey`, root),
      verificationKey: new URL(`${name}/verification_key.json`, root),
    };
  };
}
