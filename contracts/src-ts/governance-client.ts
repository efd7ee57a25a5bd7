import type { ContractRunner, ContractTransactionReceipt } from "ethers";
import { Contract, hexlify, Interface, randomBytes, ZeroHash } from "ethers";
import { MutuaMutualArtifact, MutuaTimelockArtifact } from "./generated/artifacts.ts";
import { sendAndWait } from "./send.ts";

/** One call the timelock will make once its delay has passed. */
export interface TimelockOperation {
  id: string;
  target: string;
  data: string;
  salt: string;
  /** Unix seconds from which it can be executed. */
  readyAt: bigint;
}

const mutualInterface = new Interface(MutuaMutualArtifact.abi);

/**
 * The mutual's governance timelock (OpenZeppelin TimelockController). Every parameter and role change goes
 * through it: scheduled by a proposer, visible on-chain, executable only after the delay.
 */
export class GovernanceClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner) {
    this.address = address;
    this.contract = new Contract(address, MutuaTimelockArtifact.abi, runner);
  }

  async minDelay(): Promise<bigint> {
    return this.contract.getFunction("getMinDelay")();
  }

  /** Schedules `method(...args)` on the mutual at `target`; returns the operation to execute later. */
  async schedule(
    target: string,
    method: string,
    args: readonly unknown[],
  ): Promise<TimelockOperation & { receipt: ContractTransactionReceipt }> {
    const data = mutualInterface.encodeFunctionData(method, [...args]);
    const salt = hexlify(randomBytes(32));
    const delay = await this.minDelay();
    const receipt = await this.#send("schedule", target, 0n, data, ZeroHash, salt, delay);
    const id: string = await this.contract.getFunction("hashOperation")(target, 0n, data, ZeroHash, salt);
    const readyAt: bigint = await this.contract.getFunction("getTimestamp")(id);
    return { id, target, data, salt, readyAt, receipt };
  }

  /** Executes a scheduled operation (TimelockUnexpectedOperationState before its time). */
  execute(operation: Pick<TimelockOperation, "target" | "data" | "salt">): Promise<ContractTransactionReceipt> {
    return this.#send("execute", operation.target, 0n, operation.data, ZeroHash, operation.salt);
  }

  #send(method: string, ...args: unknown[]): Promise<ContractTransactionReceipt> {
    return sendAndWait(this.contract, [MutuaTimelockArtifact.abi, MutuaMutualArtifact.abi], method, ...args);
  }
}
