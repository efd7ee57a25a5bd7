import type { BallotBoxRecord, ProposalAction, ProposalRecord, ProposalStateName, SupportName } from "@mutua/contracts";
import {
  APPEAL_ROUND,
  AssessmentClient,
  claimIdOf,
  flattenProof,
  MemberGovernorArtifact,
  MemberGovernorClient,
  MutuaMutualClient,
  Support,
} from "@mutua/contracts";
import { ballotScope, MutuaError, memberLeaf, memberLeafData } from "@mutua/core";
import type { AppealDisclosure, EvidenceStore, OpenedEvidence } from "@mutua/evidence";
import { openDisclosedEvidence, parseDisclosure } from "@mutua/evidence";
import type { HeldMembership, MemberWallet } from "@mutua/identity";
import type { Ballot, CircuitArtifactResolver, CircuitProver, MemberTreeView, VoteProof } from "@mutua/proofs";
import { toSolidityProof, VoteProver } from "@mutua/proofs";
import type { RelayerClient } from "@mutua/relayer";
import { Interface } from "ethers/abi";
import type { ContractTransactionReceipt } from "ethers/contract";
import type { Signer } from "ethers/providers";
import { getBytes } from "ethers/utils";
import { BallotJournal } from "./ballot-journal.ts";
import type { SentBallot } from "./ballot-sender.ts";
import { ballotRoute, sendBallot } from "./ballot-sender.ts";
import { loadCircuit } from "./circuit-artifacts.ts";
import { NotAMemberError } from "./errors.ts";
import { memberTreeAtRoot, syncMemberTree } from "./member-tree-sync.ts";
import type { MutualDeployment } from "./mutual-admin.ts";
import type { ClaimDecision } from "./sealed-ballots.ts";
import { SealedBallots } from "./sealed-ballots.ts";

/** A proposal with its state, snapshot, tally and timing, and anything a voter should know before voting. */
export interface ProposalView extends ProposalRecord {
  state: ProposalStateName;
  box: BallotBoxRecord;
  /** Unix seconds: when voting ends, and (once queued) from when it can execute. */
  deadline: bigint;
  eta: bigint;
}

const governorInterface = new Interface(MemberGovernorArtifact.abi);

/**
 * The members' side of governance: anyone proposes; a member votes anonymously (a zero-knowledge proof of a leaf
 * in the proposal's snapshot tree, a nullifier per member and proposal, sent through the relayer: neither the
 * issuer nor anyone else learns who voted or how); anyone queues a passed proposal and executes it after the
 * timelock's delay. Members also vote on appeals, with sealed ballots like the assessors'.
 */
export class MemberGovernance {
  readonly deployment: MutualDeployment;
  readonly governor: MemberGovernorClient;
  readonly #signer: Signer;
  readonly #mutual: MutuaMutualClient;
  readonly #relayer: string | RelayerClient | undefined;
  readonly #journal: BallotJournal;
  readonly #treeDirectory: string | undefined;
  #prover: CircuitProver<Ballot, VoteProof> | undefined;
  readonly #artifacts: CircuitArtifactResolver | undefined;
  #loading: Promise<CircuitProver<Ballot, VoteProof>> | undefined;
  #warming: Promise<CircuitProver<Ballot, VoteProof>> | undefined;

  constructor(options: {
    deployment: MutualDeployment;
    /** Reads the chain, proposes, queues and executes; sends ballots only when no relayer is given. */
    signer: Signer;
    relayer?: string | RelayerClient;
    prover?: CircuitProver<Ballot, VoteProof>;
    /** Where the circuit's artifacts come from (default: the `@mutua/circuits` package's files, in Node). */
    artifacts?: CircuitArtifactResolver;
    /** Where sealed appeal votes are kept until revealed (default memory). */
    journal?: BallotJournal;
    /**
     * The wallet's copy of the member tree (as Member keeps it): used when a snapshot is the current root, so a
     * vote at a million members does not replay every event. Otherwise the snapshot is rebuilt from events.
     */
    treeDirectory?: string;
  }) {
    this.deployment = options.deployment;
    this.#signer = options.signer;
    this.governor = new MemberGovernorClient(options.deployment.governor, options.signer);
    this.#mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    this.#relayer = options.relayer;
    this.#journal = options.journal ?? BallotJournal.memory();
    this.#prover = options.prover;
    this.#artifacts = options.artifacts;
    this.#treeDirectory = options.treeDirectory;
  }

