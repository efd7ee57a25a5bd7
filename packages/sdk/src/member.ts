import type { ClaimRecord, ClaimRequest, IncidentNote, IncidentRecord, KeeperAction, ParametricClaimRequest } from "@mutua/contracts";
import {
  APPEAL_ROUND,
  AssessmentClient,
  appealTypedData,
  claimIdOf,
  flattenProof,
  IncidentNotesClient,
  KeeperClient,
  MutuaKeeperArtifact,
  MutuaMutualClient,
  ParametricCoverClient,
  PrivateAssessmentArtifact,
  RateTablesClient,
  upkeepData,
} from "@mutua/contracts";
import type { PolicyTerms } from "@mutua/core";
import { cidBytes, claimNullifier, deriveScope, InvalidArgumentError, MutuaError, memberLeaf } from "@mutua/core";
import type { ClaimantEnvelopeKey, EvidenceFile, EvidenceStore, OpenedEvidence } from "@mutua/evidence";
import { claimantEnvelopeKey, discloseEvidence, encodeDisclosure, openEvidence, openReason, sealEvidence } from "@mutua/evidence";
import type { HeldMembership, MemberWallet } from "@mutua/identity";
import type { CircuitArtifactResolver, CircuitProver, EligibilityClaim, EligibilityProof, MemberTreeView } from "@mutua/proofs";
import { CoverageExceededError, EligibilityProver, toSolidityProof } from "@mutua/proofs";
import type { RelayerClient } from "@mutua/relayer";
import type { Resolvable } from "did-resolver";
import { Interface } from "ethers/abi";
import { getAddress, isAddress } from "ethers/address";
import type { ContractTransactionReceipt } from "ethers/contract";
import type { Signer } from "ethers/providers";
import { getBytes } from "ethers/utils";
import type { CID } from "multiformats/cid";
import type { SentBallot } from "./ballot-sender.ts";
import { ballotRoute, sendBallot } from "./ballot-sender.ts";
import { loadCircuit } from "./circuit-artifacts.ts";
import type { ClaimSubmitter, SubmittedClaim } from "./claim-submitter.ts";
import { accountSubmitter, relayerSubmitter } from "./claim-submitter.ts";
import {
  ClaimNotConfirmedError,
  IncidentNotOpenError,
  NoMembershipError,
  NoSubmitterError,
  NotAMemberError,
  NotCoveredError,
} from "./errors.ts";
import { memberTreeAtTime, rebuildMemberTree, syncMemberTree } from "./member-tree-sync.ts";
import type { MutualDeployment } from "./mutual-admin.ts";
import type { ParametricEventMatch } from "./parametric-claims.ts";
import { policyCovering } from "./parametric-claims.ts";
import type { ProgressListener } from "./progress.ts";
import { step } from "./progress.ts";
import type { ExposedRole } from "./recipient-exposure.ts";
import { recipientExposure } from "./recipient-exposure.ts";
import { ensureAllowance } from "./token.ts";

/** A claim as the member files it: the incident, the amount, the payout address, the evidence files. */
export interface ClaimFiling {
  incidentId: bigint;
  /** In token base units; at most the policy's coverage limit. */
  amount: bigint;
  /** Where the payout goes: bound into the proof, so nobody can redirect it. */
  recipient: string;
  files: readonly EvidenceFile[];
  /**
   * DIDs of the assessors who may read the evidence (the claimant can always read it, with a key from the wallet).
   * Default, and what apps should use: the mutual's current assessors, the reading keys governance appointed with
   * their seats (`assessorReaders`). A claim no assessor can open could only expire.
   */
  assessors?: readonly string[];
  /**
   * Who sends the transaction. Default: the member's relayer. A Signer sends from that account; the member's
   * own account needs `fromOwnAccount` (it links the claim to the account that paid premiums).
   */
  submitter?: ClaimSubmitter | Signer;
  fromOwnAccount?: boolean;
  /**
   * Asked before anything is stored or proven when something about the claim could hurt the member (see
   * ClaimWarning); return true to go on. Without it, any warning stops the claim with the warning's code.
   */
  confirm?: (warning: ClaimWarning) => boolean | Promise<boolean>;
  onProgress?: ProgressListener;
}

