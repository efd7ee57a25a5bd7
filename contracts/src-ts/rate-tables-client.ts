import { InvalidArgumentError } from "@mutua/core";
import { ZeroHash } from "ethers/constants";
import type { ContractTransactionReceipt } from "ethers/contract";
import { Contract, ContractFactory } from "ethers/contract";
import type { ContractRunner, Signer } from "ethers/providers";
import { isHexString } from "ethers/utils";
import { decodeRevert } from "./errors.ts";
import { type LogPaging, logsOf } from "./event-logs.ts";
import { MutuaRateTablesArtifact } from "./generated/artifacts.ts";
import { sendAndWait } from "./send.ts";

/** The members' default minimum class size (k): as parametric cover's minimum policies. */
export const DEFAULT_MIN_CLASS_SIZE = 5;

/** One record of a rating class's current members (ClassMembersRecorded), with its block. */
export interface ClassMembersRecord {
  ratingClass: number;
  members: number;
  blockNumber: number;
}

/**
 * The rate tables the members adopted (MutuaRateTables): each version's hash, written only by governance; and the
 * members per rating class, recorded by the issuer, with the minimum a class holds before claims disclose it.
 */
export class RateTablesClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner | null) {
    this.address = address;
    this.contract = new Contract(address, MutuaRateTablesArtifact.abi, runner);
  }

  /** The call data of `adopt`, for a governance proposal (only the timelock may send it). */
  adoptCall(version: number, tableHash: string, uri: string): { target: string; data: string } {
    if (!Number.isInteger(version) || version < 1 || version > 0xffffffff)
      throw new InvalidArgumentError("version", "a table version is 1 to 2^32 − 1");
    if (!isHexString(tableHash, 32)) throw new InvalidArgumentError("tableHash", "a table hash is 0x and 64 hex digits (rateTableHash)");
    return { target: this.address, data: this.contract.interface.encodeFunctionData("adopt", [version, tableHash, uri]) };
  }

  /** The call data of `setMinClassSize`, for a governance proposal. */
  setMinClassSizeCall(minClassSize: number): { target: string; data: string } {
    return { target: this.address, data: this.contract.interface.encodeFunctionData("setMinClassSize", [minClassSize]) };
  }

  /** The issuer's record of each class's current members (only the issuer's key may send it). */
  recordClassMembers(counts: ReadonlyMap<number, number>): Promise<ContractTransactionReceipt> {
    return sendAndWait(this.contract, [MutuaRateTablesArtifact.abi], "recordClassMembers", [...counts.keys()], [...counts.values()]);
  }

  /** The fewest members a class holds before a claim may disclose it (k). */
  async minClassSize(): Promise<number> {
    return Number(await this.#read<bigint>("minClassSize"));
  }

  /** A class's current members as last recorded, and whether a claim may disclose it. */
  async classSize(ratingClass: number): Promise<{ members: number; minClassSize: number; disclosable: boolean }> {
    const [members, minClassSize, disclosable] = await Promise.all([
      this.#read<bigint>("classMembers", ratingClass),
      this.minClassSize(),
      this.#read<boolean>("disclosable", ratingClass),
    ]);
    return { members: Number(members), minClassSize, disclosable };
  }

  /** Every record of class members between two blocks, in chain order: the exposure the pool's experience is built on. */
  async classMemberRecords(fromBlock = 0, options: LogPaging = {}): Promise<ClassMembersRecord[]> {
    const logs = await logsOf(this.contract, "ClassMembersRecorded", [], fromBlock, options);
    return logs.map((log) => ({ ratingClass: Number(log.args[0]), members: Number(log.args[1]), blockNumber: log.blockNumber }));
  }

  /** The version of the rate table in force (0: none adopted yet). */
  async currentVersion(): Promise<number> {
    return Number(await this.#read<bigint>("currentVersion"));
  }

  /** Version `version`'s adopted hash (undefined: never adopted). */
  async tableOf(version: number): Promise<{ tableHash: string; adoptedAt: bigint } | undefined> {
    const [tableHash, adoptedAt] = await this.#read<[string, bigint]>("tableOf", version);
    return adoptedAt === 0n ? undefined : { tableHash, adoptedAt };
  }

  async #read<T>(method: string, ...args: unknown[]): Promise<T> {
    try {
      return (await this.contract.getFunction(method)(...args)) as T;
    } catch (error) {
      decodeRevert(error, [MutuaRateTablesArtifact.abi]);
    }
  }
}

/** The rate table registry next to `mutual`, with the founding table (version and hash) adopted at deployment, if any. */
export async function deployRateTables(
  deployer: Signer,
  options: { mutual: string; founding?: { version: number; tableHash: string; uri?: string }; minClassSize?: number },
): Promise<RateTablesClient> {
  const factory = new ContractFactory(MutuaRateTablesArtifact.abi, MutuaRateTablesArtifact.bytecode, deployer);
  const founding = options.founding;
  try {
    const contract = await factory.deploy(
      options.mutual,
      founding?.version ?? 0,
      founding?.tableHash ?? ZeroHash,
      founding?.uri ?? "",
      options.minClassSize ?? DEFAULT_MIN_CLASS_SIZE,
    );
    await contract.waitForDeployment();
    return new RateTablesClient(await contract.getAddress(), deployer);
  } catch (error) {
    decodeRevert(error, [MutuaRateTablesArtifact.abi]);
  }
}
