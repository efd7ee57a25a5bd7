import type { Contract, ContractTransactionReceipt, ContractTransactionResponse, InterfaceAbi } from "ethers";
import { decodeRevert } from "./errors.ts";

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
    const receipt = await tx.wait();
    if (!receipt) throw new Error(`${method}: no receipt`);
    return receipt;
  } catch (error) {
    decodeRevert(error, abis);
  }
}