/**
 * RECIPIENT_LINKED: the payout address already appears on-chain in this mutual (premium payer, …): paying it
 * links the claim to that person. RECIPIENT_NOT_CHECKSUMMED: the address has no EIP-55 checksum, so a typo
 * would go unnoticed and burn the member's one claim for the incident. OWN_ACCOUNT: the member's own account
 * will send the transaction. SMALL_CLASS: the claim discloses the member's rating class (the proof must), and the
 * issuer's on-chain record says that class holds fewer members than the members' minimum (k): the claim would
 * narrow its claimant down to those few.
 */
export interface ClaimWarning {
  code: "RECIPIENT_LINKED" | "RECIPIENT_NOT_CHECKSUMMED" | "OWN_ACCOUNT" | "SMALL_CLASS";
  message: string;
  roles?: ExposedRole[];
}

/** A parametric claim paid: the event, the amount and the transaction. */
export interface ParametricClaimResult {
  eventId: bigint;
  nullifier: bigint;
  /** Paid at once (the band's payout, or the pot's equal share when the pot is short: the rest comes as a top-up). */
  paid: bigint;
  sent: SentBallot;
  request: ParametricClaimRequest;
}

/** A claim filed: its id, nullifier and evidence CID, the transaction and the exact request sent. */
export interface FiledClaimResult {
  incidentId: bigint;
  nullifier: bigint;
  claimId: string;
  evidenceCid: CID;
  /** The transaction (hash, block, gas) and its sender. */
  receipt: SubmittedClaim;
  /** The exact request sent: kept so tests and auditors can replay it. */
  request: ClaimRequest;
}

/**
 * The member's side of a mutual: pays premiums and files claims. Filing picks the wallet's policy that covers
 * the claim, checks the payout address, seals the evidence to the assessors and to a key only the claimant can
 * re-derive, proves eligibility in zero knowledge, and submits through a relayer: nothing public names the member.
 */
export class Member {
  readonly wallet: MemberWallet;
  readonly deployment: MutualDeployment;
  readonly #signer: Signer;
  readonly #store: EvidenceStore | undefined;
  readonly #resolver: Resolvable;
  readonly #relayer: ClaimSubmitter | undefined;
  /** The relayer's URL or client when one was given: ballots (appeals) go through it too. */
  readonly #relayerUrl: string | RelayerClient | undefined;
  readonly #treeDirectory: string | undefined;
  #prover: CircuitProver<EligibilityClaim, EligibilityProof> | undefined;
  readonly #artifacts: CircuitArtifactResolver | undefined;

  constructor(options: {
    wallet: MemberWallet;
    /** The member's own account: pays premiums; reads the chain. It sends claims only when asked to. */
    signer: Signer;
    deployment: MutualDeployment;
    /** Where evidence is stored; needed to file a claim or open one's own evidence. */
    store?: EvidenceStore;
    resolver: Resolvable;
    /** The relayer claims go through by default: its URL, a RelayerClient, or any ClaimSubmitter. */
    relayer?: string | RelayerClient | ClaimSubmitter;
    /** Default: EligibilityProver on the artifacts `artifacts` resolves, in this thread. */
    prover?: CircuitProver<EligibilityClaim, EligibilityProof>;
    /** Where the circuit's artifacts come from (default: the `@mutua/circuits` package's files, in Node). */
    artifacts?: CircuitArtifactResolver;
    /**
     * Where the wallet keeps its copy of the member tree: each claim then reads only the events since the
     * last one (milliseconds at a million members). Without it the tree is rebuilt from the chain each time.
     */
    treeDirectory?: string;
  }) {
    this.wallet = options.wallet;
    this.deployment = options.deployment;
    this.#signer = options.signer;
    this.#store = options.store;
    this.#resolver = options.resolver;
    const relayer = options.relayer;
    this.#relayerUrl = typeof relayer === "string" || (relayer && !("kind" in relayer)) ? relayer : undefined;
    this.#relayer =
      relayer === undefined ? undefined : typeof relayer === "object" && "kind" in relayer ? relayer : relayerSubmitter(relayer);
    this.#prover = options.prover;
    this.#artifacts = options.artifacts;
    this.#treeDirectory = options.treeDirectory;
  }

  /** Asks to join this mutual (or renew, or add a policy): the request to send to its issuer. */
  requestMembership(): Promise<{ memberDid: string; identityCommitment: bigint }> {
    return this.wallet.requestMembership({ chainId: this.deployment.chainId, contract: this.deployment.mutual });
  }

