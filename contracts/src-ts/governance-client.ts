import type { InterfaceAbi } from "ethers/abi";
import { Interface } from "ethers/abi";
import { ZeroHash } from "ethers/constants";
import type { ContractTransactionReceipt } from "ethers/contract";
import { Contract } from "ethers/contract";
import { randomBytes } from "ethers/crypto";
import type { ContractRunner } from "ethers/providers";
import { hexlify } from "ethers/utils";
import { MemberGovernorArtifact, MutuaMutualArtifact, MutuaTimelockArtifact, PrivateAssessmentArtifact } from "./generated/artifacts.ts";
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

/**
 * The mutual's governance timelock (OpenZeppelin TimelockController). Every parameter and role change goes
 * through it: scheduled by its proposer (the member governor), visible on-chain, executable only after the delay.
 */
export class GovernanceClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner) {
    this.address = address;
    this.contract = new Contract(address, MutuaTimelockArtifact.abi, runner);
  }

  /** The timelock's minimum delay between queueing and executing, in seconds. */
  async minDelay(): Promise<bigint> {
    return this.contract.getFunction("getMinDelay")();
  }

  /**
   * Schedules `method(...args)` of the contract at `target` (the mutual's ABI unless `abi` says otherwise);
   * returns the operation to execute later. Only a proposer may: the governor, or a test's extra proposer.
   */
  async schedule(
    target: string,
    method: string,
    args: readonly unknown[],
    abi: InterfaceAbi = MutuaMutualArtifact.abi,
  ): Promise<TimelockOperation & { receipt: ContractTransactionReceipt }> {
    const data = new Interface(abi).encodeFunctionData(method, [...args]);
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
    const abis = [MutuaTimelockArtifact.abi, MutuaMutualArtifact.abi, PrivateAssessmentArtifact.abi, MemberGovernorArtifact.abi];
    return sendAndWait(this.contract, abis, method, ...args);
  }
}
