import { MutuaError } from "@mutua/core";
import type { WitnessCalculator } from "circom_runtime";
import type { Groth16Proof } from "snarkjs";
import type { CircuitInput } from "./circuit-input.ts";
import { acquireCurve, releaseCurve } from "./curve-lease.ts";
import { nameSignals } from "./signal-names.ts";
import { loadSnarkjs, loadWitnessCalculatorBuilder } from "./snark-libraries.ts";

/**
 * Proves witnesses of one circuit, keeping its wasm compiled and the curve's worker threads warm between
 * proofs (snarkjs alone recompiles the witness wasm on every proof). The circuit-specific provers
 * (EligibilityProver, VoteProver) check their inputs and name the signals; this part is shared.
 */
export class Groth16Prover {
  readonly #wasm: Uint8Array;
  readonly #zkey: Uint8Array;
  #witnessCalculator: Promise<WitnessCalculator> | undefined;
  #open = true;

  constructor(artifacts: { wasm: Uint8Array; zkey: Uint8Array }) {
    this.#wasm = artifacts.wasm;
    this.#zkey = artifacts.zkey;
    acquireCurve();
  }

  async prove(input: CircuitInput): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
    if (!this.#open) throw new MutuaError("PROVER_CLOSED", "this prover was closed");
    this.#witnessCalculator ??= this.#buildWitnessCalculator();
    let witness: Uint8Array;
    try {
      witness = await (await this.#witnessCalculator).calculateWTNSBin(input, true);
    } catch (error) {
      // The callers' checks mirror the circuit, so this means artifacts for another circuit.
      throw new MutuaError("WITNESS_FAILED", `the circuit rejected the witness: ${(error as Error).message}`, {}, { cause: error });
    }
    const snarkjs = await loadSnarkjs();
    const { proof, publicSignals } = await snarkjs.groth16.prove(this.#zkey, witness);
    return { proof, publicSignals };
  }

  /**
   * Compiles the witness wasm and builds the curve (its worker threads) before the first proof: a caller that has
   * other work first (reading the chain, rebuilding a tree) starts this beside it, so the first proof starts warm.
   */
  async warm(): Promise<void> {
    this.#witnessCalculator ??= this.#buildWitnessCalculator();
    const snarkjs = await loadSnarkjs();
    // snarkjs's curve cache (ffjavascript keeps it on globalThis): the one its prove() then finds.
    const { curves } = snarkjs as unknown as { curves: { getCurveFromName(name: string): Promise<unknown> } };
    await Promise.all([this.#witnessCalculator, curves.getCurveFromName("bn128")]);
  }

  async #buildWitnessCalculator(): Promise<WitnessCalculator> {
    return (await loadWitnessCalculatorBuilder())(this.#wasm);
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await releaseCurve();
  }
}

/**
 * What the SDK needs of a prover: EligibilityProver and VoteProver in-process, or the member app's prover that runs
 * them in a Web Worker (the page stays responsive while it proves).
 */
export interface CircuitProver<Input, Proof> {
  /** Proves `input`. */
  prove(input: Input): Promise<Proof>;
  /** Releases the prover (its worker threads, its worker). */
  close(): Promise<void>;
}

/** Throws ARTIFACT_MISMATCH unless every expected signal is what the circuit produced. */
export function assertExpectedSignals<Name extends string>(named: Record<Name, bigint>, expected: Record<Name, bigint>): void {
  for (const name of Object.keys(expected) as Name[]) {
    // A mismatch means the artifacts are not the circuit this package was written for.
    if (named[name] !== expected[name]) {
      throw new MutuaError("ARTIFACT_MISMATCH", `circuit produced ${name}=${named[name]}, expected ${expected[name]}`);
    }
  }
}

/**
 * A circuit's prover for its callers: checks the input the way the circuit will (typed errors instead of a
 * witness failure), proves with warm artifacts, and names the public signals, checking them against the expected
 * ones. EligibilityProver and VoteProver are this with their circuit's input builder and signal names.
 */
export abstract class WarmCircuitProver<Input, Name extends string> implements AsyncDisposable {
  readonly #maxDepth: number;
  readonly #prover: Groth16Prover;
  readonly #names: readonly Name[];

  protected constructor(artifacts: { wasm: Uint8Array; zkey: Uint8Array; maxDepth: number }, names: readonly Name[]) {
    this.#maxDepth = artifacts.maxDepth;
    this.#prover = new Groth16Prover(artifacts);
    this.#names = names;
  }

  get maxDepth(): number {
    return this.#maxDepth;
  }

  /** The witness input and the public signals the circuit must produce for it (throws on what it would reject). */
  protected abstract buildInput(input: Input, maxDepth: number): { input: CircuitInput; expected: Record<Name, bigint> };

  /** Checks `value`, proves it, and names the public signals, checked against those the input implies. */
  protected async proveNamed(value: Input): Promise<{ proof: Groth16Proof; publicSignals: Record<Name, bigint> }> {
    const { input, expected } = this.buildInput(value, this.#maxDepth);
    const { proof, publicSignals } = await this.#prover.prove(input);
    const named = nameSignals(this.#names, publicSignals);
    assertExpectedSignals(named, expected);
    return { proof, publicSignals: named };
  }

  /** Gets ready to prove (see Groth16Prover.warm); proving without it works, only slower to start. */
  warm(): Promise<void> {
    return this.#prover.warm();
  }

  /** Releases the curve's worker threads when no other prover uses them. */
  close(): Promise<void> {
    return this.#prover.close();
  }

  /** `close`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
