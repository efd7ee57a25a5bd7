import type { ClaimRecord, FiledClaim, RoundRecord } from "@mutua/contracts";
import { ASSESSORS_ROUND, AssessmentClient, MutuaMutualClient } from "@mutua/contracts";
import { ASSESSOR_SEAT_DATA, evidenceReference, InvalidArgumentError, identityCommitment, leafOf, MutuaError } from "@mutua/core";
import type { EvidenceStore, OpenedEvidence } from "@mutua/evidence";
import { openEvidence } from "@mutua/evidence";
import type { IdentityAgent, MemberWallet } from "@mutua/identity";
import { agentKeyAgreement } from "@mutua/identity";
import type { SeverityModel } from "@mutua/pricing";
import type { Ballot, CircuitArtifactResolver, CircuitProver, VoteProof } from "@mutua/proofs";
import { MemberTree, VoteProver } from "@mutua/proofs";
import type { RelayerClient } from "@mutua/relayer";
import type { ContractTransactionReceipt } from "ethers/contract";
import type { Signer } from "ethers/providers";
import { CID } from "multiformats/cid";
import type { AssessorSeat } from "./assessor-seat.ts";
import { BallotJournal } from "./ballot-journal.ts";
import type { SentBallot } from "./ballot-sender.ts";
import { ballotRoute } from "./ballot-sender.ts";
import { loadCircuit } from "./circuit-artifacts.ts";
import type { EvidenceSignal } from "./evidence-signals.ts";
import { evidenceSignals } from "./evidence-signals.ts";
import type { MutualDeployment } from "./mutual-admin.ts";
import type { ClaimDecision } from "./sealed-ballots.ts";
import { SealedBallots } from "./sealed-ballots.ts";

/** A claim as an assessor's desk shows it: the claim, its status, its round and where its evidence is. */
export interface ClaimUnderReview extends FiledClaim {
  /** The claim as the contract keeps it. */
  status: ClaimRecord;
  /** The assessors' round: sealed ballots so far, votes revealed, windows. */
  round: RoundRecord;
  /** The evidence CID as text; undefined when the claim's bytes are not a CID (see `problem`). */
  evidenceCidText: string | undefined;
  /** Why this claim cannot be read, if it cannot: listed and marked, never thrown, so one bad claim hides no other. */
  problem?: string;
}

/**
 * An assessor: holds a seat (a leaf made from the assessor's member identity, appointed by governance), reads the
 * evidence sealed to their DID, and votes on claims with sealed, anonymous ballots: a zero-knowledge proof of
 * holding a seat, a commitment to the vote and a reason sealed to the claimant, sent through the relayer; revealed
 * after voting closes. The chain never learns which seat voted how, and the assessor cannot vote on a claim they
 * filed with the same identity.
 */
export class Assessor {
  readonly did: string;
  readonly deployment: MutualDeployment;
  readonly #agent: IdentityAgent;
  readonly #wallet: MemberWallet;
  readonly #mutual: MutuaMutualClient;
  readonly #assessment: AssessmentClient;
  readonly #store: EvidenceStore | undefined;
  readonly #ballots: SealedBallots;
  readonly #journal: BallotJournal;
  #prover: CircuitProver<Ballot, VoteProof> | undefined;
  readonly #artifacts: CircuitArtifactResolver | undefined;