  /** The wallet's credentials for this mutual (current, expired and revoked alike). */
  memberships(): HeldMembership[] {
    const held = this.wallet
      .memberships()
      .filter(
        (m) =>
          m.membership.mutual?.contract?.toLowerCase() === this.deployment.mutual.toLowerCase() &&
          m.membership.mutual?.chainId === this.deployment.chainId,
      );
    if (held.length === 0) throw new NoMembershipError(this.deployment.mutual);
    return held;
  }

  /** The first credential the wallet holds for this mutual (for presentations); claims choose with chooseMembership. */
  membership(): HeldMembership {
    return this.memberships()[0] as HeldMembership;
  }

  /**
   * The policy a claim is made under: among the wallet's credentials for this mutual, those whose leaf is in
   * the current member tree (not revoked), whose period covers `at` and whose limit covers `amount`; the
   * largest limit wins. Each failure says which condition no policy met.
   */
  chooseMembership(tree: MemberTreeView, amount: bigint, at: bigint): { held: HeldMembership; index: number } {
    const current = this.memberships()
      .map((held) => ({ held, index: tree.indexOf(memberLeaf(held.membership.identityCommitment, held.membership.terms)) }))
      .filter((c) => c.index >= 0);
    if (current.length === 0)
      throw new NotAMemberError("no credential of the wallet has its leaf in the member tree (never admitted, or revoked)");
    const inPeriod = current.filter(
      (c) => BigInt(c.held.membership.terms.policyStart) <= at && at <= BigInt(c.held.membership.terms.policyExpiry),
    );
    if (inPeriod.length === 0)
      throw new NotCoveredError(`no current policy was in force at the loss (${new Date(Number(at) * 1000).toISOString()})`);
    const cover = (c: (typeof inPeriod)[number]) => BigInt(c.held.membership.terms.coverageLimit);
    const largest = (candidates: typeof inPeriod) => candidates.reduce((a, b) => (cover(a) >= cover(b) ? a : b));
    const enough = inPeriod.filter((c) => cover(c) >= amount);
    if (enough.length === 0) throw new CoverageExceededError(amount, cover(largest(inPeriod)));
    return largest(enough);
  }

