import { getAddress, getCreateAddress } from "ethers/address";
import { ZeroAddress } from "ethers/constants";
import type { BaseContract } from "ethers/contract";
import { ContractFactory } from "ethers/contract";
import type { Signer } from "ethers/providers";
import { AssessmentClient } from "./assessment-client.ts";
import { DeploymentMismatchError } from "./chain-errors.ts";
import { DevVerifyingKeyError, decodeRevert } from "./errors.ts";
import {
  BlocklistTokenArtifact,
  MemberEventLogArtifact,
  MemberGovernorArtifact,
  MinimalVerifyNullifierArtifact,
  MutuaIncidentNotesArtifact,
  MutuaKeeperArtifact,
  MutuaMutualArtifact,
  MutuaRateTablesArtifact,
  MutuaTimelockArtifact,
  OnChainLeanIMTArtifact,
  ParametricCoverArtifact,
  PoseidonT3Artifact,
  PrivateAssessmentArtifact,
  ReentrantTokenArtifact,
  TestTokenArtifact,
  VERIFIER,
  VOTE_VERIFIER,
} from "./generated/artifacts.ts";
import { GovernanceClient } from "./governance-client.ts";
import { MemberGovernorClient } from "./governor-client.ts";
import { IncidentNotesClient } from "./incident-notes-client.ts";
import { KeeperClient } from "./keeper-client.ts";
import type { MutualParameters } from "./mutua-mutual-client.ts";
import { MutuaMutualClient } from "./mutua-mutual-client.ts";
import { confirmTransaction } from "./send.ts";

/** Who holds each power of a new mutual. Governance must be a timelock (deployTimelock). */
export interface MutualRoles {
  governance: string;
  issuer: string;
  incidentOpener: string;
  pauser: string;
  /** The assessment module (PrivateAssessment): decides claims and opens appeals. */
  assessment: string;
}

/** Settings of a new mutual; times in seconds, amounts in token base units. Bounds: see docs/contracts.md. */
export interface MutualSettings {
  token: string;
  roles: MutualRoles;
  parameters: MutualParameters;
  /** How many root updates a superseded root stays valid for proofs (1–1024). */
  rootWindow: number;
  /** How long a superseded root stays valid, seconds (5 min – 7 days). */
  maxRootAge: number;
}

/** The settings a mutual is deployed with unless the operator gives others (claim cap, quorum, delays). */
export const DEFAULT_MUTUAL_SETTINGS = {
  rootWindow: 16,
  maxRootAge: 3_600,
  quorum: 2,
  settlementDelay: 3_600,
  /** The governance timelock's delay: 2 days (the contract requires at least 1). */
  governanceDelay: 2 * 86_400,
  /** How long members vote on a proposal: 3 days (1–30). */
  votingPeriod: 3 * 86_400,
  /** The share of the members at a proposal's snapshot whose for + abstain votes it needs: 20 % (1–100 %). */
  quorumBps: 2_000,
  /** How long sealed votes can be revealed after a vote closes: 1 day (1 hour – 14 days). */
  revealWindow: 86_400,
  /** How long members vote on an appeal: 3 days (1–30). */
  appealVotingPeriod: 3 * 86_400,
} as const;

/** How the members govern: the timelock's delay, proposals' voting rules, the assessment's windows. */
export interface GovernanceSettings {
  governanceDelay: number;
  votingPeriod: number;
  quorumBps: number;
  revealWindow: number;
  appealVotingPeriod: number;
}

/** A mutual governed by its members: the timelock holds every power, the member governor alone proposes to it. */
export interface GovernedMutual {
  mutual: MutuaMutualClient;
  timelock: GovernanceClient;
  governor: MemberGovernorClient;
  assessment: AssessmentClient;
  /** Finalizes and pays claims for keeper networks (checkUpkeep / performUpkeep); holds no role. */
  keeper: KeeperClient;
  /** Each incident's region and description in words, written by the incident opener; holds no role. */
  incidentNotes: IncidentNotesClient;
}

