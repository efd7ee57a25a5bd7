import type { ContractTransactionReceipt } from "ethers/contract";
import { Contract } from "ethers/contract";
import { id } from "ethers/hash";
import type { ContractRunner } from "ethers/providers";
import type { LogPaging } from "./event-logs.ts";
import { logsOf } from "./event-logs.ts";
import { MemberGovernorArtifact, MutuaMutualArtifact, MutuaTimelockArtifact, PrivateAssessmentArtifact } from "./generated/artifacts.ts";
import { emittedIn, sendAndWait } from "./send.ts";

/** OpenZeppelin's IGovernor.ProposalState, by name. */
export const PROPOSAL_STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"] as const;
/** A proposal's state by name, as the governor reports it. */
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** The support values of MemberGovernor.castAnonymousVote. */
export const Support = { against: 0, for: 1, abstain: 2 } as const;
/** A ballot's choice by name: against, for or abstain. */
export type SupportName = keyof typeof Support;

/** One call a proposal makes through the timelock once it passes. */
export interface ProposalAction {
  target: string;
  value: bigint;
  calldata: string;
}

/** A proposal as its ProposalCreated event recorded it. */
export interface ProposalRecord {
  proposalId: bigint;
  proposer: string;
  actions: ProposalAction[];
  description: string;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: number;
}

/** A proposal's snapshot (member root, quorum in votes) and its tally. */
export interface BallotBoxRecord {
  root: bigint;
  quorum: number;
  forVotes: number;
  againstVotes: number;
  abstainVotes: number;
}

/** The mutual's, the timelock's and the assessment's errors too: a proposal's execution reverts with theirs. */
const ABIS = [MemberGovernorArtifact.abi, MutuaTimelockArtifact.abi, MutuaMutualArtifact.abi, PrivateAssessmentArtifact.abi];

/**
 * The members' governor (MemberGovernor, an OpenZeppelin Governor counting anonymous ballots). Proposals go
 * through it to the timelock: propose, members vote anonymously, queue once it succeeded, execute after the delay.
 */
export class MemberGovernorClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner) {
    this.address = address;
    this.contract = new Contract(address, MemberGovernorArtifact.abi, runner);
  }

  /** The same governor, through another signer or provider. */
  connect(runner: ContractRunner): MemberGovernorClient {
    return new MemberGovernorClient(this.address, runner);
  }

  /** Proposes `actions` with a description; returns the proposal id and the transaction receipt. */
  async propose(
    actions: readonly ProposalAction[],
    description: string,
  ): Promise<{ proposalId: bigint; receipt: ContractTransactionReceipt }> {
    const receipt = await this.#send("propose", ...this.#columns(actions), description);
    return { proposalId: emittedIn(receipt, "ProposalCreated").args[0] as bigint, receipt };
  }

  /** A member's anonymous ballot; `proof` in the order of flattenProof. */
  castAnonymousVote(proposalId: bigint, support: number, nullifier: bigint, proof: readonly bigint[]): Promise<ContractTransactionReceipt> {
    return this.#send("castAnonymousVote", proposalId, support, nullifier, [...proof]);
  }

  /** Queues a passed proposal in the timelock (the same actions and description it was proposed with). */
  queue(actions: readonly ProposalAction[], description: string): Promise<ContractTransactionReceipt> {
    return this.#send("queue", ...this.#columns(actions), id(description));
  }

  /** Executes a queued proposal once the timelock's delay has passed. */
  execute(actions: readonly ProposalAction[], description: string): Promise<ContractTransactionReceipt> {
    return this.#send("execute", ...this.#columns(actions), id(description));
  }

  /** The proposal's state: pending, active, defeated, succeeded, queued, executed… */
  async state(proposalId: bigint): Promise<ProposalStateName> {
    return PROPOSAL_STATES[Number(await this.contract.getFunction("state")(proposalId))] as ProposalStateName;
  }

  /** The proposal's anonymous tally: votes for, against and abstaining, the member root and the snapshot they prove against. */
  async ballotBox(proposalId: bigint): Promise<BallotBoxRecord> {
    const box = await this.contract.getFunction("proposalBallotBox")(proposalId);
    return {
      root: box.root,
      quorum: Number(box.quorum),
      forVotes: Number(box.forVotes),
      againstVotes: Number(box.againstVotes),
      abstainVotes: Number(box.abstainVotes),
    };
  }

  /** When voting ends (unix seconds) and, once queued, when the timelock lets it execute (0 before). */
  async timing(proposalId: bigint): Promise<{ deadline: bigint; eta: bigint }> {
    const [deadline, eta] = await Promise.all([
      this.contract.getFunction("proposalDeadline")(proposalId) as Promise<bigint>,
      this.contract.getFunction("proposalEta")(proposalId) as Promise<bigint>,
    ]);
    return { deadline, eta };
  }

  /** The scope ballots on this proposal derive their nullifiers from: one vote per member per proposal. */
  ballotScopeOf(proposalId: bigint): Promise<bigint> {
    return this.contract.getFunction("ballotScopeOf")(proposalId);
  }

  /** Whether a ballot with this nullifier was already counted. */
  nullifierUsed(nullifier: bigint): Promise<boolean> {
    return this.contract.getFunction("nullifierUsed")(nullifier);
  }

  /** The voting period (seconds) and the quorum (basis points of members) proposals are decided by. */
  async votingRules(): Promise<{ votingPeriod: number; quorumBps: number }> {
    const [votingPeriod, quorumBps] = await Promise.all([
      this.contract.getFunction("votingPeriod")() as Promise<bigint>,
      this.contract.getFunction("quorumBps")() as Promise<bigint>,
    ]);
    return { votingPeriod: Number(votingPeriod), quorumBps: Number(quorumBps) };
  }

  /** The address of the timelock that executes passed proposals. */
  timelock(): Promise<string> {
    return this.contract.getFunction("timelock")();
  }

  /** Every proposal made since `fromBlock` (ProposalCreated events, read in bounded pages). */
  async proposals(fromBlock = 0, paging: LogPaging = {}): Promise<ProposalRecord[]> {
    const logs = await logsOf(this.contract, "ProposalCreated", [], fromBlock, paging);
    return logs.map((log) => {
      const [proposalId, proposer, targets, values, , calldatas, voteStart, voteEnd, description] = log.args;
      return {
        proposalId,
        proposer,
        actions: (targets as string[]).map((target, i) => ({
          target,
          value: (values as bigint[])[i] ?? 0n,
          calldata: (calldatas as string[])[i] ?? "0x",
        })),
        description,
        voteStart,
        voteEnd,
        blockNumber: log.blockNumber,
      } as ProposalRecord;
    });
  }

  #columns(actions: readonly ProposalAction[]): [string[], bigint[], string[]] {
    return [actions.map((a) => a.target), actions.map((a) => a.value), actions.map((a) => a.calldata)];
  }

  #send(method: string, ...args: unknown[]): Promise<ContractTransactionReceipt> {
    return sendAndWait(this.contract, ABIS, method, ...args);
  }
}
