import type { BaseContract, Signer } from "ethers";
import { ContractFactory, getAddress } from "ethers";
import {
  MutuaMutualArtifact,
  OnChainLeanIMTArtifact,
  PoseidonT3Artifact,
  ReentrantTokenArtifact,
  TestTokenArtifact,
} from "./generated/artifacts.ts";
import { MutuaMutualClient } from "./mutua-mutual-client.ts";

/** Settings of a new mutual; times in seconds, amounts in token base units. */
export interface MutualSettings {
  token: string;
  admin: string;
  /** How many root updates an older root stays valid for proofs. */
  rootWindow: number;
  maxClaimAmount: bigint;
  /** How far a proof's claim time may be from block.timestamp. */
  claimTimeTolerance: number;
  /** Votes needed for a decision. */
  quorum: number;
  /** Delay between approval and payout. */
  settlementDelay: number;
}

export const DEFAULT_MUTUAL_SETTINGS = { rootWindow: 16, claimTimeTolerance: 3_600, quorum: 2, settlementDelay: 3_600 } as const;

async function deployed(factory: ContractFactory, ...args: unknown[]): Promise<BaseContract> {
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract;
}

export async function deployMutual(deployer: Signer, settings: MutualSettings): Promise<MutuaMutualClient> {
  const factory = new ContractFactory(MutuaMutualArtifact.abi, MutuaMutualArtifact.bytecode, deployer);
  const contract = await deployed(factory, settings);
  return new MutuaMutualClient(await contract.getAddress(), deployer);
}

/** A mintable 6-decimal stand-in stablecoin for local networks. */
export async function deployTestToken(deployer: Signer) {
  return deployed(new ContractFactory(TestTokenArtifact.abi, TestTokenArtifact.bytecode, deployer));
}

/** A token that calls back into the pool when it pays out: for reentrancy tests. */
export async function deployReentrantToken(deployer: Signer) {
  return deployed(new ContractFactory(ReentrantTokenArtifact.abi, ReentrantTokenArtifact.bytecode, deployer));
}

/** The on-chain Poseidon LeanIMT, linked to a freshly deployed PoseidonT3 library (bench only). */
export async function deployOnChainLeanIMT(deployer: Signer) {
  const poseidon = await deployed(new ContractFactory(PoseidonT3Artifact.abi, PoseidonT3Artifact.bytecode, deployer));
  const libraryAddress = getAddress(await poseidon.getAddress())
    .slice(2)
    .toLowerCase();
  let bytecode: string = OnChainLeanIMTArtifact.bytecode;
  for (const references of Object.values(OnChainLeanIMTArtifact.linkReferences)) {
    for (const offsets of Object.values(references)) {
      for (const { start, length } of offsets) {
        bytecode = bytecode.slice(0, 2 + start * 2) + libraryAddress + bytecode.slice(2 + (start + length) * 2);
      }
    }
  }
  return deployed(new ContractFactory(OnChainLeanIMTArtifact.abi, bytecode, deployer));
}
