import { InvalidArgumentError } from "@mutua/core";
import type { ContractRunner, Signer } from "ethers";
import { Contract, ContractFactory, isHexString, ZeroHash } from "ethers";
import { decodeRevert } from "./errors.ts";
import { MutuaRateTablesArtifact } from "./generated/artifacts.ts";

/** The rate tables the members adopted (MutuaRateTables): each version's hash, written only by governance. */
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
  options: { mutual: string; founding?: { version: number; tableHash: string; uri?: string } },
): Promise<RateTablesClient> {
  const factory = new ContractFactory(MutuaRateTablesArtifact.abi, MutuaRateTablesArtifact.bytecode, deployer);
  const founding = options.founding;
  try {
    const contract = await factory.deploy(options.mutual, founding?.version ?? 0, founding?.tableHash ?? ZeroHash, founding?.uri ?? "");
    await contract.waitForDeployment();
    return new RateTablesClient(await contract.getAddress(), deployer);
  } catch (error) {
    decodeRevert(error, [MutuaRateTablesArtifact.abi]);
  }
}
