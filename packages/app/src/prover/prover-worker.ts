/// <reference lib="webworker" />
// The prover's own thread: snarkjs proves here (about a second of full CPU), so the page keeps answering taps.
import "../buffer-global.ts";
import type { CircuitProver } from "@mutua/sdk/browser";
import { EligibilityProver, loadEligibilityArtifacts, VoteProver } from "@mutua/sdk/browser";
import type { ProofRequest, ProofResponse } from "./messages.ts";

const provers = new Map<string, Promise<CircuitProver<unknown, unknown>>>();

function proverFor(request: ProofRequest): Promise<CircuitProver<unknown, unknown>> {
  let prover = provers.get(request.circuit);
  if (!prover) {
    prover = (async () => {
      const artifacts = await loadEligibilityArtifacts({ ...request.artifacts, maxDepth: request.maxDepth });
      return (request.circuit === "vote" ? new VoteProver(artifacts) : new EligibilityProver(artifacts)) as CircuitProver<unknown, unknown>;
    })();
    // A failed load (offline, say) is not kept: the next proof tries again.
    prover.catch(() => provers.delete(request.circuit));
    provers.set(request.circuit, prover);
  }
  return prover;
}

self.onmessage = async (event: MessageEvent<ProofRequest>) => {
  const request = event.data;
  const reply = (message: ProofResponse) => (self as unknown as Worker).postMessage(message);
  try {
    const prover = await proverFor(request);
    reply({ id: request.id, stage: "loaded" });
    reply({ id: request.id, stage: "done", proof: await prover.prove(request.input) });
  } catch (error) {
    const { name, message, code, details } = error as { name: string; message: string; code?: string; details?: unknown };
    reply({
      id: request.id,
      stage: "failed",
      error: {
        name,
        message,
        code,
        details: JSON.parse(JSON.stringify(details ?? {}, (_, v) => (typeof v === "bigint" ? v.toString() : v))),
      },
    });
  }
};