  /** `store` is needed to open evidence (and so to vote); `journal` keeps the sealed votes until they are revealed. */
  constructor(options: {
    agent: IdentityAgent;
    did: string;
    /** The assessor's member wallet: the seat is made from its identity secret for this mutual. */
    wallet: MemberWallet;
    /** Reads the chain; sends ballots only when no relayer is given. */
    signer: Signer;
    deployment: MutualDeployment;
    store?: EvidenceStore;
    relayer?: string | RelayerClient;
    prover?: CircuitProver<Ballot, VoteProof>;
    /** Where the circuit's artifacts come from (default: the `@mutua/circuits` package's files, in Node). */
    artifacts?: CircuitArtifactResolver;
    journal?: BallotJournal;
  }) {
    this.did = options.did;
    this.deployment = options.deployment;
    this.#agent = options.agent;
    this.#wallet = options.wallet;
    this.#mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    this.#assessment = new AssessmentClient(options.deployment.assessment, options.signer);
    this.#store = options.store;
    this.#prover = options.prover;
    this.#artifacts = options.artifacts;
    this.#journal = options.journal ?? BallotJournal.memory();
    this.#ballots = new SealedBallots({
      deployment: options.deployment,
      signer: options.signer,
      route: ballotRoute(options.relayer, options.signer),
      journal: this.#journal,
      prover: () => this.#loadProver(),
    });
  }

  /** The seat's leaf, for governance to appoint (Poseidon(identityCommitment, 0, 0, 0, 0)): it names no account. */
  seatLeaf(): bigint {
    return Assessor.seatLeafOf(this.#wallet, { chainId: this.deployment.chainId, contract: this.deployment.mutual });
  }

  /** The seat leaf of `wallet`'s identity in a mutual (before an Assessor exists, e.g. at deployment). */
  static seatLeafOf(wallet: MemberWallet, mutual: { chainId: bigint; contract: string }): bigint {
    return leafOf(identityCommitment(wallet.identitySecret(mutual)), ASSESSOR_SEAT_DATA);
  }

  /** Whether the members have appointed this seat: it is in the latest seat list governance set. */
  async seatAppointed(): Promise<boolean> {
    const changes = await this.#assessment.seatChanges(this.deployment.fromBlock);
    return (changes.at(-1)?.seats ?? []).includes(this.seatLeaf());
  }

  /** What governance appoints: this assessor's seat leaf and the DID claims seal evidence to. */
  seat(): AssessorSeat {
    return { leaf: this.seatLeaf(), reader: this.did };
  }

  /** The seat of `wallet`'s identity in a mutual, reading with `did` (before an Assessor exists, e.g. at deployment). */
  static seatOf(wallet: MemberWallet, mutual: { chainId: bigint; contract: string }, did: string): AssessorSeat {
    return { leaf: Assessor.seatLeafOf(wallet, mutual), reader: did };
  }

  /** The claims this desk may assess (of one incident, or all), with their round and evidence reference. */
  async listClaims(incidentId?: bigint): Promise<ClaimUnderReview[]> {
    const claims = await this.#mutual.claimsWithStatus(this.deployment.fromBlock, incidentId);
    return Promise.all(
      claims.map(async (claim) => ({
        ...claim,
        ...evidenceReference(claim.evidenceCid),
        round: await this.#assessment.roundWithCommits(claim.incidentId, claim.nullifier, ASSESSORS_ROUND, this.deployment.fromBlock),
      })),
    );
  }

  /** Fetches and decrypts a claim's evidence (NOT_A_RECIPIENT if the claimant did not include this assessor). */
  async openEvidence(claim: FiledClaim, options: { envelopeCid?: string; timeoutMs?: number } = {}): Promise<OpenedEvidence> {
    if (!this.#store) throw new InvalidArgumentError("store", "this Assessor was created without an evidence store");
    const ecdh = await agentKeyAgreement(this.#agent, this.did);
    return openEvidence(this.#store, { evidenceCid: CID.decode(claim.evidenceCid), envelopeCid: options.envelopeCid }, ecdh, options);
  }

  /**
   * Signals on an opened claim for the assessor to weigh, with their reasons (never a decision): its images against
   * those of the other claims this assessor has opened (near-duplicates), their camera dates against the loss time,
   * and with `severity` the amount's percentile in the class the claim disclosed. Everything is computed here, on
   * this device: the images' fingerprints are kept only in the sealed journal, and nothing is sent anywhere.
   */
  async signals(
    claim: FiledClaim,
    evidence: OpenedEvidence,
    options: { severity?: SeverityModel; money?: (units: number) => string } = {},
  ): Promise<EvidenceSignal[]> {
    const incident = await this.#mutual.getIncident(claim.incidentId);
    const files = await Promise.all(evidence.files.map(async (file) => ({ name: file.name, bytes: await file.bytes() })));
    const { signals, images } = await evidenceSignals({
      claimId: claim.claimId,
      files,
      occurredAt: incident.occurredAt,
      seen: this.#journal.images(),
      amount: claim.amount,
      ratingClass: claim.ratingClass,
      ...options,
    });
    this.#journal.addImages(claim.claimId, images);
    await this.#journal.flush();
    return signals;
  }

  /**
   * A sealed vote on a claim: approve (an amount up to the claimed one; default all of it) or reject, with a reason
   * sealed to the claimant (read from the evidence, which the assessor must be able to open). Revealed by `reveal`
   * after voting closes.
   */
  async vote(
    claim: FiledClaim,
    decision: ClaimDecision,
    options: { evidence?: OpenedEvidence } = {},
  ): Promise<SentBallot & { voteNullifier: bigint }> {
    const state = await this.#ballots.roundState(claim, ASSESSORS_ROUND);
    const tree = await this.#seatTree(state.root);
    // The evidence is fetched only once the seat and the window are checked.
    const replyKey = async () => {
      const evidence = options.evidence ?? (await this.openEvidence(claim));
      if (!evidence.manifest.replyKey)
        throw new MutuaError("NO_REPLY_KEY", "this claim's evidence carries no key to seal a reason to the claimant");
      return evidence.manifest.replyKey;
    };
    return this.#ballots.commit({ secret: this.#secret(), leafData: ASSESSOR_SEAT_DATA, tree }, claim, ASSESSORS_ROUND, decision, replyKey);
  }

  /** Reveals this assessor's sealed votes whose voting window has closed (run it during the reveal window). */
  reveal() {
    return this.#ballots.revealDue();
  }

  /** Releases the assessor's prover. */
  async close(): Promise<void> {
    await this.#prover?.close();
  }

  /** The seat tree whose root is `root`, from the seat lists governance published. */
  async #seatTree(root: bigint): Promise<MemberTree> {
    const changes = await this.#assessment.seatChanges(this.deployment.fromBlock);
    const change = changes.findLast((c) => c.root === root);
    if (!change) throw new MutuaError("NOT_IN_ROUND", "no assessor seats are appointed for this claim's round");
    const tree = new MemberTree(change.seats);
    // A seat list whose root is not its leaves' would make every ballot fail: say so instead.
    if (tree.root !== root) throw new MutuaError("SEATS_MISMATCH", `the published seats do not hash to the seat root ${root}`);
    return tree;
  }

  #secret(): bigint {
    return this.#wallet.identitySecret({ chainId: this.deployment.chainId, contract: this.deployment.mutual });
  }

  async #loadProver(): Promise<CircuitProver<Ballot, VoteProof>> {
    this.#prover ??= new VoteProver(await loadCircuit("vote", this.#artifacts));
    return this.#prover;
  }
}

