import type { IncidentNote, PremiumPayment } from "@mutua/contracts";
import {
  assertVerifierAllowed,
  checkIncidentNote,
  DEFAULT_MUTUAL_SETTINGS,
  deployGovernedMutual,
  deployParametricCover,
  deployRateTables,
  IncidentNotesClient,
  MutuaMutualClient,
  ParametricCoverClient,
  RateTablesClient,
  ResilientSigner,
} from "@mutua/contracts";
import type { PolicyTerms } from "@mutua/core";
import { InvalidArgumentError, memberLeaf } from "@mutua/core";
import type { IdentityAgent, IssuedMembership, Revocation } from "@mutua/identity";
import { IdentityCommitmentMismatchError, MembershipIssuer } from "@mutua/identity";
import type { RateTable } from "@mutua/pricing";
import { rateTableHash } from "@mutua/pricing";
import type { MemberTree } from "@mutua/proofs";
import { MemberTree as SeatTree } from "@mutua/proofs";
import type { ContractTransactionReceipt } from "ethers/contract";
import type { Signer } from "ethers/providers";
import type { AssessorSeat } from "./assessor-seat.ts";
import { toAssessorSeat } from "./assessor-seat.ts";
import { NotAMemberError, PaymentQueueBlockedError, PremiumNotPaidError } from "./errors.ts";
import { rebuildMemberTree } from "./member-tree-sync.ts";
import { ensureAllowance } from "./token.ts";

/** What a prospective member sends: their DID and the commitment of a secret only their wallet knows. */
export interface MembershipRequest {
  memberDid: string;
  identityCommitment: bigint;
}

/** The issuer a mutual admits members with: its agent and DID, and where its status lists are published. */
export interface IssuerSetup {
  agent: IdentityAgent;
  /** A DID the agent controls; it signs the credentials. */
  did: string;
  /** Where the issuer publishes its status list credential. */
  statusListUrl: string;
  /** Where the issuer records what it issued (default memory). */
  log?: { kind: "memory" } | { kind: "file"; path: string };
}

/** A mutual's contracts on one chain: every address a member, assessor or keeper needs. */
export interface MutualDeployment {
  chainId: bigint;
  mutual: string;
  token: string;
  /** The governance timelock that holds the mutual's admin role. */
  governance: string;
  /** The members' governor: the timelock's only proposer. */
  governor: string;
  /** The assessment module: sealed, anonymous assessor votes and appeals. */
  assessment: string;
  /**
   * The keeper contract (checkUpkeep / performUpkeep): finalizes and pays claims when anyone, or a keeper network,
   * runs it. Absent in deployments made before it existed.
   */
  keeper?: string;
  /** The incident notes (MutuaIncidentNotes): each incident's region and description. Absent in older deployments. */
  incidentNotes?: string;
  /** ParametricCover: products whose events oracles open, claimed by proof and paid at once. Absent when the mutual sells none. */
  parametricCover?: string;
  /** The rate tables the members adopted (MutuaRateTables): offers are checked against them. Absent in older deployments. */
  rateTables?: string;
  /** Block from which the registry's events are read. */
  fromBlock: number;
  name: string;
}

/** A member's request with the policy the mutual offers: its terms and the premium to pay on-chain first. */
export interface Admission extends MembershipRequest {
  terms: PolicyTerms;
  /** Premium the member must have paid for this policy's leaf (payPremium), in token base units. */
  premium: bigint;
}

/**
 * The keys of a mutual's operator powers. Each defaults to the `signer` given; the demo and production use separate
 * keys. No key governs: proposals pass by the members' votes (MemberGovernance).
 */
export interface MutualKeys {
  issuer?: Signer;
  incidentOpener?: Signer;
  pauser?: Signer;
}

/** The mutual's rules as deployed: the claim cap, the assessors' quorum, delays and windows, and the members' governance. */
export interface DeploySettings {
  maxClaimAmount: bigint;
  quorum?: number;
  settlementDelay?: number;
  rootWindow?: number;
  maxRootAge?: number;
  /** The timelock's delay, seconds (at least one day). */
  governanceDelay?: number;
  /** How long members vote on a proposal, seconds (1–30 days). */
  votingPeriod?: number;
  /** A proposal's quorum, in basis points of the members at its snapshot (100–10,000). */
  quorumBps?: number;
  /** How long sealed assessment votes can be revealed after voting closes, seconds (1 hour – 14 days). */
  revealWindow?: number;
  /** How long members vote on an appeal, seconds (1–30 days). */
  appealVotingPeriod?: number;
}

