import type { ContractTransactionReceipt, EventLog } from "ethers/contract";
import { Contract } from "ethers/contract";
import { id } from "ethers/hash";
import type { ContractRunner, Signer } from "ethers/providers";
import { claimCall, evidenceCidOf } from "./claim-call.ts";
import type { BlockCheckpoint, LogPaging } from "./event-logs.ts";
import { checkpointAt, checkpointHolds, DEFAULT_LOG_PAGE_BLOCKS, logPagesOf, pagesInOrder } from "./event-logs.ts";
import { MutuaMutualArtifact } from "./generated/artifacts.ts";
import { emittedIn, sendAndWait } from "./send.ts";

/** The access roles of MutuaMutual, as the contract hashes them (AccessControl). */
export const ROLES = {
  admin: `0x${"00".repeat(32)}`,
  issuer: id("ISSUER_ROLE"),
  assessment: id("ASSESSMENT_ROLE"),
  incidentOpener: id("INCIDENT_ROLE"),
  pauser: id("PAUSER_ROLE"),
} as const;

/** Mirrors IClaims.ClaimStatus. */
export const ClaimStatus = { None: 0, Filed: 1, Approved: 2, Rejected: 3, Expired: 4, Paid: 5, Lapsed: 6, Appealed: 7 } as const;
/** A claim's status by name (`ClaimStatus`'s keys). */
export type ClaimStatusName = keyof typeof ClaimStatus;

/** What `fileClaim` takes; `proof` in the order of `flattenProof`. */
export interface ClaimRequest {
  incidentId: bigint;
  root: bigint;
  nullifier: bigint;
  amount: bigint;
  /** The claimant's rating class, as their proof discloses it (0: the pool as one class). */
  ratingClass?: number;
  recipient: string;
  /** Binary CIDv1 of a dag-pb directory hashed with sha2-256 (bytes or 0x-hex); only its digest goes on-chain. */
  evidenceCid: Uint8Array | string;
  proof: readonly bigint[];
}

/** A claim as the contract keeps it: status, amount, recipient, evidence digest and the decision's amounts. */
export interface ClaimRecord {
  recipient: string;
  amount: bigint;
  status: ClaimStatusName;
  approvedAmount: bigint;
  decidedAt: bigint;
  /** The mutual's paused total when it was decided: deadlines after the decision stretch by time paused since. */
  pausedBefore: bigint;
  /** When paying it was first tried and the token refused the transfer (0: never). */
  failedAt: bigint;
}

/** A change of the member tree, as the registry's events record it: enough to rebuild the tree. */
export type MembershipEvent =
  | { kind: "added"; firstIndex: bigint; leaves: bigint[]; root: bigint; blockNumber: number }
  | { kind: "removed"; index: bigint; root: bigint; blockNumber: number };

/** A premium payment in the queue (a PremiumPaid event). */
export interface PremiumPayment {
  payer: string;
  leaf: bigint;
  amount: bigint;
  /** Its place in the queue: 1, 2, … */
  position: number;
  /** The block it was paid in: when it was paid decides whether an offer was still open. */
  blockNumber: number;
}

/** A ClaimFiled event: what assessors list. */
export interface FiledClaim {
  claimId: string;
  incidentId: bigint;
  nullifier: bigint;
  recipient: string;
  amount: bigint;
  /** The claimant's rating class, proven: per-class experience is public. */
  ratingClass: number;
  /** Binary CIDv1 of the evidence. */
  evidenceCid: Uint8Array;
  blockNumber: number;
  transactionHash: string;
}

/** The rules fixed when an incident was opened, and its windows as they stand (stretched by pauses). */
export interface IncidentRecord {
  occurredAt: bigint;
  claimsCloseAt: bigint;
  votingEndsAt: bigint;
  maxClaimAmount: bigint;
  quorum: number;
  settlementDelay: number;
}

/** The governable parameters (IClaims.Parameters). */
export interface MutualParameters {
  maxClaimAmount: bigint;
  quorum: number;
  settlementDelay: number;
}

/** The pool's books: premiums and capital in, payouts out, amounts reserved for pending claims and held. */
export interface PoolAccounts {
  premiums: bigint;
  capital: bigint;
  payouts: bigint;
  reserved: bigint;
  held: bigint;
  available: bigint;
}

/** [A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y], the layout IClaims.ClaimRequest.proof expects. */
export function flattenProof(proof: { pA: readonly bigint[]; pB: readonly (readonly bigint[])[]; pC: readonly bigint[] }): bigint[] {
  return [...proof.pA, ...(proof.pB[0] ?? []), ...(proof.pB[1] ?? []), ...proof.pC];
}

