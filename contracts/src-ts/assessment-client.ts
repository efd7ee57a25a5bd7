import { AbiCoder } from "ethers/abi";
import type { ContractTransactionReceipt } from "ethers/contract";
import { Contract } from "ethers/contract";
import { keccak256 } from "ethers/crypto";
import type { TypedDataDomain } from "ethers/hash";
import type { ContractRunner } from "ethers/providers";
import { toBeHex } from "ethers/utils";
import type { LogPaging } from "./event-logs.ts";
import { logsOf } from "./event-logs.ts";
import { MutuaMutualArtifact, PrivateAssessmentArtifact } from "./generated/artifacts.ts";
import { sendAndWait } from "./send.ts";

/** Round 0: the assessors' sealed vote. Round 1: the members' appeal. */
export const ASSESSORS_ROUND = 0;
/** The assessment round an appealed claim is decided in (round 0 is the first decision). */
export const APPEAL_ROUND = 1;

/** What a sealed vote commits to (IPrivateAssessment.Opening). A rejection has amount 0. */
export interface VoteOpening {
  approve: boolean;
  amount: bigint;
  /** 32 random bytes, 0x-hex: without it nobody can test guesses against the commitment. */
  salt: string;
  /** The reason sealed to the claimant (a compact JWE, as bytes or 0x-hex). */
  encryptedReason: Uint8Array | string;
}

/**
 * A claim's round: the root its ballots prove against (round 0: the seat root now), windows (stretched by pauses),
 * quorum and tally (votes count once revealed): one contract read.
 */
export interface RoundState {
  opened: boolean;
  root: bigint;
  quorum: number;
  approvals: number;
  rejections: number;
  decided: boolean;
  commitEndsAt: bigint;
  revealEndsAt: bigint;
}

/** A round with `commits`, the sealed ballots cast in it (its VoteCommitted events: unrevealed ones included). */
export interface RoundRecord extends RoundState {
  commits: number;
}

/** A seat list governance set (AssessorSeatsChanged). */
export interface SeatChange {
  seats: bigint[];
  root: bigint;
  /** Each seat's reading key (a DID; "" for none), in the seats' order: what claims seal their evidence to. */
  readers: string[];
  blockNumber: number;
}

/** A revealed vote (VoteRevealed): no seat or member is named, only the ballot's nullifier. */
export interface RevealedVote {
  claimId: string;
  round: number;
  voteNullifier: bigint;
  approve: boolean;
  amount: bigint;
  encryptedReason: string;
  blockNumber: number;
}

const coder = AbiCoder.defaultAbiCoder();

/**
 * commitmentFor in PrivateAssessment: keccak256(abi.encode(claimId, round, voteNullifier, approve, amount, salt,
 * keccak256(reason))) >> 8, as 0x-hex of 32 bytes. A field element, so the ballot proof binds it whole (its `message`
 * is this value); the ballot's own nullifier inside it, so nobody can copy it and reveal it as their vote.
 */
export function voteCommitment(claimId: string, round: number, voteNullifier: bigint, opening: VoteOpening): string {
  const hash = keccak256(
    coder.encode(
      ["bytes32", "uint8", "uint256", "bool", "uint256", "bytes32", "bytes32"],
      [claimId, round, voteNullifier, opening.approve, opening.amount, opening.salt, keccak256(opening.encryptedReason)],
    ),
  );
  return toBeHex(BigInt(hash) >> 8n, 32);
}

/** claimIdOf in the contracts: keccak256(abi.encode(incidentId, nullifier)). */
export function claimIdOf(incidentId: bigint, nullifier: bigint): string {
  return keccak256(coder.encode(["uint256", "uint256"], [incidentId, nullifier]));
}

/** The ballot id of a claim's round: uint256(keccak256(abi.encode(claimId, round))); its scope is ballotScope(…). */
export function roundBallotId(claimId: string, round: number): bigint {
  return BigInt(keccak256(coder.encode(["bytes32", "uint8"], [claimId, round])));
}

/** The EIP-712 typed data a claim's recipient signs to appeal it: Appeal(bytes32 claimId, bytes32 disclosure). */
export function appealTypedData(chainId: bigint, assessment: string, claimId: string, disclosure: Uint8Array | string = "0x") {
  const domain: TypedDataDomain = { name: "Mutua assessment", version: "1", chainId, verifyingContract: assessment };
  const types = {
    Appeal: [
      { name: "claimId", type: "bytes32" },
      { name: "disclosure", type: "bytes32" },
    ],
  };
  return { domain, types, value: { claimId, disclosure: keccak256(disclosure) } };
}

/**
 * The assessment module (PrivateAssessment): sealed, anonymous assessor votes on claims, their reveals, the
 * decision, and appeals to the members. Every write can be sent by anyone (a relayer): none names a voter.
 */