/**
 * The mutual's operator roles: deploys the contracts (a timelock holding every power, proposed to only by the
 * members' governor; the assessment module), admits members (premium checked on-chain, then leaves and root, then
 * credentials), revokes them (leaf removal, then status list), opens incidents and pauses. Governance itself is
 * the members' (MemberGovernance).
 */
export class MutualAdmin {
  readonly deployment: MutualDeployment;
  /** The mutual as the issuer key sees it. */
  readonly mutual: MutuaMutualClient;
  readonly issuer: MembershipIssuer;
  readonly #signer: Signer;
  readonly #keys: Required<MutualKeys>;
  #tree: MemberTree;

  private constructor(
    deployment: MutualDeployment,
    issuer: MembershipIssuer,
    signer: Signer,
    keys: Required<MutualKeys>,
    tree: MemberTree,
  ) {
    this.deployment = deployment;
    this.mutual = new MutuaMutualClient(deployment.mutual, keys.issuer);
    this.issuer = issuer;
    this.#signer = signer;
    this.#keys = keys;
    this.#tree = tree;
  }

  /**
   * Deploys a new mutual: the governance timelock (the members' governor alone proposes; anyone executes after the
   * delay), the mutual with the issuer, incident opener and pauser keys, the assessment module with the first
   * assessor seats (leaves from Assessor.seatLeaf, made from each assessor's member identity), and the governor.
   */
  static async deploy(options: {
    signer: Signer;
    name: string;
    token: string;
    issuer: IssuerSetup;
    keys?: MutualKeys;
    /**
     * The first assessors' seats (leaf and reading key), or a function of the new mutual's chain and address that
     * gives them (Assessor.seatOf(wallet, …, did): seats are made from per-mutual identities); later seats are
     * appointed by the members' vote. A bare leaf is a seat that reads no evidence.
     */
    assessorSeats?:
      | readonly (bigint | AssessorSeat)[]
      | ((mutual: {
          chainId: bigint;
          contract: string;
        }) => readonly (bigint | AssessorSeat)[] | Promise<readonly (bigint | AssessorSeat)[]>);
    settings: DeploySettings;
    /**
     * Parametric cover (ParametricCover, its roles the mutual's): UMA's Optimistic Oracle V3 on this chain (none:
     * products trigger from data feeds only), the fewest policies a product may be triggered with (default 5), the
     * asserter's bond (default the oracle's minimum). Products are then set by the members' vote.
     */
    parametric?: { optimisticOracle?: string; minPolicies?: number; assertionBond?: bigint };
    /** The founding rate table (adopted with the deployment: the first members join at its premiums); later ones by vote. */
    rateTable?: RateTable;
    /** The fewest members a rating class holds before claims may disclose it (k; default 5, at least 5; later by vote). */
    minClassSize?: number;
    /** Deploy a dev-setup verifier to a chain that is not a local dev chain (anyone can forge proofs there). */
    allowDevVerifyingKey?: boolean;
  }): Promise<MutualAdmin> {
    const provider = options.signer.provider;
    if (!provider) throw new InvalidArgumentError("signer", "the deployer needs a provider");
    const keys = withDefaults(options.signer, options.keys);
    // Before the timelock is deployed: a refused verifier must leave nothing half-deployed behind.
    await assertVerifierAllowed(options.signer, options.allowDevVerifyingKey === true);
    const fromBlock = await provider.getBlockNumber();
    const settings = { ...DEFAULT_MUTUAL_SETTINGS, ...options.settings };
    const { chainId } = await provider.getNetwork();
    const seatsOf = options.assessorSeats;
    const seats = async (mutual: string) => {
      const list = (typeof seatsOf === "function" ? await seatsOf({ chainId, contract: mutual }) : (seatsOf ?? [])).map(toAssessorSeat);
      const leaves = list.map((s) => s.leaf);
      return { leaves, root: leaves.length > 0 ? new SeatTree(leaves).root : 0n, readers: list.map((s) => s.reader) };
    };
    const governed = await deployGovernedMutual(
      options.signer,
      {
        token: options.token,
        roles: {
          issuer: await keys.issuer.getAddress(),
          incidentOpener: await keys.incidentOpener.getAddress(),
          pauser: await keys.pauser.getAddress(),
        },
        parameters: { maxClaimAmount: settings.maxClaimAmount, quorum: settings.quorum, settlementDelay: settings.settlementDelay },
        rootWindow: settings.rootWindow,
        maxRootAge: settings.maxRootAge,
        governance: settings,
        seats,
      },
      { allowDevVerifyingKey: options.allowDevVerifyingKey === true },
    );
    const rateTables = await deployRateTables(options.signer, {
      mutual: governed.mutual.address,
      ...(options.rateTable ? { founding: { version: options.rateTable.version, tableHash: rateTableHash(options.rateTable) } } : {}),
      ...(options.minClassSize !== undefined ? { minClassSize: options.minClassSize } : {}),
    });
    const parametric = options.parametric
      ? await deployParametricCover(options.signer, {
          mutual: governed.mutual.address,
          token: options.token,
          ...(options.parametric.optimisticOracle ? { optimisticOracle: options.parametric.optimisticOracle } : {}),
          minPolicies: options.parametric.minPolicies ?? 5,
          assertionBond: options.parametric.assertionBond ?? 0n,
        })
      : undefined;
    return MutualAdmin.connect({
      signer: options.signer,
      keys,
      issuer: options.issuer,
      deployment: {
        chainId,
        mutual: governed.mutual.address,
        token: options.token,
        governance: governed.timelock.address,
        governor: governed.governor.address,
        assessment: governed.assessment.address,
        keeper: governed.keeper.address,
        incidentNotes: governed.incidentNotes.address,
        ...(parametric ? { parametricCover: parametric.address } : {}),
        rateTables: rateTables.address,
        fromBlock,
        name: options.name,
      },
    });
  }

