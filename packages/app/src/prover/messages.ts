/** What the page asks the prover worker. Inputs and proofs hold bigints: structured cloning carries them as they are. */
export interface ProofRequest {
  id: number;
  circuit: "eligibility" | "vote";
  artifacts: { wasm: string; zkey: string; verificationKey: string };
  maxDepth: number;
  input: unknown;
}

export type ProofResponse =
  | { id: number; stage: "loaded" }
  | { id: number; stage: "done"; proof: unknown }
  | { id: number; stage: "failed"; error: { name: string; message: string; code?: string | undefined; details: Record<string, unknown> } };
