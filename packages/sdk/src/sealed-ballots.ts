import type { RoundState } from "@mutua/contracts";
import {
  ASSESSORS_ROUND,
  AssessmentClient,
  claimIdOf,
  flattenProof,
  MutuaMutualClient,
  PrivateAssessmentArtifact,
  roundBallotId,
  voteCommitment,
} from "@mutua/contracts";
import {
  ballotScope,
  computeNullifier,
  deriveScope,
  InvalidArgumentError,
  identityCommitment,
  leafOf,
  MutuaError,
  nullifierScope,
} from "@mutua/core";
import { sealReason } from "@mutua/evidence";
import type { Ballot, CircuitProver, MemberTreeView, VoteProof } from "@mutua/proofs";
import { toSolidityProof } from "@mutua/proofs";
import { Interface } from "ethers/abi";
import { randomBytes } from "ethers/crypto";
import type { Signer } from "ethers/providers";
import { hexlify } from "ethers/utils";
import type { BallotJournal, JournalBallot } from "./ballot-journal.ts";
import type { BallotRoute, SentBallot } from "./ballot-sender.ts";
import { sendBallot } from "./ballot-sender.ts";
import type { MutualDeployment } from "./mutual-admin.ts";

/** Who votes: an identity secret and the leaf it proves (a seat, or a member leaf) in the round's tree. */
export interface SealedVoter {
  secret: bigint;
  leafData: readonly bigint[];
  tree: MemberTreeView;
}

/** A vote on a claim: approve with an amount (up to the claimed one) or reject, and a reason for the claimant. */
export interface ClaimDecision {
  approve: boolean;
  /** Base units; required to approve, absent (or 0) to reject. */
  amount?: bigint;
  /** Sealed to the claimant: only they read it. */
  reason: string;
}

/** The claim a sealed vote is about. */
export interface ClaimRef {
  incidentId: bigint;
  nullifier: bigint;
  /** The amount claimed: an approval cannot exceed it. */
  amount: bigint;
}

const assessmentInterface = new Interface(PrivateAssessmentArtifact.abi);

/**
 * Commits sealed votes on claims (an assessor's seat in round 0, a member in an appeal) and reveals them once the
 * voting window closes. The opening of each vote is kept in a journal until its reveal: it is the only way to
 * reveal, and it says how this voter voted, so it never leaves the voter's machine before then.
 */
export class SealedBallots {
  readonly #deployment: MutualDeployment;
  readonly #assessment: AssessmentClient;
  readonly #mutual: MutuaMutualClient;
  readonly #route: BallotRoute;
  readonly #journal: BallotJournal;
  readonly #prover: () => Promise<CircuitProver<Ballot, VoteProof>>;

  constructor(options: {
    deployment: MutualDeployment;
    signer: Signer;
    route: BallotRoute;
    journal: BallotJournal;
    prover: () => Promise<CircuitProver<Ballot, VoteProof>>;
  }) {
    this.#deployment = options.deployment;
    this.#assessment = new AssessmentClient(options.deployment.assessment, options.signer);
    this.#mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    this.#route = options.route;
    this.#journal = options.journal;
    this.#prover = options.prover;
  }

  /** The round's tree root, windows and tally now (round 0: the seat root and the incident's windows). */
  roundState(claim: Pick<ClaimRef, "incidentId" | "nullifier">, round: number): Promise<RoundState> {
    return this.#assessment.round(claim.incidentId, claim.nullifier, round);
  }