  /** Proposes `actions` (see proposal-actions.ts); the proposer's account is public, the votes are not. */
  propose(actions: readonly ProposalAction[], description: string) {
    if (actions.length === 0) throw new MutuaError("EMPTY_PROPOSAL", "a proposal needs at least one action");
    if (description.trim() === "") throw new MutuaError("EMPTY_PROPOSAL", "a proposal needs a description members can read");
    return this.governor.propose(actions, description);
  }

  /** Every proposal, in plain words, with its state and tally. */
  async proposals(): Promise<ProposalView[]> {
    const records = await this.governor.proposals(this.deployment.fromBlock);
    return Promise.all(records.map((record) => this.#view(record)));
  }

  /** One proposal, in plain words, with its state and tally. */
  async proposal(proposalId: bigint): Promise<ProposalView> {
    const record = (await this.governor.proposals(this.deployment.fromBlock)).find((p) => p.proposalId === proposalId);
    if (!record) throw new MutuaError("UNKNOWN_PROPOSAL", `there is no proposal ${proposalId} in this mutual`);
    return this.#view(record);
  }

  /**
   * Votes anonymously on a proposal with the wallet's membership at the proposal's snapshot. Checked before
   * proving: PROPOSAL_NOT_ACTIVE, NOT_A_MEMBER (no leaf of the wallet in the snapshot), ALREADY_VOTED.
   */
  async vote(wallet: MemberWallet, proposalId: bigint, support: SupportName): Promise<SentBallot & { nullifier: bigint }> {
    // The circuit loads and warms while the proposal and the member tree are read: a vote from a fresh process
    // then waits for the slower of the two, not their sum.
    const warming = this.prepare();
    const proposal = await this.proposal(proposalId);
    if (proposal.state !== "Active") {
      throw new MutuaError("PROPOSAL_NOT_ACTIVE", `proposal ${proposalId} is ${proposal.state}: votes are taken only while it is Active`);
    }
    const tree = await this.#treeAt(proposal.box.root, proposal.blockNumber);
    const { held, index } = this.#membershipIn(wallet, tree, "you were not a member when this proposal was made (its snapshot)");
    const proof = await (await warming).prove({
      secret: held.identitySecret,
      leafData: memberLeafData(held.membership.terms),
      merkleProof: tree.proof(index),
      scope: ballotScope({ chainId: this.deployment.chainId, contract: this.deployment.governor, ballotId: proposalId }),
      message: BigInt(Support[support]),
    });
    const nullifier = proof.publicSignals.nullifier;
    if (await this.governor.nullifierUsed(nullifier)) throw new MutuaError("ALREADY_VOTED", `you already voted on proposal ${proposalId}`);
    const data = governorInterface.encodeFunctionData("castAnonymousVote", [
      proposalId,
      Support[support],
      nullifier,
      flattenProof(toSolidityProof(proof)),
    ]);
    return { ...(await sendBallot(ballotRoute(this.#relayer, this.#signer), this.deployment.governor, data)), nullifier };
  }

  /** Queues a passed proposal in the timelock (anyone may). */
  async queue(proposalId: bigint): Promise<ContractTransactionReceipt> {
    const proposal = await this.proposal(proposalId);
    if (proposal.state !== "Succeeded") throw new MutuaError("NOT_PASSED", `proposal ${proposalId} is ${proposal.state}, not Succeeded`);
    return this.governor.queue(proposal.actions, proposal.description);
  }

  /** Executes a queued proposal once the timelock's delay has passed (anyone may). */
  async execute(proposalId: bigint): Promise<ContractTransactionReceipt> {
    const proposal = await this.proposal(proposalId);
    if (proposal.state !== "Queued") throw new MutuaError("NOT_QUEUED", `proposal ${proposalId} is ${proposal.state}, not Queued`);
    const now = BigInt((await this.#signer.provider?.getBlock("latest"))?.timestamp ?? 0);
    if (now < proposal.eta) {
      throw new MutuaError(
        "TIMELOCK_NOT_READY",
        `proposal ${proposalId} can execute from ${new Date(Number(proposal.eta) * 1000).toISOString()}`,
        {
          eta: proposal.eta,
        },
      );
    }
    return this.governor.execute(proposal.actions, proposal.description);
  }

  /** The disclosure an appeal published: how members read the evidence and whom reasons are sealed to. */
  async appealDisclosure(claim: { incidentId: bigint; nullifier: bigint }): Promise<{ disclosure: AppealDisclosure; blockNumber: number }> {
    const assessment = new AssessmentClient(this.deployment.assessment, this.#signer);
    const filed = await assessment.appealFiled(claimIdOf(claim.incidentId, claim.nullifier), this.deployment.fromBlock);
    if (!filed) throw new MutuaError("NOT_APPEALED", "this claim was not appealed");
    return { disclosure: parseDisclosure(getBytes(filed.disclosure)), blockNumber: filed.blockNumber };
  }

  /** Opens an appealed claim's evidence with the key its appeal disclosed. */
  async openAppealEvidence(store: EvidenceStore, claim: { incidentId: bigint; nullifier: bigint }): Promise<OpenedEvidence> {
    return openDisclosedEvidence(store, (await this.appealDisclosure(claim)).disclosure);
  }

  /**
   * A member's sealed, anonymous vote on an appeal (the member tree when it was appealed; the claimant cannot vote
   * on their own). Revealed by `revealAppealVotes` once voting closes.
   */
  async voteOnAppeal(wallet: MemberWallet, claim: { incidentId: bigint; nullifier: bigint; amount: bigint }, decision: ClaimDecision) {
    const { disclosure, blockNumber } = await this.appealDisclosure(claim);
    const ballots = this.#ballots();
    const state = await ballots.roundState(claim, APPEAL_ROUND);
    const tree = await this.#treeAt(state.root, blockNumber);
    const { held } = this.#membershipIn(wallet, tree, "you were not a member when this claim was appealed");
    const voter = { secret: held.identitySecret, leafData: memberLeafData(held.membership.terms), tree };
    return ballots.commit(voter, claim, APPEAL_ROUND, decision, disclosure.replyKey);
  }

  /** Reveals this member's sealed appeal votes whose voting window has closed. */
  revealAppealVotes() {
    return this.#ballots().revealDue();
  }

  /** Releases the vote prover. */
  async close(): Promise<void> {
    await this.#prover?.close();
  }

  #ballots(): SealedBallots {
    return new SealedBallots({
      deployment: this.deployment,
      signer: this.#signer,
      route: ballotRoute(this.#relayer, this.#signer),
      journal: this.#journal,
      prover: () => this.#loadProver(),
    });
  }

  /** The member tree whose root is `root` (a snapshot taken at `block`): the wallet's copy if it is the current one. */
  async #treeAt(root: bigint, block: number): Promise<MemberTreeView> {
    if (this.#treeDirectory && (await this.#mutual.currentRoot()) === root) {
      const kept = await syncMemberTree(this.#mutual, this.deployment.fromBlock, this.#treeDirectory);
      if (kept.root === root) return kept;
    }
    return memberTreeAtRoot(this.#mutual, this.deployment.fromBlock, root, block);
  }

  /** The wallet's membership of this mutual whose leaf is in `tree` (any one: a member votes once, whatever their policies). */
  #membershipIn(wallet: MemberWallet, tree: MemberTreeView, reason: string): { held: HeldMembership; index: number } {
    const mine = wallet
      .memberships()
      .filter((m) => m.membership.mutual?.contract?.toLowerCase() === this.deployment.mutual.toLowerCase())
      .map((held) => ({ held, index: tree.indexOf(memberLeaf(held.membership.identityCommitment, held.membership.terms)) }))
      .filter((c) => c.index >= 0);
    const first = mine[0];
    if (!first) throw new NotAMemberError(reason);
    return first;
  }

  async #view(record: ProposalRecord): Promise<ProposalView> {
    const [state, box, timing] = await Promise.all([
      this.governor.state(record.proposalId),
      this.governor.ballotBox(record.proposalId),
      this.governor.timing(record.proposalId),
    ]);
    return { ...record, state, box, ...timing };
  }

  /**
   * Starts loading and warming the vote prover (its circuit, the curve's threads) and returns it when ready; a
   * caller with other work first (opening a wallet) calls this before it, and `vote` then finds the prover warm.
   */
  prepare(): Promise<CircuitProver<Ballot, VoteProof>> {
    this.#warming ??= this.#loadProver().then(async (prover) => {
      await (prover as { warm?: () => Promise<void> }).warm?.();
      return prover;
    });
    this.#warming.catch(() => {
      this.#warming = undefined; // thrown where the prover is used; the next call tries again
    });
    return this.#warming;
  }

  async #loadProver(): Promise<CircuitProver<Ballot, VoteProof>> {
    // One load however many callers ask at once (a vote and prepare(), say); a failed one is tried again next time.
    this.#loading ??= this.#prover
      ? Promise.resolve(this.#prover)
      : loadCircuit("vote", this.#artifacts).then((artifacts) => new VoteProver(artifacts));
    try {
      this.#prover = await this.#loading;
    } catch (error) {
      this.#loading = undefined;
      throw error;
    }
    return this.#prover;
  }
}