  /**
   * Pays the premium for the policy the mutual offered (its terms) from the member's account: the payment
   * names the policy's leaf, and the mutual admits the leaf only once it is paid. The leaf links the paying
   * account to the policy, never to a claim.
   */
  async payPremium(offer: { terms: PolicyTerms; premium: bigint }): Promise<ContractTransactionReceipt> {
    if (offer.premium <= 0n) throw new InvalidArgumentError("premium", "a premium must be more than 0");
    const { identityCommitment } = await this.requestMembership();
    const leaf = memberLeaf(identityCommitment, offer.terms);
    await ensureAllowance(this.deployment.token, this.#signer, this.deployment.mutual, offer.premium);
    return new MutuaMutualClient(this.deployment.mutual, this.#signer).payPremium(leaf, offer.premium);
  }

  /** Whether a payment for `leaf` waits in the premium queue (paid, neither admitted nor refused yet). */
  async pendingPremiumFor(leaf: bigint): Promise<boolean> {
    const pending = await new MutuaMutualClient(this.deployment.mutual, this.#signer).pendingPayments(this.deployment.fromBlock);
    return pending.some((p) => p.leaf === leaf);
  }

  /** Withdraws to the member's account the premiums the mutual refused (it admits or refuses every payment). */
  async withdrawRefund(): Promise<{ amount: bigint; receipt: ContractTransactionReceipt }> {
    const mutual = new MutuaMutualClient(this.deployment.mutual, this.#signer);
    const amount = await mutual.refundOf(await this.#signer.getAddress());
    if (amount === 0n) throw new InvalidArgumentError("refund", "no refused premium is waiting for this account");
    return { amount, receipt: await mutual.withdrawRefund() };
  }

  /** Checks, seals the evidence, proves, submits: the whole claim. */
  async fileClaim(filing: ClaimFiling): Promise<FiledClaimResult> {
    const submitter = await this.#submitterFor(filing);
    const { request, evidenceCid } = await this.prepareClaim(filing);
    const receipt = await step(
      filing.onProgress,
      "submit",
      () => submitter.submit(this.deployment.mutual, request),
      (r) => `gas ${r.gasUsed}`,
    );
    return { incidentId: filing.incidentId, nullifier: request.nullifier, claimId: receipt.claimId, evidenceCid, receipt, request };
  }

  /**
   * Everything up to the transaction: the checks first (cheap, and nothing is stored before they pass), then
   * the evidence is stored and the proof made; the request can be sent by anyone.
   */
  async prepareClaim(filing: Omit<ClaimFiling, "submitter" | "fromOwnAccount">): Promise<{ request: ClaimRequest; evidenceCid: CID }> {
    if (filing.amount <= 0n) throw new InvalidArgumentError("amount", "a claim must ask for more than 0");
    if (!isAddress(filing.recipient) || BigInt(filing.recipient) === 0n) {
      throw new InvalidArgumentError("recipient", `${filing.recipient} is not a payout address (0x followed by 40 hex digits, not zero)`);
    }
    if (filing.files.length === 0) throw new InvalidArgumentError("files", "a claim needs at least one evidence file");
    this.memberships();
    const mutual = new MutuaMutualClient(this.deployment.mutual, this.#signer);
    const progress = filing.onProgress;

    // The incident and the payout address are single reads: checked before the member tree, the read that
    // grows with the mutual.
    const incident = await this.#openIncident(mutual, filing);
    await this.#checkRecipient(mutual, filing);
    const assessors = filing.assessors ?? (await this.assessorReaders());
    if (assessors.length === 0) {
      throw new MutuaError(
        "NO_ASSESSORS",
        "no assessor of this mutual can read evidence yet, so nobody could judge this claim: wait until the members appoint assessors",
      );
    }
    const tree = await step(
      progress,
      "sync-members",
      (): Promise<MemberTreeView> =>
        this.#treeDirectory
          ? syncMemberTree(mutual, this.deployment.fromBlock, this.#treeDirectory)
          : rebuildMemberTree(mutual, this.deployment.fromBlock),
      (t) => `${t.size} members`,
    );
    const { held, index } = this.chooseMembership(tree, filing.amount, incident.occurredAt);
    await this.#checkClassSize(filing, held.membership.terms.ratingClass ?? 0);

    const scope = this.#scope(filing.incidentId);
    const claimantKey = claimantEnvelopeKey(held.identitySecret, scope);
    const sealed = await step(
      progress,
      "seal-evidence",
      () =>
        sealEvidence(this.#requireStore(), filing.files, {
          recipients: [claimantKey, ...assessors],
          resolver: this.#resolver,
          // Assessors seal their reasons to this claim's own key: nobody else reads them.
          replyKey: claimantKey.x25519PublicKey,
        }),
      (s) => s.evidenceCid.toString(),
    );
    const prover = await this.#loadProver();
    const proof = await step(progress, "prove", () =>
      prover.prove({
        secret: held.identitySecret,
        terms: held.membership.terms,
        merkleProof: tree.proof(index),
        claimAmount: filing.amount,
        occurredAt: incident.occurredAt,
        scope,
        evidenceHash: sealed.evidenceHash,
        recipient: filing.recipient,
      }),
    );
    const request: ClaimRequest = {
      incidentId: filing.incidentId,
      root: proof.publicSignals.root,
      nullifier: proof.publicSignals.nullifier,
      amount: filing.amount,
      ratingClass: held.membership.terms.ratingClass ?? 0,
      recipient: filing.recipient,
      evidenceCid: cidBytes(sealed.evidenceCid),
      proof: flattenProof(toSolidityProof(proof)),
    };
    return { request, evidenceCid: sealed.evidenceCid };
  }

  /**
   * The key that opens the claimant's own evidence for `incidentId`, re-derived from the wallet's secret (so a
   * restored backup opens it too). Pass its keyAgreement to openEvidence.
   */
  claimantKey(incidentId: bigint): ClaimantEnvelopeKey {
    return claimantEnvelopeKey(this.membership().identitySecret, this.#scope(incidentId));
  }

  /** This mutual's scope for an incident: what the nullifier and the claimant's key are derived with. */
  #scope(incidentId: bigint): bigint {
    return deriveScope({ chainId: this.deployment.chainId, contract: this.deployment.mutual, incidentId });
  }

  /** The claimant's own evidence, opened with the key re-derived from the wallet. */
  async openOwnEvidence(incidentId: bigint, evidenceCid: CID | string, options: { timeoutMs?: number } = {}): Promise<OpenedEvidence> {
    return openEvidence(this.#requireStore(), { evidenceCid }, this.claimantKey(incidentId).keyAgreement, options);
  }

  /**
   * The parametric events of this mutual, each with whether one of the wallet's own policies covers it and whether
   * the wallet already claimed it. Everything is read from public logs and decided here: no request names the
   * member, its region or its nullifier.
   */
  async parametricEvents(): Promise<ParametricEventMatch[]> {
    const cover = this.#parametricCover();
    const now = await this.#chainNow();
    const held = this.memberships();
    const events = await cover.events(this.deployment.fromBlock);
    return Promise.all(
      events.map(async (event) => {
        const { product } = await cover.getProduct(event.product);
        const covering = policyCovering(held, event);
        let claimed = false;
        if (covering.held) {
          const nullifier = claimNullifier(covering.held.identitySecret, this.#parametricScope(cover, event.eventId));
          claimed = (await cover.claimsPaid(event.eventId, this.deployment.fromBlock)).has(nullifier);
        }
        return { event, product, open: now <= event.claimsCloseAt, claimed, ...covering };
      }),
    );
  }

  /**
   * Claims a parametric event in one step: the wallet's covering policy, the member tree as it was at the event
   * (checked against the registry's record), a proof in the eligibility circuit's parametric mode bound to
   * `recipient`, sent through the relayer (default) or a named account. Paid at once; no evidence, no assessors.
   */
  async claimParametric(options: {
    eventId: bigint;
    recipient: string;
    submitter?: Signer;
    confirm?: ClaimFiling["confirm"];
    onProgress?: ProgressListener;
  }): Promise<ParametricClaimResult> {
    if (!isAddress(options.recipient) || BigInt(options.recipient) === 0n) {
      throw new InvalidArgumentError("recipient", `${options.recipient} is not a payout address (0x followed by 40 hex digits, not zero)`);
    }
    const cover = this.#parametricCover();
    const mutual = new MutuaMutualClient(this.deployment.mutual, this.#signer);
    const event = await cover.getEvent(options.eventId);
    if (!event) throw new IncidentNotOpenError(options.eventId, "there is no such parametric event");
    if ((await this.#chainNow()) > event.claimsCloseAt) {
      throw new IncidentNotOpenError(options.eventId, `claims closed at ${new Date(Number(event.claimsCloseAt) * 1000).toISOString()}`);
    }
    const covering = policyCovering(this.memberships(), event);
    if (!covering.held) throw new NotCoveredError(covering.reason ?? "no policy covers it");
    const held = covering.held;
    const scope = this.#parametricScope(cover, options.eventId);
    const nullifier = claimNullifier(held.identitySecret, scope);
    if ((await cover.claimsPaid(options.eventId, this.deployment.fromBlock)).has(nullifier)) {
      throw new MutuaError("ALREADY_CLAIMED", `this wallet already claimed parametric event ${options.eventId}`);
    }
    await this.#checkRecipient(mutual, { incidentId: options.eventId, amount: event.payout, files: [], ...options });
    const tree = await step(
      options.onProgress,
      "sync-members",
      () => memberTreeAtTime(mutual, this.deployment.fromBlock, event.occurredAt),
      (t) => `${t.size} members at the event`,
    );
    const index = tree.indexOf(memberLeaf(held.membership.identityCommitment, held.membership.terms));
    if (index < 0) throw new NotAMemberError("your policy was not in the member tree at the event (admitted after it, or revoked)");
    if (!(await mutual.wasCurrentAt(tree.root, event.occurredAt))) {
      throw new NotAMemberError("the member tree read from the chain is not the one the registry records at the event");
    }
    const prover = await this.#loadProver();
    const proof = await step(options.onProgress, "prove", () =>
      prover.prove({
        secret: held.identitySecret,
        terms: held.membership.terms,
        merkleProof: tree.proof(index),
        claimAmount: event.payout,
        occurredAt: event.occurredAt,
        scope,
        evidenceHash: 0n,
        recipient: options.recipient,
        parametricProduct: event.product,
      }),
    );
    const request = {
      eventId: options.eventId,
      root: proof.publicSignals.root,
      nullifier: proof.publicSignals.nullifier,
      recipient: options.recipient,
      proof: flattenProof(toSolidityProof(proof)),
    };
    const data = cover.contract.interface.encodeFunctionData("claim", [{ ...request, proof: [...request.proof] }]);
    const route = options.submitter ? ballotRoute(undefined, options.submitter) : ballotRoute(this.#relayerUrl ?? undefined, this.#signer);
    if (route.kind === "account" && !options.submitter) throw new NoSubmitterError();
    const sent = await step(
      options.onProgress,
      "submit",
      () => sendBallot(route, cover.address, data),
      (r) => `gas ${r.gasUsed}`,
    );
    // Read from the event's logs, not by asking for this nullifier: the RPC provider learns nothing new.
    const paid = (await cover.claimsPaid(options.eventId, sent.blockNumber)).get(request.nullifier) ?? 0n;
    return { eventId: options.eventId, nullifier: request.nullifier, paid, sent, request };
  }

  #parametricCover(): ParametricCoverClient {
    if (!this.deployment.parametricCover) throw new InvalidArgumentError("parametricCover", "this mutual has no parametric cover contract");
    return new ParametricCoverClient(this.deployment.parametricCover, this.#signer);
  }

  /** The cover contract's scope for an event, computed here as the contract computes it (scopeOf): no chain read. */
  #parametricScope(cover: ParametricCoverClient, eventId: bigint): bigint {
    return deriveScope({ chainId: this.deployment.chainId, contract: cover.address, incidentId: eventId });
  }

  async #chainNow(): Promise<bigint> {
    const latest = await this.#signer.provider?.getBlock("latest");
    return BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000));
  }

  /** The incidents that take claims now (chain time), oldest first: what a member picks a claim's incident from. */
  async openIncidents(): Promise<(IncidentRecord & { incidentId: bigint; note: IncidentNote })[]> {
    const now = await this.#chainNow();
    const open = await new MutuaMutualClient(this.deployment.mutual, this.#signer).openIncidents(this.deployment.fromBlock, now);
    const notes = this.deployment.incidentNotes ? new IncidentNotesClient(this.deployment.incidentNotes, this.#signer) : undefined;
    const none: IncidentNote = { region: "", description: "" };
    return Promise.all(open.map(async (incident) => ({ ...incident, note: notes ? await notes.noteOf(incident.incidentId) : none })));
  }

  /**
   * The DIDs the mutual's current assessors read evidence with: the readers of the latest seat list governance set
   * (AssessorSeatsChanged), so a claimant never types an assessor's key.
   */
  async assessorReaders(): Promise<string[]> {
    const changes = await new AssessmentClient(this.deployment.assessment, this.#signer).seatChanges(this.deployment.fromBlock);
    return [...new Set((changes.at(-1)?.readers ?? []).filter(Boolean))];
  }

  /** The incident, checked open and within its cap before anything is stored or proven. */
  async #openIncident(mutual: MutuaMutualClient, filing: Pick<ClaimFiling, "incidentId" | "amount">): Promise<IncidentRecord> {
    const incident = await mutual.getIncident(filing.incidentId);
    if (incident.occurredAt === 0n) throw new IncidentNotOpenError(filing.incidentId, "there is no such incident");
    const now = await this.#chainNow();
    if (now > incident.claimsCloseAt) {
      throw new IncidentNotOpenError(
        filing.incidentId,
        `claims closed at ${new Date(Number(incident.claimsCloseAt) * 1000).toISOString()}`,
      );
    }
    if (filing.amount > incident.maxClaimAmount) {
      throw new InvalidArgumentError("amount", `the incident's cap per claim is ${incident.maxClaimAmount} base units`);
    }
    return incident;
  }

  #requireStore(): EvidenceStore {
    if (!this.#store) throw new InvalidArgumentError("store", "this Member was created without an evidence store");
    return this.#store;
  }

  /** The submitter the filing names (a Signer becomes one), else none: the own-account and relayer defaults are not it. */
  #namedSubmitter(filing: Pick<ClaimFiling, "submitter">): ClaimSubmitter | undefined {
    const submitter = filing.submitter;
    return submitter === undefined || "submit" in submitter ? submitter : accountSubmitter(submitter);
  }

  async #submitterFor(filing: ClaimFiling): Promise<ClaimSubmitter> {
    const named = this.#namedSubmitter(filing);
    if (named) return named;
    if (filing.fromOwnAccount) {
      const own = await this.#signer.getAddress();
      await this.#confirm(filing, {
        code: "OWN_ACCOUNT",
        message: `the claim will be sent from your own account ${own}: anyone can link it to what that account did (premiums, admission)`,
      });
      return accountSubmitter(this.#signer);
    }
    if (!this.#relayer) throw new NoSubmitterError();
    return this.#relayer;
  }

  async #checkRecipient(mutual: MutuaMutualClient, filing: Omit<ClaimFiling, "submitter" | "fromOwnAccount">): Promise<void> {
    const checksummed = getAddress(filing.recipient);
    if (filing.recipient !== checksummed) {
      await this.#confirm(filing, {
        code: "RECIPIENT_NOT_CHECKSUMMED",
        message: `the payout address ${filing.recipient} has no EIP-55 checksum; check it is ${checksummed}: a typo loses the payout and your one claim for this incident`,
      });
    }
    const sender = this.#namedSubmitter(filing as ClaimFiling) ?? this.#relayer;
    const relayer = await sender?.senderAddress?.();
    const roles = await recipientExposure(mutual, this.deployment.fromBlock, filing.recipient, {
      own: [await this.#signer.getAddress()],
      relayers: relayer ? [relayer] : [],
    });
    if (roles.length > 0) {
      await this.#confirm(filing, {
        code: "RECIPIENT_LINKED",
        message: `the payout address already appears in this mutual as ${roles.join(", ")}: paying it links this claim to you`,
        roles,
      });
    }
  }

  /** A claim discloses its class: warned (before anything is stored or proven) when the class is below the minimum. */
  async #checkClassSize(filing: Pick<ClaimFiling, "confirm">, ratingClass: number): Promise<void> {
    if (!this.deployment.rateTables) return;
    const size = await new RateTablesClient(this.deployment.rateTables, this.#signer).classSize(ratingClass);
    if (size.disclosable) return;
    await this.#confirm(filing, {
      code: "SMALL_CLASS",
      message: `this claim discloses your rating class ${ratingClass}, which holds only ${size.members} member${size.members === 1 ? "" : "s"} (the members' minimum is ${size.minClassSize}): anyone could narrow the claim down to them. Ask the mutual to write your policy in a larger class, or go on knowing this`,
    });
  }

  async #confirm(filing: Pick<ClaimFiling, "confirm">, warning: ClaimWarning): Promise<void> {
    if (!(await filing.confirm?.(warning))) throw new ClaimNotConfirmedError(warning.code, warning.message);
  }