const statusNames = Object.keys(ClaimStatus) as ClaimStatusName[];

/**
 * Typed access to a deployed MutuaMutual. Every write waits for its receipt (whose `gasUsed` the demo
 * and benchmarks report) and turns a revert into a ContractRevertError named after the custom error.
 */
/** Blocks re-read on every incremental read of the premium queue: a reorganisation shallower than this is followed. */
export const REREAD_BLOCKS = 64;

/** Typed calls to a MutuaMutual contract: membership roots, premiums, claims, settlement and the pool's accounts. */
export class MutuaMutualClient {
  readonly address: string;
  readonly contract: Contract;
  /** The premium queue's unprocessed payments as last read, and how far the chain was read. */
  #payments:
    | { fromBlock: number; scannedTo: number; byPosition: Map<number, PremiumPayment>; checkpoint?: BlockCheckpoint | undefined }
    | undefined;

  constructor(address: string, runner: ContractRunner) {
    this.address = address;
    this.contract = new Contract(address, MutuaMutualArtifact.abi, runner);
  }

  /** The same mutual, sending with another signer. */
  connect(runner: Signer): MutuaMutualClient {
    return new MutuaMutualClient(this.address, runner);
  }

  #send(method: string, ...args: unknown[]): Promise<ContractTransactionReceipt> {
    return sendAndWait(this.contract, [MutuaMutualArtifact.abi], method, ...args);
  }

  /** Grants one of `ROLES` to an account (the admin role only). */
  grantRole(role: string, account: string) {
    return this.#send("grantRole", role, account);
  }

  /** Admits `leaves`: exactly the next payments in the premium queue, in order. */
  addMembers(leaves: readonly bigint[], newRoot: bigint) {
    return this.#send("addMembers", [...leaves], newRoot);
  }

  /** Removes the member leaf at `index` (a revocation), publishing the member root without it. */
  removeMember(index: number | bigint, newRoot: bigint) {
    return this.#send("removeMember", index, newRoot);
  }

  /** A loss at `occurredAt` (unix seconds, not in the future); claims until `claimsCloseAt`, votes until `votingEndsAt`. */
  async openIncident(
    occurredAt: bigint,
    claimsCloseAt: bigint,
    votingEndsAt: bigint,
  ): Promise<{ incidentId: bigint; receipt: ContractTransactionReceipt }> {
    const receipt = await this.#send("openIncident", occurredAt, claimsCloseAt, votingEndsAt);
    return { incidentId: emittedIn(receipt, "IncidentOpened").args[0] as bigint, receipt };
  }

  /** Pays `amount` towards the policy whose member leaf is `leaf`: a payment in the queue the issuer admits from. */
  payPremium(leaf: bigint, amount: bigint) {
    return this.#send("payPremium", leaf, amount);
  }

  /** Payments made, and how many were admitted or refused (the queue's head). */
  async paymentQueue(): Promise<{ paid: number; processed: number }> {
    const [paid, processed] = (await this.contract.getFunction("paymentQueue")()) as [bigint, bigint];
    return { paid: Number(paid), processed: Number(processed) };
  }

  /** The payments neither admitted nor refused yet, in queue order (from PremiumPaid events, read in pages). */
  async pendingPayments(fromBlock = 0): Promise<PremiumPayment[]> {
    // Incremental: only the blocks since the last call are read (a desk asks every few seconds, and the queue's
    // history grows with the mutual's age), re-reading the last REREAD_BLOCKS so that a shallow reorganisation
    // replaces what it changed; a deeper one shows at the checkpoint below them, and the queue is read again whole.
    // Processed payments are forgotten: memory follows the queue, not the history.
    const [{ processed }, latest] = await Promise.all([this.paymentQueue(), this.#provider().getBlockNumber()]);
    let cache = this.#payments;
    if (
      !cache ||
      cache.fromBlock !== fromBlock ||
      latest < cache.scannedTo - REREAD_BLOCKS ||
      !(await checkpointHolds(this.#provider(), cache.checkpoint))
    )
      cache = { fromBlock, scannedTo: fromBlock - 1, byPosition: new Map() };
    const from = Math.max(fromBlock, cache.scannedTo + 1 - REREAD_BLOCKS);
    for (const [position, payment] of cache.byPosition)
      if (position <= processed || payment.blockNumber >= from) cache.byPosition.delete(position);
    for (const log of await this.logs("PremiumPaid", [], from, { toBlock: latest })) {
      const payment = {
        payer: log.args[0] as string,
        leaf: log.args[1] as bigint,
        amount: log.args[2] as bigint,
        position: Number(log.args[3]),
        blockNumber: log.blockNumber,
      };
      if (payment.position > processed) cache.byPosition.set(payment.position, payment);
    }
    cache.scannedTo = latest;
    cache.checkpoint = latest - REREAD_BLOCKS >= fromBlock ? await checkpointAt(this.#provider(), latest - REREAD_BLOCKS) : undefined;
    this.#payments = cache;
    return [...cache.byPosition.values()].sort((a, b) => a.position - b.position);
  }

  /** Refuses the next payments in the queue (exactly these leaves, in order): their payers can withdraw them. */
  refusePremiums(leaves: readonly bigint[]) {
    return this.#send("refusePremiums", [...leaves]);
  }

  /** Sends the caller the refunds of their refused payments. */
  withdrawRefund() {
    return this.#send("withdrawRefund");
  }

  /** Premium a payer can take back (a paid offer the issuer never admitted). */
  refundOf(payer: string): Promise<bigint> {
    return this.contract.getFunction("refundOf")(payer);
  }

  /** Deposits capital into the pool (the token must be approved first). */
  depositCapital(amount: bigint) {
    return this.#send("depositCapital", amount);
  }

  /** Files a claim with its eligibility proof; returns the claim id and the receipt. */
  async fileClaim(request: ClaimRequest): Promise<{ claimId: string; receipt: ContractTransactionReceipt }> {
    const receipt = await this.#send("fileClaim", claimCall(request));
    return { claimId: emittedIn(receipt, "ClaimFiled").args[0] as string, receipt };
  }

  /** The assessment module only (ASSESSMENT_ROLE): see AssessmentClient.finalize. */
  decide(incidentId: bigint, nullifier: bigint, decision: number, amount: bigint) {
    return this.#send("decide", incidentId, nullifier, decision, amount);
  }

  /** The assessment module only (ASSESSMENT_ROLE): see AssessmentClient.appeal. */
  markAppealed(incidentId: bigint, nullifier: bigint) {
    return this.#send("markAppealed", incidentId, nullifier);
  }

  /** Settles a decided claim: pays an approved one after the settlement delay, closes a rejected one. */
  settle(incidentId: bigint, nullifier: bigint) {
    return this.#send("settle", incidentId, nullifier);
  }

  /** Governance only (the timelock): capital out, within what the books and reservations allow. */
  moveCapital(to: string, amount: bigint) {
    return this.#send("moveCapital", to, amount);
  }

  /** Governance only (the timelock): see governance.ts to schedule it. */
  setParameters(parameters: MutualParameters) {
    return this.#send("setParameters", parameters);
  }

  /** Lapses a claim the assessors left undecided past its deadline, releasing its reserve. */
  lapse(incidentId: bigint, nullifier: bigint) {
    return this.#send("lapse", incidentId, nullifier);
  }

  /** Pauses or resumes new claims (the pauser role). */
  setPaused(paused: boolean) {
    return this.#send("setPaused", paused);
  }

  /** How many recent member roots proofs may still prove against. */
  setRootWindow(window: number) {
    return this.#send("setRootWindow", window);
  }

  /** Seconds the mutual has spent paused since deployment, up to now. */
  pausedTotalNow(): Promise<bigint> {
    return this.contract.getFunction("pausedTotalNow")();
  }

  /** The claim filed with this nullifier on this incident. */
  async getClaim(incidentId: bigint, nullifier: bigint): Promise<ClaimRecord> {
    const c = await this.contract.getFunction("getClaim")(incidentId, nullifier);
    return {
      recipient: c.recipient,
      amount: c.amount,
      status: statusNames[Number(c.status)] as ClaimStatusName,
      approvedAmount: c.approvedAmount,
      decidedAt: c.decidedAt,
      pausedBefore: c.pausedBefore,
      failedAt: c.failedAt,
    };
  }

  /** The pool's books as the contract keeps them. */
  async accounts(): Promise<PoolAccounts> {
    const call = (name: string) => this.contract.getFunction(name)() as Promise<bigint>;
    const [premiums, capital, payouts, reserved, held, available] = await Promise.all(
      ["premiums", "capital", "payouts", "reserved", "held", "available"].map(call),
    );
    return { premiums, capital, payouts, reserved, held, available } as PoolAccounts;
  }

  /** The Groth16 verifying key the contract checks proofs with (keccak of its constants). */
  async verifyingKeyHash(): Promise<string> {
    return (await this.contract.getFunction("verifyingKeyHash")()) as string;
  }

  /** The pool's stablecoin. */
  async token(): Promise<string> {
    return (await this.contract.getFunction("token")()) as string;
  }

  /**
   * Logs of `events` (with `args` as topic filters) from `fromBlock` to `toBlock` (default: the latest block),
   * page by page in chain order: public RPC nodes refuse wide eth_getLogs ranges (often 10,000 blocks or
   * fewer). A few pages are fetched ahead while the caller works on the current one.
   */
  async *logPages(
    events: readonly string[],
    args: unknown[],
    fromBlock: number,
    options: LogPaging = {},
  ): AsyncGenerator<{ logs: EventLog[]; toBlock: number }> {
    yield* logPagesOf(this.contract, events, args, fromBlock, options);
  }

  #provider() {
    const provider = this.contract.runner?.provider;
    if (!provider) throw new Error("reading events needs a provider");
    return provider;
  }

  /** `fetchPage` over the blocks from `fromBlock` to `paging.toBlock` (default: the latest), in bounded pages. */
  async *#pages<T>(fromBlock: number, paging: LogPaging, fetchPage: (from: number, to: number) => Promise<T>): AsyncGenerator<T> {
    const toBlock = paging.toBlock ?? (await this.#provider().getBlockNumber());
    yield* pagesInOrder(fromBlock, toBlock, paging.pageBlocks ?? DEFAULT_LOG_PAGE_BLOCKS, paging.parallelPages ?? 4, fetchPage);
  }

  /** Every log of `event` since `fromBlock`, read in bounded pages (see logPages). */
  async logs(event: string, args: unknown[], fromBlock: number, options: LogPaging = {}): Promise<EventLog[]> {
    const out: EventLog[] = [];
    for await (const page of this.logPages([event], args, fromBlock, options)) out.push(...page.logs);
    return out;
  }

  /**
   * MembersAdded / MemberRemoved since `fromBlock`, a page at a time, in chain order: one eth_getLogs per page
   * for both events, decoded here (ethers' ABI decoder takes ~300 ms for one batch of 4,096 leaves; this
   * reads the words directly, 30× faster at a million members).
   */
  async *membershipEventPages(fromBlock = 0, paging: LogPaging = {}): AsyncGenerator<{ events: MembershipEvent[]; toBlock: number }> {
    const added = this.contract.interface.getEvent("MembersAdded")?.topicHash;
    const removed = this.contract.interface.getEvent("MemberRemoved")?.topicHash;
    if (!added || !removed) throw new Error("the ABI lacks the registry events");
    yield* this.#pages(fromBlock, paging, async (from, to) => {
      const logs = await this.#provider().getLogs({ address: this.address, topics: [[added, removed]], fromBlock: from, toBlock: to });
      const sorted = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
      return {
        toBlock: to,
        events: sorted.map((log): MembershipEvent => {
          const words = log.data.slice(2);
          const word = (i: number) => BigInt(`0x${words.slice(64 * i, 64 * (i + 1))}`);
          if (log.topics[0] === removed) {
            return { kind: "removed", index: BigInt(log.topics[1] ?? 0), root: word(0), blockNumber: log.blockNumber };
          }
          // (uint256[] leaves, uint256 root, uint64 sequence): word 0 is the array's offset, then its length.
          const at = Number(word(0)) / 32;
          const count = Number(word(at));
          const leaves = new Array<bigint>(count);
          for (let i = 0; i < count; i++) leaves[i] = word(at + 1 + i);
          return { kind: "added", firstIndex: BigInt(log.topics[1] ?? 0), leaves, root: word(1), blockNumber: log.blockNumber };
        }),
      };
    });
  }

  /** Every MembersAdded / MemberRemoved since `fromBlock`, in chain order (read in bounded pages). */
  async membershipEvents(fromBlock = 0, paging: LogPaging = {}): Promise<MembershipEvent[]> {
    const out: MembershipEvent[] = [];
    for await (const page of this.membershipEventPages(fromBlock, paging)) out.push(...page.events);
    return out;
  }

  /** ClaimFiled events since `fromBlock`, optionally for one incident. */
  async filedClaims(fromBlock = 0, incidentId?: bigint, paging: LogPaging = {}): Promise<FiledClaim[]> {
    const logs = await this.logs("ClaimFiled", [null, incidentId ?? null], fromBlock, paging);
    return logs.map((log) => ({
      claimId: log.args[0],
      incidentId: log.args[1],
      nullifier: log.args[2],
      recipient: log.args[3],
      amount: log.args[4],
      ratingClass: Number(log.args[5]),
      evidenceCid: evidenceCidOf(log.args[6]),
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
    }));
  }

  /** ClaimPaid events since `fromBlock`: what each paid claim received. */
  async paidClaims(
    fromBlock = 0,
    paging: LogPaging = {},
  ): Promise<{ claimId: string; recipient: string; amount: bigint; blockNumber: number }[]> {
    const logs = await this.logs("ClaimPaid", [], fromBlock, paging);
    return logs.map((log) => ({ claimId: log.args[0], recipient: log.args[1], amount: log.args[2], blockNumber: log.blockNumber }));
  }

  /** ClaimFiled events since `fromBlock` (optionally one incident's), each with the claim's current state. */
  async claimsWithStatus(fromBlock = 0, incidentId?: bigint): Promise<(FiledClaim & { status: ClaimRecord })[]> {
    const filed = await this.filedClaims(fromBlock, incidentId);
    return Promise.all(filed.map(async (claim) => ({ ...claim, status: await this.getClaim(claim.incidentId, claim.nullifier) })));
  }

  /** The parameters new incidents take (cap, quorum, settlement delay), and whether the mutual is paused. */
  async parameters(): Promise<MutualParameters & { paused: boolean }> {
    const [p, paused] = await Promise.all([this.contract.getFunction("parameters")(), this.contract.getFunction("paused")()]);
    return { maxClaimAmount: p.maxClaimAmount, quorum: Number(p.quorum), settlementDelay: Number(p.settlementDelay), paused };
  }

  /** An incident's rules (fixed at opening) and its current windows. */
  async getIncident(incidentId: bigint): Promise<IncidentRecord> {
    const [incident, claimsCloseAt, votingEndsAt] = await this.contract.getFunction("getIncident")(incidentId);
    return {
      occurredAt: incident.occurredAt,
      claimsCloseAt,
      votingEndsAt,
      maxClaimAmount: incident.maxClaimAmount,
      quorum: Number(incident.quorum),
      settlementDelay: Number(incident.settlementDelay),
    };
  }

  /**
   * The incidents still taking claims at `now` (unix seconds; their windows as they stand, stretched by pauses),
   * from the IncidentOpened events since `fromBlock`, oldest first.
   */
  async openIncidents(fromBlock: number, now: bigint): Promise<(IncidentRecord & { incidentId: bigint })[]> {
    const opened = await this.logs("IncidentOpened", [], fromBlock);
    const incidents = await Promise.all(
      opened.map(async (log) => ({ incidentId: log.args[0] as bigint, ...(await this.getIncident(log.args[0] as bigint)) })),
    );
    return incidents.filter((incident) => incident.claimsCloseAt >= now);
  }

  /** Whether claims may prove against this member root (the current one or a recent one). */
  isKnownRoot(root: bigint): Promise<boolean> {
    return this.contract.getFunction("isKnownRoot")(root);
  }

  /** Whether `root` was the current root at `time` (unix seconds): what a parametric event's claims are proven against. */
  wasCurrentAt(root: bigint, time: bigint): Promise<boolean> {
    return this.contract.getFunction("wasCurrentAt")(root, time);
  }

  /** The latest member root. */
  currentRoot(): Promise<bigint> {
    return this.contract.getFunction("currentRoot")();
  }

  /** How many leaves the member tree has (removed members stay as zero leaves). */
  async memberCount(): Promise<number> {
    return Number(await this.contract.getFunction("memberCount")());
  }

  /** Members in the tree now (admitted minus removed): the base of governance quorums. */
  async activeMemberCount(): Promise<number> {
    return Number(await this.contract.getFunction("activeMemberCount")());
  }

  /** The incident's scope: claim nullifiers are derived from it, one claim per member per incident. */
  scopeOf(incidentId: bigint): Promise<bigint> {
    return this.contract.getFunction("scopeOf")(incidentId);
  }

  /** The claim id the contract derives from the incident and the nullifier. */
  claimIdOf(incidentId: bigint, nullifier: bigint): Promise<string> {
    return this.contract.getFunction("claimIdOf")(incidentId, nullifier);
  }
}