async function deployed(factory: ContractFactory, ...args: unknown[]): Promise<BaseContract> {
  const contract = await factory.deploy(...args);
  const tx = contract.deploymentTransaction();
  if (tx) await confirmTransaction(tx, factory.runner);
  else await contract.waitForDeployment();
  return contract;
}

/**
 * An upper bound on the gas a new mutual takes (timelock, mutual, assessment, governor), from the initcode sizes:
 * transaction and creation base, calldata, code deposit (at most 200 gas per byte of runtime code, which is
 * never longer than the initcode) and constructor storage. Checked against the deployer's balance before
 * the first transaction, so that a key without funds leaves nothing half-deployed.
 */
export function deploymentGasBound(options: { parametric?: boolean } = {}): bigint {
  const bound = (initcodeHex: string, constructorGas: bigint) => {
    const bytes = BigInt((initcodeHex.length - 2) / 2);
    return 53_000n + 16n * bytes + 200n * bytes + constructorGas;
  };
  return (
    bound(MutuaTimelockArtifact.bytecode, 500_000n) +
    bound(MutuaMutualArtifact.bytecode, 2_000_000n) +
    bound(PrivateAssessmentArtifact.bytecode, 300_000n) +
    bound(MemberGovernorArtifact.bytecode, 500_000n) +
    bound(MutuaKeeperArtifact.bytecode, 100_000n) +
    bound(MutuaIncidentNotesArtifact.bytecode, 50_000n) +
    bound(MutuaRateTablesArtifact.bytecode, 50_000n) +
    (options.parametric ? bound(ParametricCoverArtifact.bytecode, 200_000n) : 0n)
  );
}

/** Chains where the dev verifying key may be deployed: Hardhat/Anvil (31337) and geth/Ganache dev (1337). */
export const LOCAL_CHAIN_IDS: readonly bigint[] = [31337n, 1337n];

/** Throws DEV_VERIFYING_KEY before anything is deployed when the dev verifier would reach a real chain. */
export async function assertVerifierAllowed(deployer: Signer, allowDevVerifyingKey: boolean): Promise<void> {
  const chainId = (await deployer.provider?.getNetwork())?.chainId ?? 0n;
  const devSetup = VERIFIER.devSetup || VOTE_VERIFIER.devSetup;
  if (devSetup && !LOCAL_CHAIN_IDS.includes(chainId) && !allowDevVerifyingKey) throw new DevVerifyingKeyError(chainId);
}

/**
 * Deploys a mutual its members govern: the timelock (proposals from the member governor only; anyone executes
 * after the delay), the mutual (the timelock holds its admin role; the assessment module decides claims), the
 * assessment module and the governor. The four reference each other, so their addresses are computed from the
 * deployer's nonces first and checked after each deployment (DEPLOYMENT_MISMATCH if the key sent something else
 * meanwhile). `extraProposers` add timelock proposers beside the governor: for contract tests, never production.
 */