  /**
   * Checks, seals the reason to `replyKey` (or what it resolves to, asked only once the checks pass), proves and
   * commits one vote. Typed errors, before anything is proven: NOT_IN_ROUND (the voter's leaf is not in the round's
   * tree), VOTING_CLOSED, AMOUNT_INVALID; then OWN_CLAIM (the prover refuses a voter's own claim) and ALREADY_VOTED.
   */
  async commit(
    voter: SealedVoter,
    claim: ClaimRef,
    round: number,
    decision: ClaimDecision,
    replyKey: string | (() => Promise<string>),
  ): Promise<SentBallot & { voteNullifier: bigint }> {
    const claimId = claimIdOf(claim.incidentId, claim.nullifier);
    const state = await this.roundState(claim, round);
    if (round !== ASSESSORS_ROUND && !state.opened) throw new MutuaError("NOT_APPEALED", "this claim has no appeal round to vote in");
    const leaf = leafOf(identityCommitment(voter.secret), voter.leafData);
    const index = voter.tree.indexOf(leaf);
    if (index < 0 || voter.tree.root !== state.root) {
      throw new MutuaError(
        "NOT_IN_ROUND",
        round === ASSESSORS_ROUND
          ? "you hold no assessor seat in this claim's round: governance has not appointed your seat (Assessor.seatLeaf)"
          : "you were not a member when this appeal opened",
        { claimId, round },
      );
    }
    if ((await this.#now()) > state.commitEndsAt) {
      throw new MutuaError("VOTING_CLOSED", `voting on this claim closed at ${isoTime(state.commitEndsAt)}`, { claimId, round });
    }
    if (round === ASSESSORS_ROUND) {
      const { status } = await this.#mutual.getClaim(claim.incidentId, claim.nullifier);
      if (status !== "Filed") {
        throw new MutuaError(
          "CLAIM_NOT_OPEN",
          status === "None"
            ? "no claim was filed with this nullifier for this incident"
            : `this claim is ${status}: the assessors' vote on it is over`,
          { claimId, status },
        );
      }
    }
    const amount = decision.approve ? (decision.amount ?? claim.amount) : 0n;
    if (decision.approve && (amount <= 0n || amount > claim.amount)) {
      throw new MutuaError("AMOUNT_INVALID", `an approval is for more than 0 and at most the ${claim.amount} base units claimed`, {
        amount,
      });
    }
    if (!decision.approve && (decision.amount ?? 0n) !== 0n) throw new InvalidArgumentError("amount", "a rejection has no amount");
    const encryptedReason = await sealReason(decision.reason, typeof replyKey === "string" ? replyKey : await replyKey());
    const opening = {
      approve: decision.approve,
      amount,
      salt: hexlify(randomBytes(32)),
      encryptedReason: hexlify(new TextEncoder().encode(encryptedReason)),
    };
    const scope = ballotScope({
      chainId: this.#deployment.chainId,
      contract: this.#deployment.assessment,
      ballotId: roundBallotId(claimId, round),
    });
    // The ballot's nullifier goes into the commitment (a copied commitment cannot be revealed as another ballot), so
    // it is computed before the proof, which then binds the commitment whole as its message.
    const voteNullifier = computeNullifier(voter.secret, scope);
    if ((await this.#assessment.commitmentOf(voteNullifier)) !== `0x${"00".repeat(32)}`) {
      throw new MutuaError("ALREADY_VOTED", "you already voted on this claim in this round", { claimId, round });
    }
    const commitment = voteCommitment(claimId, round, voteNullifier, opening);
    const proof = await (await this.#prover()).prove({
      secret: voter.secret,
      leafData: voter.leafData,
      merkleProof: voter.tree.proof(index),
      scope,
      message: BigInt(commitment),
      excluded: {
        // The claim's nullifier scope, as the assessment contract's claimScopeOf gives it.
        scope: nullifierScope(
          deriveScope({ chainId: this.#deployment.chainId, contract: this.#deployment.mutual, incidentId: claim.incidentId }),
        ),
        nullifier: claim.nullifier,
      },
    });
    if (proof.publicSignals.nullifier !== voteNullifier)
      throw new MutuaError("PROOF_MISMATCH", "the ballot proof is for another nullifier");
    const entry: JournalBallot = {
      assessment: this.#deployment.assessment,
      claimId,
      incidentId: claim.incidentId.toString(),
      claimNullifier: claim.nullifier.toString(),
      round,
      voteNullifier: voteNullifier.toString(),
      opening: { ...opening, amount: amount.toString() },
      state: "committed",
    };
    // Journaled before sending: a crash after the transaction must not lose the only way to reveal it.
    this.#journal.add(entry);
    const data = assessmentInterface.encodeFunctionData("commitVote", [
      claim.incidentId,
      claim.nullifier,
      round,
      state.root,
      voteNullifier,
      commitment,
      flattenProof(toSolidityProof(proof)),
    ]);
    try {
      return { ...(await sendBallot(this.#route, this.#deployment.assessment, data)), voteNullifier };
    } catch (error) {
      this.#journal.remove(entry.voteNullifier);
      throw error;
    }
  }

  /**
   * Reveals every journaled vote whose voting window has closed and whose reveal window is open. Votes whose
   * reveal window passed are marked missed (they do not count); the rest wait.
   */
  async revealDue(): Promise<{ revealed: JournalBallot[]; waiting: JournalBallot[]; missed: JournalBallot[] }> {
    const out = { revealed: [] as JournalBallot[], waiting: [] as JournalBallot[], missed: [] as JournalBallot[] };
    const now = await this.#now();
    const mine = this.#journal
      .list()
      .filter((b) => b.state === "committed" && b.assessment.toLowerCase() === this.#deployment.assessment.toLowerCase());
    for (const ballot of mine) {
      const round = await this.#assessment.round(BigInt(ballot.incidentId), BigInt(ballot.claimNullifier), ballot.round);
      if (now <= round.commitEndsAt) {
        out.waiting.push(ballot);
        continue;
      }
      if (now > round.revealEndsAt) {
        this.#journal.mark(ballot.voteNullifier, "missed");
        out.missed.push(ballot);
        continue;
      }
      const opening = { ...ballot.opening, amount: BigInt(ballot.opening.amount) };
      const data = assessmentInterface.encodeFunctionData("revealVote", [
        BigInt(ballot.incidentId),
        BigInt(ballot.claimNullifier),
        ballot.round,
        BigInt(ballot.voteNullifier),
        opening,
      ]);
      await sendBallot(this.#route, this.#deployment.assessment, data);
      this.#journal.mark(ballot.voteNullifier, "revealed");
      out.revealed.push(ballot);
    }
    return out;
  }

  async #now(): Promise<bigint> {
    const block = await this.#mutual.contract.runner?.provider?.getBlock("latest");
    return BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
  }
}

function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
