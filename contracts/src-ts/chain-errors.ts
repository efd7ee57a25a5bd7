import { MutuaError } from "@mutua/core";

/** No RPC endpoint (or too few for the quorum) answered. */
export class ChainUnreachableError extends MutuaError {
  constructor(endpoints: readonly string[], reason: string) {
    super("CHAIN_UNREACHABLE", `cannot reach the chain: ${reason}${endpoints.length ? ` (${endpoints.join("; ")})` : ""}`, { endpoints });
  }
}

/** A URL answered, but not as an Ethereum JSON-RPC node. */
export class RpcNotEvmError extends MutuaError {
  constructor(url: string, reason: string) {
    super("RPC_NOT_EVM", `${url} is ${reason}: check the RPC URL`, { url });
  }
}

/** An endpoint is on another chain than the deployment (or than the other endpoints). */
export class WrongChainError extends MutuaError {
  constructor(url: string, expected: bigint, actual: bigint) {
    super("WRONG_CHAIN", `${url} is chain ${actual}, but chain ${expected} was expected: nothing was sent`, {
      url,
      expected,
      actual,
    });
  }
}

/** A deployment file does not describe what is on the chain (no contract there, or another one). */
export class DeploymentMismatchError extends MutuaError {
  constructor(name: string, reason: string) {
    super("DEPLOYMENT_MISMATCH", `deployment ${name} does not match the chain: ${reason}`, { name });
  }
}

/** The sending account cannot pay for what it is asked to do. */
export class InsufficientFundsError extends MutuaError {
  constructor(account: string, need: string, have: string) {
    super(
      "INSUFFICIENT_FUNDS",
      `account ${account} has ${have} but needs about ${need} to pay for this: fund it first (nothing was sent)`,
      {
        account,
        need,
        have,
      },
    );
  }
}

/** A transaction was sent but not mined, even after re-sending it with higher fees. */
export class TransactionNotMinedError extends MutuaError {
  constructor(hash: string, attempts: number, waitedMs: number) {
    super("TRANSACTION_NOT_MINED", `transaction ${hash} was not mined after ${attempts} attempts over ${Math.round(waitedMs / 1000)} s`, {
      hash,
      attempts,
    });
  }
}