export async function deployGovernedMutual(
  deployer: Signer,
  settings: Omit<MutualSettings, "roles"> & {
    roles: Omit<MutualRoles, "governance" | "assessment">;
    governance: GovernanceSettings;
    /**
     * The first assessor seats (leaves, root); default none. A function gets the mutual's address first (computed
     * before anything is sent): seats made from per-mutual identities need it.
     */
    seats?:
      | { leaves: readonly bigint[]; root: bigint; readers?: readonly string[] }
      | ((mutual: string) => Promise<{ leaves: readonly bigint[]; root: bigint; readers?: readonly string[] }>);
  },
  options: { allowDevVerifyingKey?: boolean; extraProposers?: readonly string[] } = {},
): Promise<GovernedMutual> {
  await assertVerifierAllowed(deployer, options.allowDevVerifyingKey === true);
  const provider = deployer.provider;
  if (!provider) throw new Error("the deployer needs a provider");
  const from = await deployer.getAddress();
  const nonce = await provider.getTransactionCount(from, "pending");
  const [timelockAt, mutualAt, assessmentAt, governorAt, keeperAt, notesAt] = [0, 1, 2, 3, 4, 5].map((i) =>
    getCreateAddress({ from, nonce: nonce + i }),
  );
  const expect = (what: string, actual: string, predicted: string | undefined) => {
    if (getAddress(actual) !== predicted)
      throw new DeploymentMismatchError(
        what,
        `deployed at ${actual}, expected ${predicted}: the deployer key sent another transaction meanwhile`,
      );
  };
  const g = settings.governance;
  const seats = typeof settings.seats === "function" ? await settings.seats(mutualAt as string) : settings.seats;
  const timelock = await deployTimelock(deployer, {
    minDelay: g.governanceDelay,
    proposers: [governorAt as string, ...(options.extraProposers ?? [])],
  });
  expect("timelock", timelock.address, timelockAt);
  const mutual = await deployMutual(
    deployer,
    { ...settings, roles: { ...settings.roles, governance: timelock.address, assessment: assessmentAt as string } },
    options,
  );
  expect("mutual", mutual.address, mutualAt);
  const assessment = await deployAssessment(deployer, {
    mutual: mutual.address,
    governance: timelock.address,
    revealWindow: g.revealWindow,
    appealVotingPeriod: g.appealVotingPeriod,
    ...(seats && seats.leaves.length > 0 ? { seats } : {}),
  });
  expect("assessment", assessment.address, assessmentAt);
  const governor = await deployGovernor(deployer, {
    mutual: mutual.address,
    timelock: timelock.address,
    votingPeriod: g.votingPeriod,
    quorumBps: g.quorumBps,
  });
  expect("governor", governor.address, governorAt);
  const keeper = await deployKeeper(deployer, { mutual: mutual.address, assessment: assessment.address });
  expect("keeper", keeper.address, keeperAt);
  const incidentNotes = await deployIncidentNotes(deployer, { mutual: mutual.address });
  expect("incident notes", incidentNotes.address, notesAt);
  return { mutual, timelock, governor, assessment, keeper, incidentNotes };
}

/** The assessment module of `mutual` (PrivateAssessment), governed by the timelock `governance`. */
export async function deployAssessment(
  deployer: Signer,
  options: {
    mutual: string;
    governance: string;
    revealWindow: number;
    appealVotingPeriod: number;
    /**
     * The first assessor seats (leaves), their LeanIMT root, and each seat's reading key (a DID, "" for none: claims
     * seal evidence to these); default none (governance appoints them).
     */
    seats?: { leaves: readonly bigint[]; root: bigint; readers?: readonly string[] };
  },
): Promise<AssessmentClient> {
  const factory = new ContractFactory(PrivateAssessmentArtifact.abi, PrivateAssessmentArtifact.bytecode, deployer);
  const seats = options.seats ?? { leaves: [], root: 0n };
  const readers = seats.readers ?? seats.leaves.map(() => "");
  try {
    const contract = await deployed(
      factory,
      options.mutual,
      options.governance,
      options.revealWindow,
      options.appealVotingPeriod,
      [...seats.leaves],
      seats.root,
      [...readers],
    );
    return new AssessmentClient(await contract.getAddress(), deployer);
  } catch (error) {
    decodeRevert(error, [PrivateAssessmentArtifact.abi]);
  }
}

/** The keeper (MutuaKeeper) of a mutual and its assessment module: no role, no funds; anyone may run it. */
export async function deployKeeper(deployer: Signer, options: { mutual: string; assessment: string }): Promise<KeeperClient> {
  const factory = new ContractFactory(MutuaKeeperArtifact.abi, MutuaKeeperArtifact.bytecode, deployer);
  const contract = await deployed(factory, options.mutual, options.assessment);
  return new KeeperClient(await contract.getAddress(), deployer);
}

/** The incident notes (MutuaIncidentNotes) of a mutual: no role, no funds; its incident opener writes them. */
export async function deployIncidentNotes(deployer: Signer, options: { mutual: string }): Promise<IncidentNotesClient> {
  const factory = new ContractFactory(MutuaIncidentNotesArtifact.abi, MutuaIncidentNotesArtifact.bytecode, deployer);
  const contract = await deployed(factory, options.mutual);
  return new IncidentNotesClient(await contract.getAddress(), deployer);
}