  /** Reconnects to a deployed mutual (the member tree is rebuilt from the chain). */
  static async connect(options: {
    signer: Signer;
    keys?: MutualKeys;
    issuer: IssuerSetup;
    deployment: MutualDeployment;
  }): Promise<MutualAdmin> {
    const keys = withDefaults(options.signer, options.keys);
    const issuer = await MembershipIssuer.open(options.issuer.agent, {
      issuerDid: options.issuer.did,
      statusListUrl: options.issuer.statusListUrl,
      ...(options.issuer.log ? { log: options.issuer.log } : {}),
    });
    const tree = await rebuildMemberTree(new MutuaMutualClient(options.deployment.mutual, keys.issuer), options.deployment.fromBlock);
    return new MutualAdmin(options.deployment, issuer, options.signer, keys, tree);
  }

  get memberCount(): number {
    return this.#tree.size;
  }

  /** The member leaf of an admission: what the member pays the premium for (Member.payPremium computes the same). */
  static leafOf(admission: Pick<Admission, "identityCommitment" | "terms">): bigint {
    return memberLeaf(admission.identityCommitment, admission.terms);
  }

  /**
   * Refuses, before anything is paid, an admission the issuer could never grant (the DID was admitted with
   * another commitment, or the commitment is another member's): IDENTITY_COMMITMENT_MISMATCH.
   */
  checkAdmissible(admission: Admission): void {
    this.issuer.checkAdmissible(this.#membership(admission));
  }

  /** The time on the chain: the latest block's (policies start from it), or block `blockNumber`'s. */
  async chainTime(blockNumber?: number): Promise<bigint> {
    const block = await this.#keys.issuer.provider?.getBlock(blockNumber ?? "latest");
    return BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
  }

  /**
   * Admits members in one batch. Order matters so that nothing is half done: every premium is checked on-chain
   * first (PREMIUM_NOT_PAID names the first unpaid one), then the leaves and the new root are posted (the
   * contract checks the premiums again and uses them up), and only then are the credentials issued. Run again after
   * a crash between the chain and the credentials, it completes what is missing: a leaf already on-chain (only the
   * issuer's key posts leaves, and its premium was used up then) is not posted or charged again, and a credential
   * already in the issuer's log is returned, not issued twice.
   */
  async admitMembers(
    admissions: readonly Admission[],
  ): Promise<{ credentials: IssuedMembership[]; receipt?: ContractTransactionReceipt; root: bigint; classSizesRecorded: boolean }> {
    if (admissions.length === 0) throw new InvalidArgumentError("admissions", "nothing to admit");
    for (const admission of admissions) this.issuer.checkAdmissible(this.#membership(admission));
    // The same rule inside the batch: otherwise the second of two conflicting admissions would fail only at
    // issuing, after the chain had taken both leaves.
    const seen = new Map<string, bigint>();
    for (const { memberDid, identityCommitment } of admissions) {
      const known = seen.get(memberDid);
      if (known !== undefined && known !== identityCommitment) {
        throw new IdentityCommitmentMismatchError(memberDid, "this batch admits the member with two identity commitments");
      }
      if ([...seen].some(([did, commitment]) => did !== memberDid && commitment === identityCommitment)) {
        throw new IdentityCommitmentMismatchError(memberDid, "another member in this batch has the same identity commitment");
      }
      seen.set(memberDid, identityCommitment);
    }
    await this.#catchUp();
    const toPost = admissions.filter((admission) => this.#tree.indexOf(MutualAdmin.leafOf(admission)) < 0);
    const posted = toPost.length > 0 ? await this.#postLeaves(toPost) : undefined;
    // Issued in queue order (those posted before a crash first); returned in the order the admissions were given.
    const order = [...admissions.filter((a) => !toPost.includes(a)), ...(posted?.queueOrder ?? [])];
    const issued = new Map<Admission, IssuedMembership>();
    for (const admission of order)
      issued.set(admission, this.#issuedFor(admission) ?? (await this.issuer.issue(this.#membership(admission))));
    const credentials = admissions.map((admission) => issued.get(admission) as IssuedMembership);
    return {
      credentials,
      ...(posted ? { receipt: posted.receipt } : {}),
      root: this.#tree.root,
      classSizesRecorded: await this.#recordClassSizesAfter(),
    };
  }

  /** Posts the leaves of paid admissions (the queue's next payments) with the new root; returns them in queue order. */
  async #postLeaves(admissions: readonly Admission[]): Promise<{ receipt: ContractTransactionReceipt; queueOrder: Admission[] }> {
    // Premiums are a queue: each admission takes the earliest unprocessed payment for its leaf, and the batch
    // must be the queue's next payments (a payment left ahead of it is admitted or refused first).
    const pending = await this.mutual.pendingPayments(this.deployment.fromBlock);
    const taken = new Set<number>();
    const batch = admissions.map((admission) => {
      const leaf = MutualAdmin.leafOf(admission);
      const payment = pending.find((p) => p.leaf === leaf && !taken.has(p.position));
      if (!payment || admission.premium <= 0n || payment.amount < admission.premium) {
        throw new PremiumNotPaidError(admission.memberDid, leaf, payment?.amount ?? 0n, admission.premium);
      }
      taken.add(payment.position);
      return { admission, leaf, payment };
    });
    batch.sort((a, b) => a.payment.position - b.payment.position);
    const last = batch.at(-1)?.payment.position ?? 0;
    const ahead = pending.find((p) => p.position <= last && !taken.has(p.position));
    if (ahead) throw new PaymentQueueBlockedError(ahead);
    const leaves = batch.map((b) => b.leaf);
    const next = this.#tree.copy();
    next.addMany(leaves);
    const receipt = await this.mutual.addMembers(leaves, next.root);
    this.#tree = next;
    return { receipt, queueOrder: batch.map((b) => b.admission) };
  }

  /** A credential this issuer already issued for the admission's leaf and has not revoked (a rerun's). */
  #issuedFor(admission: Admission): IssuedMembership | undefined {
    const leaf = MutualAdmin.leafOf(admission);
    const record = this.issuer
      .issuedCredentials()
      .find((c) => !this.issuer.isRevoked(c.id) && memberLeaf(c.membership.identityCommitment, c.membership.terms) === leaf);
    return record;
  }

  /**
   * Each rating class's current members: the issued credentials whose leaves are in the member tree, by the class
   * their terms carry (only the issuer knows it: leaves hide it). Classes whose members were all removed count 0.
   */
  classSizes(): Map<number, number> {
    const counted = new Set<bigint>();
    const sizes = new Map<number, number>();
    for (const { membership } of this.issuer.issuedCredentials()) {
      const ratingClass = membership.terms.ratingClass ?? 0;
      sizes.set(ratingClass, sizes.get(ratingClass) ?? 0);
      const leaf = memberLeaf(membership.identityCommitment, membership.terms);
      if (counted.has(leaf) || this.#tree.indexOf(leaf) < 0) continue;
      counted.add(leaf);
      sizes.set(ratingClass, (sizes.get(ratingClass) ?? 0) + 1);
    }
    return sizes;
  }

  /**
   * Records on-chain (MutuaRateTables) every class size that differs from the chain's record: members' wallets read
   * it before joining a class and before a claim discloses theirs, and it is the exposure the pool's experience is
   * rebuilt from. Nothing is recorded while every member is in class 0 (the pool as one class). Idempotent: a
   * record lost to a crash after an admission is made by the next call.
   */
  async recordClassSizes(): Promise<ContractTransactionReceipt | undefined> {
    if (!this.deployment.rateTables) return undefined;
    const tables = new RateTablesClient(this.deployment.rateTables, this.#keys.issuer);
    const sizes = this.classSizes();
    if ([...sizes.keys()].every((c) => c === 0)) return undefined;
    const changed = new Map<number, number>();
    for (const [ratingClass, members] of sizes) {
      if ((await tables.classSize(ratingClass)).members !== members) changed.set(ratingClass, members);
    }
    return changed.size > 0 ? tables.recordClassMembers(changed) : undefined;
  }

  /** After the chain took an admission or a removal: the record is best effort (the next call completes it). */
  async #recordClassSizesAfter(): Promise<boolean> {
    try {
      await this.recordClassSizes();
      return true;
    } catch (error) {
      console.warn("mutua: class sizes not recorded yet (the next admission records them)", error);
      return false;
    }
  }

  /** Premium payments neither admitted nor refused yet, in queue order: what the next admission must take. */
  pendingPayments(): Promise<PremiumPayment[]> {
    return this.mutual.pendingPayments(this.deployment.fromBlock);
  }

  /**
   * Refuses the next `count` payments in the queue (a policy the mutual does not grant, a payment for wrong
   * terms): nobody is admitted, and each payer can withdraw their payment (Member.withdrawRefund).
   */
  async refusePayments(count: number): Promise<{ refused: PremiumPayment[]; receipt: ContractTransactionReceipt }> {
    const refused = (await this.pendingPayments()).slice(0, count);
    if (count < 1 || refused.length < count)
      throw new InvalidArgumentError("count", `${count} is not between 1 and the ${refused.length} payments waiting`);
    const receipt = await this.mutual.refusePremiums(refused.map((p) => p.leaf));
    return { refused, receipt };
  }

  /**
   * Revokes a credential: its leaf is removed on-chain first, then the status list says revoked. If the chain
   * refuses, nothing is recorded; if the status list step fails after, calling again finishes it.
   */
  async revokeMember(credentialId: string): Promise<{ revocation: Revocation; receipt?: ContractTransactionReceipt }> {
    const record = this.issuer.issuedCredentials().find((c) => c.id === credentialId);
    if (!record) throw new InvalidArgumentError("credentialId", `${credentialId} was not issued by this mutual's issuer`);
    const leaf = memberLeaf(record.membership.identityCommitment, record.membership.terms);
    await this.#catchUp();
    const index = this.#tree.indexOf(leaf);
    let receipt: ContractTransactionReceipt | undefined;
    if (index >= 0) {
      const next = this.#tree.copy();
      next.remove(index);
      receipt = await this.mutual.removeMember(index, next.root);
      this.#tree = next;
    } else if (this.issuer.isRevoked(credentialId)) {
      throw new NotAMemberError(`${credentialId} is already revoked and its leaf removed`);
    }
    const revocation = await this.issuer.revoke(credentialId);
    if (receipt) await this.#recordClassSizesAfter();
    return { revocation, ...(receipt ? { receipt } : {}) };
  }

  /**
   * Opens an incident for a loss at `occurredAt` (unix seconds; default: now): claims for `claimsOpenFor`
   * seconds, then votes for `votingFor` seconds. The current quorum, cooldown and cap become its rules. With
   * `note`, its region and description are written next (checked first: a note the contract would refuse stops
   * the incident from opening); if that second transaction fails, describeIncident finishes it.
   */
  async openIncident(
    claimsOpenFor: number,
    votingFor: number,
    occurredAt?: bigint,
    note?: IncidentNote,
  ): Promise<{ incidentId: bigint; receipt: ContractTransactionReceipt }> {
    if (note) {
      checkIncidentNote(note);
      if (!this.deployment.incidentNotes)
        throw new InvalidArgumentError("note", "this mutual was deployed without incident notes: open the incident without one");
    }
    const block = await this.#keys.incidentOpener.provider?.getBlock("latest");
    const now = BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
    const opener = new MutuaMutualClient(this.deployment.mutual, this.#keys.incidentOpener);
    const opened = await opener.openIncident(occurredAt ?? now, now + BigInt(claimsOpenFor), now + BigInt(claimsOpenFor + votingFor));
    if (note) await this.describeIncident(opened.incidentId, note);
    return opened;
  }

  /** Writes an incident's region and description with the incident opener's key (once; governance may correct). */
  describeIncident(incidentId: bigint, note: IncidentNote): Promise<ContractTransactionReceipt> {
    if (!this.deployment.incidentNotes) throw new InvalidArgumentError("note", "this mutual was deployed without incident notes");
    return new IncidentNotesClient(this.deployment.incidentNotes, this.#keys.incidentOpener).describe(incidentId, note);
  }

  /**
   * The issuer records `count` more policies sold for parametric product `productId`: a product is triggered only
   * once it has the governance minimum (its claimants' anonymity set), and an event's pot is sized by this count.
   */
  recordParametricPolicies(productId: number, count: number) {
    if (!this.deployment.parametricCover) throw new InvalidArgumentError("parametricCover", "this mutual has no parametric cover contract");
    return new ParametricCoverClient(this.deployment.parametricCover, this.#keys.issuer).recordPolicies(productId, count);
  }

  /** Pauses or unpauses with the pauser key (the time paused extends every open incident's windows). */
  setPaused(paused: boolean): Promise<ContractTransactionReceipt> {
    return new MutuaMutualClient(this.deployment.mutual, this.#keys.pauser).setPaused(paused);
  }

  /** Adds capital to the pool from the deployer's account (approve + deposit). */
  async depositCapital(amount: bigint): Promise<ContractTransactionReceipt> {
    await ensureAllowance(this.deployment.token, this.#signer, this.deployment.mutual, amount);
    return new MutuaMutualClient(this.deployment.mutual, this.#signer).depositCapital(amount);
  }

  /**
   * Rebuilds the member tree from the chain when the chain's root is not this tree's: another issuer process (a
   * join desk beside `mutua issuer admit`, say) changed it since. The contract takes the root it is given, so a
   * root computed from a stale tree would drop the other process's members from every later proof.
   */
  async #catchUp(): Promise<void> {
    if ((await this.mutual.currentRoot()) === this.#tree.root) return;
    // Another process posted, or a reorganisation removed what this one posted: then the chain's nonce count for
    // the issuer's key fell too, and the next transaction must take it from the chain.
    const issuerKey = this.#keys.issuer;
    if (issuerKey instanceof ResilientSigner) issuerKey.resyncNonce();
    this.#tree = await rebuildMemberTree(this.mutual, this.deployment.fromBlock);
  }

  /** Whether `leaf` is in the member tree the chain holds now. */
  async hasMember(leaf: bigint): Promise<boolean> {
    await this.#catchUp();
    return this.#tree.indexOf(leaf) >= 0;
  }

  #membership(admission: Admission) {
    return {
      memberDid: admission.memberDid,
      identityCommitment: admission.identityCommitment,
      terms: admission.terms,
      mutual: { name: this.deployment.name, chainId: this.deployment.chainId, contract: this.deployment.mutual },
    };
  }
}

function withDefaults(signer: Signer, keys: MutualKeys = {}): Required<MutualKeys> {
  return {
    issuer: keys.issuer ?? signer,
    incidentOpener: keys.incidentOpener ?? signer,
    pauser: keys.pauser ?? signer,
  };
}
