import { builtCircuitArtifacts, DEFAULT_MAX_DEPTH } from "@mutua/circuits";
import type { CircuitArtifactResolver, CircuitName, EligibilityArtifacts } from "@mutua/proofs";
import { loadEligibilityArtifacts } from "@mutua/proofs";

/** The member tree depth the contracts' verifiers were generated for: every proof is made at it. */
export const CIRCUIT_DEPTH = DEFAULT_MAX_DEPTH;

/**
 * The artifacts of `circuit` at the contracts' depth, from `resolver` (default: the `@mutua/circuits` package's files,
 * which exist in Node only: a browser passes URLs through `circuitArtifactsAt`).
 */
export function loadCircuit(
  circuit: CircuitName,
  resolver: CircuitArtifactResolver = builtCircuitArtifacts,
): Promise<EligibilityArtifacts> {
  return Promise.resolve(resolver(circuit, CIRCUIT_DEPTH)).then(loadEligibilityArtifacts);
}