/** Anyone may finalize a decision after the reveal window and settle after the cooldown. */
export class Settlement {
  readonly #mutual: MutuaMutualClient;
  readonly #assessment: AssessmentClient;
  readonly #fromBlock: number;

  constructor(options: { signer: Signer; deployment: MutualDeployment }) {
    this.#mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    this.#assessment = new AssessmentClient(options.deployment.assessment, options.signer);
    this.#fromBlock = options.deployment.fromBlock;
  }

  /** The filed claim with this id (from the ClaimFiled events). */
  async findClaim(claimId: string): Promise<FiledClaim | undefined> {
    return (await this.#mutual.filedClaims(this.#fromBlock)).find((c) => c.claimId === claimId);
  }

  /** Decides the claim's current round (the assessors', or the appeal) once its reveal window has closed. */
  finalize(incidentId: bigint, nullifier: bigint): Promise<ContractTransactionReceipt> {
    return this.#assessment.finalize(incidentId, nullifier);
  }

  /**
   * Pays an approved claim once payable. If the token refuses the transfer (the recipient is blocklisted, say),
   * nothing is paid and PAYMENT_FAILED says so: the claim stays approved and payable, and may lapse (its reservation
   * back to the pool) only 30 days after this first failure if paying it still fails then.
   */
  async settle(incidentId: bigint, nullifier: bigint): Promise<ContractTransactionReceipt> {
    const receipt = await this.#mutual.settle(incidentId, nullifier);
    const failed = receipt.logs.some((log) => this.#mutual.contract.interface.parseLog(log)?.name === "PaymentFailed");
    if (failed) {
      throw new MutuaError(
        "PAYMENT_FAILED",
        "the token refused to pay the claim's recipient: nothing was paid; the claim stays approved, and settling it again pays it once the recipient can receive",
        { transactionHash: receipt.hash },
      );
    }
    return receipt;
  }

  /**
   * When an approved claim becomes payable (unix seconds), or undefined if it is not approved: the incident's own
   * cooldown after the decision (fixed when it was opened), moved later by any time the mutual spent paused since.
   */
  async payableAt(incidentId: bigint, nullifier: bigint): Promise<bigint | undefined> {
    const claim = await this.#mutual.getClaim(incidentId, nullifier);
    if (claim.status !== "Approved") return undefined;
    const [incident, pausedTotal] = await Promise.all([this.#mutual.getIncident(incidentId), this.#mutual.pausedTotalNow()]);
    return claim.decidedAt + BigInt(incident.settlementDelay) + (pausedTotal - claim.pausedBefore);
  }

  /** The claim as the contract keeps it. */
  status(incidentId: bigint, nullifier: bigint): Promise<ClaimRecord> {
    return this.#mutual.getClaim(incidentId, nullifier);
  }

  /** The claim's rounds: the assessors' and, if appealed, the members'. */
  async rounds(incidentId: bigint, nullifier: bigint): Promise<{ assessors: RoundRecord; appeal: RoundRecord }> {
    const [assessors, appeal] = await Promise.all([
      this.#assessment.roundWithCommits(incidentId, nullifier, 0, this.#fromBlock),
      this.#assessment.roundWithCommits(incidentId, nullifier, 1, this.#fromBlock),
    ]);
    return { assessors, appeal };
  }
}