export class AssessmentClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner) {
    this.address = address;
    this.contract = new Contract(address, PrivateAssessmentArtifact.abi, runner);
  }

  /** The same contract, sending with (or reading through) another signer or provider. */
  connect(runner: ContractRunner): AssessmentClient {
    return new AssessmentClient(this.address, runner);
  }

  /** A sealed vote; `root` is the tree root the ballot's proof was made against (round 0: a valid seat root). */
  commitVote(
    incidentId: bigint,
    claimNullifier: bigint,
    round: number,
    root: bigint,
    voteNullifier: bigint,
    commitment: string,
    proof: readonly bigint[],
  ): Promise<ContractTransactionReceipt> {
    return this.#send("commitVote", incidentId, claimNullifier, round, root, voteNullifier, commitment, [...proof]);
  }

  /** Reveals a sealed vote after voting closed: the opening must match the commitment the ballot proof sealed. */
  revealVote(incidentId: bigint, claimNullifier: bigint, round: number, voteNullifier: bigint, opening: VoteOpening) {
    return this.#send("revealVote", incidentId, claimNullifier, round, voteNullifier, opening);
  }

  /** Decides the claim's current round once its reveal window has closed. Anyone may call it. */
  finalize(incidentId: bigint, claimNullifier: bigint): Promise<ContractTransactionReceipt> {
    return this.#send("finalize", incidentId, claimNullifier);
  }

  /**
   * Appeals a decision: `signature` is the recipient's over appealTypedData (empty when the recipient sends it);
   * `disclosure` is published with it (what the members judge by).
   */
  appeal(incidentId: bigint, claimNullifier: bigint, signature = "0x", disclosure: Uint8Array | string = "0x") {
    return this.#send("appeal", incidentId, claimNullifier, disclosure, signature);
  }

  /** The disclosure published with a claim's appeal and the appeal's block, or undefined if it was not appealed. */
  async appealFiled(
    claimId: string,
    fromBlock = 0,
    paging: LogPaging = {},
  ): Promise<{ disclosure: string; blockNumber: number } | undefined> {
    const [log] = await logsOf(this.contract, "AppealFiled", [claimId], fromBlock, paging);
    return log ? { disclosure: log.args[1] as string, blockNumber: log.blockNumber } : undefined;
  }

  /** A claim's round as it stands now (one contract read). */
  async round(incidentId: bigint, claimNullifier: bigint, round: number): Promise<RoundState> {
    const r = await this.contract.getFunction("roundOf")(incidentId, claimNullifier, round);
    return {
      opened: r.opened,
      root: r.root,
      quorum: Number(r.quorum),
      approvals: Number(r.approvals),
      rejections: Number(r.rejections),
      decided: r.decided,
      commitEndsAt: r.commitEndsAt,
      revealEndsAt: r.revealEndsAt,
    };
  }

  /** The round with its sealed ballots counted from the VoteCommitted events since `fromBlock` (for reports). */
  async roundWithCommits(incidentId: bigint, claimNullifier: bigint, round: number, fromBlock = 0): Promise<RoundRecord> {
    const [state, committed] = await Promise.all([
      this.round(incidentId, claimNullifier, round),
      logsOf(this.contract, "VoteCommitted", [claimIdOf(incidentId, claimNullifier)], fromBlock),
    ]);
    return { ...state, commits: committed.filter((log) => Number(log.args[1]) === round).length };
  }

  /** The root of the assessor seat tree ballots prove membership of. */
  assessorRoot(): Promise<bigint> {
    return this.contract.getFunction("assessorRoot")();
  }

  /** The scope of one claim's round: a seat's vote nullifier is derived from it, so each seat votes once per round. */
  ballotScopeOf(claimId: string, round: number): Promise<bigint> {
    return this.contract.getFunction("ballotScopeOf")(claimId, round);
  }

  /** The nullifier scope of claims on an incident (the scope's top bits, as the claim proof carries them). */
  claimScopeOf(incidentId: bigint): Promise<bigint> {
    return this.contract.getFunction("claimScopeOf")(incidentId);
  }

  /** The sealed vote commitment a ballot recorded (zero hash when none). */
  commitmentOf(voteNullifier: bigint): Promise<string> {
    return this.contract.getFunction("commitmentOf")(voteNullifier);
  }

  /**
   * Every seat list governance set since `fromBlock`, oldest first: the seats, the root it claims, and each seat's
   * reading key (a DID, "" for none) in the seats' order.
   */
  async seatChanges(fromBlock = 0, paging: LogPaging = {}): Promise<SeatChange[]> {
    const logs = await logsOf(this.contract, "AssessorSeatsChanged", [], fromBlock, paging);
    return logs.map((log) => ({
      seats: [...(log.args[0] as bigint[])],
      root: log.args[1] as bigint,
      readers: [...(log.args[2] as string[])],
      blockNumber: log.blockNumber,
    }));
  }

  /** The revealed votes of a claim (both rounds), with their sealed reasons. */
  async revealedVotes(claimId: string, fromBlock = 0, paging: LogPaging = {}): Promise<RevealedVote[]> {
    const logs = await logsOf(this.contract, "VoteRevealed", [claimId], fromBlock, paging);
    return logs.map((log) => ({
      claimId: log.args[0] as string,
      round: Number(log.args[1]),
      voteNullifier: log.args[2] as bigint,
      approve: log.args[3] as boolean,
      amount: log.args[4] as bigint,
      encryptedReason: log.args[5] as string,
      blockNumber: log.blockNumber,
    }));
  }

  #send(method: string, ...args: unknown[]): Promise<ContractTransactionReceipt> {
    return sendAndWait(this.contract, [PrivateAssessmentArtifact.abi, MutuaMutualArtifact.abi], method, ...args);
  }
}