/** The members' governor (MemberGovernor): proposes to `timelock`, counts anonymous member votes. */
export async function deployGovernor(
  deployer: Signer,
  options: { mutual: string; timelock: string; votingPeriod: number; quorumBps: number },
): Promise<MemberGovernorClient> {
  const factory = new ContractFactory(MemberGovernorArtifact.abi, MemberGovernorArtifact.bytecode, deployer);
  try {
    const contract = await deployed(factory, options.mutual, options.timelock, options.votingPeriod, options.quorumBps);
    return new MemberGovernorClient(await contract.getAddress(), deployer);
  } catch (error) {
    decodeRevert(error, [MemberGovernorArtifact.abi]);
  }
}

/**
 * Deploys a mutual. A verifier built from the public dev setup is refused on any chain but a local dev chain
 * (DEV_VERIFYING_KEY) unless `allowDevVerifyingKey` says the operator knows proofs can be forged there.
 */
export async function deployMutual(
  deployer: Signer,
  settings: MutualSettings,
  options: { allowDevVerifyingKey?: boolean } = {},
): Promise<MutuaMutualClient> {
  await assertVerifierAllowed(deployer, options.allowDevVerifyingKey === true);
  const factory = new ContractFactory(MutuaMutualArtifact.abi, MutuaMutualArtifact.bytecode, deployer);
  try {
    const contract = await deployed(factory, { ...settings, roles: { ...settings.roles } });
    return new MutuaMutualClient(await contract.getAddress(), deployer);
  } catch (error) {
    decodeRevert(error, [MutuaMutualArtifact.abi]);
  }
}

/**
 * The governance timelock (OpenZeppelin TimelockController, self-administered; MutuaTimelock keeps its delay at
 * 1 day or more for good): `proposers` schedule and cancel, `executors` execute after `minDelay` (an empty list:
 * anyone may execute a ready operation).
 */
export async function deployTimelock(
  deployer: Signer,
  options: { minDelay: number; proposers: readonly string[]; executors?: readonly string[] },
): Promise<GovernanceClient> {
  const factory = new ContractFactory(MutuaTimelockArtifact.abi, MutuaTimelockArtifact.bytecode, deployer);
  const executors = options.executors && options.executors.length > 0 ? [...options.executors] : [ZeroAddress];
  try {
    const contract = await deployed(factory, options.minDelay, [...options.proposers], executors);
    return new GovernanceClient(await contract.getAddress(), deployer);
  } catch (error) {
    decodeRevert(error, [MutuaTimelockArtifact.abi]);
  }
}

/** A mintable 6-decimal stand-in stablecoin for local networks. */
export async function deployTestToken(deployer: Signer) {
  return deployed(new ContractFactory(TestTokenArtifact.abi, TestTokenArtifact.bytecode, deployer));
}

/** A token with a blocklist (transfers to a blocked address revert): for the stuck-payout path. */
export async function deployBlocklistToken(deployer: Signer) {
  return deployed(new ContractFactory(BlocklistTokenArtifact.abi, BlocklistTokenArtifact.bytecode, deployer));
}

/** A token that calls back into the pool when it pays out: for reentrancy tests. */
export async function deployReentrantToken(deployer: Signer) {
  return deployed(new ContractFactory(ReentrantTokenArtifact.abi, ReentrantTokenArtifact.bytecode, deployer));
}

/** Bench only: the registry's membership events without its checks (MemberEventLog.sol). */
export async function deployMemberEventLog(deployer: Signer) {
  return deployed(new ContractFactory(MemberEventLogArtifact.abi, MemberEventLogArtifact.bytecode, deployer));
}

/** Bench only: fileClaim's gas peer, a Semaphore-style verify + nullifier contract knowing one root. */
export async function deployMinimalVerifyNullifier(deployer: Signer, root: bigint) {
  return deployed(new ContractFactory(MinimalVerifyNullifierArtifact.abi, MinimalVerifyNullifierArtifact.bytecode, deployer), root);
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
