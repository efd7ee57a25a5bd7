import type { InterfaceAbi } from "ethers/abi";
import type { Contract, ContractTransactionResponse, EventLog } from "ethers/contract";
import { ContractTransactionReceipt } from "ethers/contract";
import type { ContractRunner, TransactionReceipt, TransactionResponse } from "ethers/providers";
import { decodeRevert } from "./errors.ts";
import { ResilientSigner } from "./resilient-signer.ts";

/**
 * Waits for a sent transaction: through the ResilientSigner that sent it when there is one (confirmations,
 * re-sending a dropped or stuck transaction), else ethers' own wait.
 */
export async function confirmTransaction(tx: TransactionResponse, runner: ContractRunner | null | undefined): Promise<TransactionReceipt> {
  const receipt = runner instanceof ResilientSigner ? await runner.confirm(tx) : await tx.wait();
  if (!receipt) throw new Error(`${tx.hash}: no receipt`);
  if (receipt.status === 0) throw Object.assign(new Error(`transaction ${receipt.hash} reverted`), { receipt });
  return receipt;
}

/**
 * Sends `method(...args)`, waits for the receipt, and turns a revert into a ContractRevertError named after
 * the custom error found in `abis`: every write of the typed clients goes through here.
 */
export async function sendAndWait(
  contract: Contract,
  abis: readonly InterfaceAbi[],
  method: string,
  ...args: unknown[]
): Promise<ContractTransactionReceipt> {
  try {
    const tx = (await contract.getFunction(method)(...args)) as ContractTransactionResponse;
    const receipt = await confirmTransaction(tx, contract.runner);
    // A receipt from the provider (ResilientSigner) knows no ABI: give it the contract's, so logs parse.
    return receipt instanceof ContractTransactionReceipt
      ? receipt
      : new ContractTransactionReceipt(contract.interface, receipt.provider, receipt);
  } catch (error) {
    decodeRevert(error, abis);
  }
}

/** The first `name` event a client's transaction emitted (its logs parsed with the contract's ABI). */
export function emittedIn(receipt: ContractTransactionReceipt, name: string): EventLog {
  const log = receipt.logs.find((entry): entry is EventLog => "fragment" in entry && entry.fragment.name === name);
  if (!log) throw new Error(`${name} not emitted`);
  return log;
}
