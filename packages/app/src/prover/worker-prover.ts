import type { Ballot, CircuitProver, EligibilityClaim, EligibilityProof, VoteProof } from "@mutua/sdk/browser";
import { MutuaError } from "@mutua/sdk/errors";
import type { CircuitUrls } from "../config.ts";
import type { ProofRequest, ProofResponse } from "./messages.ts";

/** The contracts' tree depth: the circuits are compiled for it. */
const MAX_DEPTH = 20;

export type ProofStage = "loading" | "proving" | "done";

/**
 * The SDK's prover interface, run in a Web Worker: the artifacts are fetched once (the service worker keeps them),
 * the circuit stays warm between proofs, and the page hears when loading ends and proving starts.
 */
export class WorkerProver {
  #worker: Worker | undefined;
  readonly #pending = new Map<
    number,
    { resolve: (proof: unknown) => void; reject: (error: Error) => void; onStage?: (stage: ProofStage) => void }
  >();
  #next = 1;

  /** The worker, started on the first proof: the first screens need neither its code nor the circuits. */
  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./prover-worker.ts", import.meta.url), { type: "module", name: "mutua-prover" });
    worker.onmessage = (event: MessageEvent<ProofResponse>) => {
      const message = event.data;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      if (message.stage === "loaded") return pending.onStage?.("proving");
      this.#pending.delete(message.id);
      if (message.stage === "done") {
        pending.onStage?.("done");
        pending.resolve(message.proof);
      } else {
        pending.reject(new MutuaError(message.error.code ?? "PROOF_FAILED", message.error.message, message.error.details));
      }
    };
    this.#worker = worker;
    return worker;
  }

  /** The claim prover: Member's `prover` option. */
  eligibility(urls: CircuitUrls, onStage?: (stage: ProofStage) => void): CircuitProver<EligibilityClaim, EligibilityProof> {
    return { prove: (claim) => this.#prove("eligibility", urls, claim, onStage) as Promise<EligibilityProof>, close: async () => {} };
  }

  /** The ballot prover: Assessor's `prover` option. */
  vote(urls: CircuitUrls, onStage?: (stage: ProofStage) => void): CircuitProver<Ballot, VoteProof> {
    return { prove: (ballot) => this.#prove("vote", urls, ballot, onStage) as Promise<VoteProof>, close: async () => {} };
  }

  terminate(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #prove(circuit: ProofRequest["circuit"], urls: CircuitUrls, input: unknown, onStage?: (stage: ProofStage) => void): Promise<unknown> {
    const id = this.#next++;
    const absolute = (path: string) => new URL(path, location.href).href;
    const request: ProofRequest = {
      id,
      circuit,
      maxDepth: MAX_DEPTH,
      input,
      artifacts: { wasm: absolute(urls.wasm), zkey: absolute(urls.zkey), verificationKey: absolute(urls.verificationKey) },
    };
    onStage?.("loading");
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(onStage ? { onStage } : {}) });
      this.#started().postMessage(request);
    });
  }
}