  /** The circuit's prover, loaded from the built artifacts on first use unless one was given. */
  async #loadProver(): Promise<CircuitProver<EligibilityClaim, EligibilityProof>> {
    this.#prover ??= new EligibilityProver(await loadCircuit("eligibility", this.#artifacts));
    return this.#prover;
  }

  /**
   * Appeals a Rejected, Expired or cut decision on the member's claim (once, within the incident's settlement delay):
   * the recipient's account signs it and the relayer submits it. Appealing discloses the evidence to the members
   * who judge the appeal (a reading key is published with it), so `discloseEvidence: true` must say so.
   */
  async appeal(
    claim: { incidentId: bigint; nullifier: bigint; evidenceCid: CID | string },
    options: { recipient: Signer; discloseEvidence: boolean; relayer?: string | RelayerClient },
  ): Promise<SentBallot> {
    if (!options.discloseEvidence) {
      throw new MutuaError(
        "DISCLOSURE_NOT_CONFIRMED",
        "an appeal publishes a key that reads your evidence, so that members can judge it: confirm that you disclose it",
      );
    }
    const mutual = new MutuaMutualClient(this.deployment.mutual, this.#signer);
    const record = await mutual.getClaim(claim.incidentId, claim.nullifier);
    const recipient = await options.recipient.getAddress();
    if (getAddress(record.recipient) !== getAddress(recipient)) {
      throw new InvalidArgumentError("recipient", `only the claim's payout address ${record.recipient} can appeal it, not ${recipient}`);
    }
    const claimId = claimIdOf(claim.incidentId, claim.nullifier);
    const assessment = new AssessmentClient(this.deployment.assessment, this.#signer);
    if (record.status === "Appealed" || (await assessment.round(claim.incidentId, claim.nullifier, APPEAL_ROUND)).opened) {
      throw new MutuaError("ALREADY_APPEALED", "this claim was already appealed: an appeal is allowed once");
    }
    const cut = record.status === "Approved" && record.approvedAmount < record.amount;
    if (!cut && record.status !== "Rejected" && record.status !== "Expired") {
      throw new MutuaError("NOT_APPEALABLE", `a claim that is ${record.status} cannot be appealed (only rejected, expired or cut ones)`);
    }
    const key = this.claimantKey(claim.incidentId);
    const disclosure = encodeDisclosure(
      await discloseEvidence(this.#requireStore(), claim.evidenceCid, key.keyAgreement, key.x25519PublicKey),
    );
    const typed = appealTypedData(this.deployment.chainId, this.deployment.assessment, claimId, disclosure);
    const signature = await options.recipient.signTypedData(typed.domain, typed.types, typed.value);
    const data = new Interface(PrivateAssessmentArtifact.abi).encodeFunctionData("appeal", [
      claim.incidentId,
      claim.nullifier,
      disclosure,
      signature,
    ]);
    const relayer = options.relayer ?? this.#relayerUrl;
    return sendBallot(ballotRoute(relayer, options.recipient), this.deployment.assessment, data);
  }

  /**
   * What a claim needs to move on now (the keeper contract's view): "Finalize" once its reveal window has closed,
   * "Settle" once it is approved and its cooldown has passed, "Lapse", "Forget" (nothing more can happen), "None".
   */
  async claimDue(incidentId: bigint, nullifier: bigint): Promise<KeeperAction> {
    return new KeeperClient(this.#keeperAddress(), this.#signer).dueOf({ incidentId, nullifier });
  }

  /**
   * Moves the member's claim on when no keeper has yet: decides it once its reveal window has closed, pays it once
   * its cooldown has passed. It is the keeper contract's performUpkeep for this one claim, sent through the relayer,
   * so no account of the member's appears; the payout still goes only to the recipient the proof bound.
   */
  async collectPayout(incidentId: bigint, nullifier: bigint): Promise<{ done: KeeperAction; status: ClaimRecord }> {
    const keeper = this.#keeperAddress();
    const due = await this.claimDue(incidentId, nullifier);
    if (due === "None" || due === "Forget") {
      const { status } = await this.claimStatus(incidentId, nullifier);
      throw new MutuaError(
        "NOTHING_DUE",
        status === "Paid"
          ? "this claim is already paid"
          : status === "Approved"
            ? "this claim is approved but its cooldown has not passed yet: collect it once it is payable"
            : `this claim is ${status}: nothing can be collected now`,
        { status },
      );
    }
    const data = new Interface(MutuaKeeperArtifact.abi).encodeFunctionData("performUpkeep", [upkeepData([{ incidentId, nullifier }])]);
    await sendBallot(ballotRoute(this.#relayerUrl, this.#signer), keeper, data);
    return { done: due, status: await this.claimStatus(incidentId, nullifier) };
  }

  #keeperAddress(): string {
    const keeper = this.deployment.keeper;
    if (!keeper) throw new MutuaError("NO_KEEPER", "this mutual's deployment has no keeper contract");
    return keeper;
  }

  /** The assessors' (and appeal voters') reasons for the member's claim, opened with the claim's own key. */
  async reasons(incidentId: bigint, nullifier: bigint): Promise<{ round: number; approve: boolean; amount: bigint; reason: string }[]> {
    const assessment = new AssessmentClient(this.deployment.assessment, this.#signer);
    const votes = await assessment.revealedVotes(claimIdOf(incidentId, nullifier), this.deployment.fromBlock);
    const privateJwk = this.claimantKey(incidentId).exportPrivateJwk();
    return Promise.all(
      votes.map(async (vote) => ({
        round: vote.round,
        approve: vote.approve,
        amount: vote.amount,
        reason: await openReason(new TextDecoder().decode(getBytes(vote.encryptedReason)), privateJwk),
      })),
    );
  }

  /** The claim as the contract keeps it. */
  claimStatus(incidentId: bigint, nullifier: bigint): Promise<ClaimRecord> {
    return new MutuaMutualClient(this.deployment.mutual, this.#signer).getClaim(incidentId, nullifier);
  }

  /** Releases the member's prover and tree file. */
  async close(): Promise<void> {
    await this.#prover?.close();
  }
}
