import { checkParametricProduct, InvalidArgumentError } from "@mutua/core";
import { ZeroAddress } from "ethers/constants";
import type { ContractTransactionReceipt, EventLog } from "ethers/contract";
import { Contract, ContractFactory } from "ethers/contract";
import type { ContractRunner, Signer } from "ethers/providers";
import { decodeRevert } from "./errors.ts";
import { ParametricCoverArtifact } from "./generated/artifacts.ts";
import { emittedIn, sendAndWait } from "./send.ts";

/** A parametric product as governance sets it (ParametricCover.Product); amounts in token base units. */
export interface ParametricProduct {
  /** The region whose members it covers (the number in their leaf; above 0). */
  region: number;
  /** Events may occur from coverStart to coverEnd (unix seconds), once. */
  coverStart: bigint;
  coverEnd: bigint;
  /** Seconds after the event opens during which members claim (1 to 90 days). */
  claimWindow: number;
  /** A feed answer older than this (seconds) is stale (1 minute to 1 day); unused without a feed. */
  maxFeedAge: number;
  /** An assertion's liveness: how long it can be disputed (2 hours to 7 days). */
  liveness: bigint;
  /** Up to three bands, thresholds ascending in the feed's units, each with its payout. */
  bands: { threshold: bigint; payout: bigint }[];
  /** The index's data feed (AggregatorV3Interface); none: the product triggers by assertion only. */
  feed?: string;
  /** Feed answers above this are out of range (a broken feed), never a disaster. */
  maxPlausible: bigint;
  /** What the index is and where it is measured, in words the oracle's voters judge ("24 h rainfall, mm, KE-13"). */
  description: string;
}

/** A parametric product as the contract keeps it: its feed, threshold, payout and policies recorded. */
export interface ParametricProductState {
  product: ParametricProduct;
  version: number;
  triggered: boolean;
  /** Policies the issuer recorded as sold: the anonymity set, and the pot's measure. */
  policies: number;
}

/** An event opened by an oracle: what each covered member of the region may claim, and how much is earmarked. */
export interface ParametricEventRecord {
  eventId: bigint;
  product: number;
  band: number;
  region: number;
  occurredAt: bigint;
  /** The claim window's end as it stands now (stretched by time the mutual spent paused). */
  claimsCloseAt: bigint;
  /** The band's payout in full, and what each claim is paid at once (less when the pot is short). */
  payout: bigint;
  instant: bigint;
  pot: bigint;
  paid: bigint;
  claimants: number;
  closedAt: bigint;
  topUpPot: bigint;
  owed: bigint;
}

/** What a parametric claim sends; `proof` in the order of flattenProof. */
export interface ParametricClaimRequest {
  eventId: bigint;
  root: bigint;
  nullifier: bigint;
  recipient: string;
  proof: readonly bigint[];
}

/** ParametricCover's products, events, claims and top-ups. */
export class ParametricCoverClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner | null) {
    this.address = address;
    this.contract = new Contract(address, ParametricCoverArtifact.abi, runner);
  }

  /** The same contract, through another signer or provider. */
  connect(runner: ContractRunner): ParametricCoverClient {
    return new ParametricCoverClient(this.address, runner);
  }

  /** The call data of setProduct, for a governance proposal (the timelock is the only account that may send it). */
  setProductCall(productId: number, product: ParametricProduct): { target: string; data: string } {
    return {
      target: this.address,
      data: this.contract.interface.encodeFunctionData("setProduct", [productId, encodeParametricProduct(product)]),
    };
  }

  /** Records how many policies of a product were sold (the reserve its events need). */
  recordPolicies(productId: number, count: number): Promise<ContractTransactionReceipt> {
    return this.#send("recordPolicies", checkParametricProduct(productId), count);
  }

  /** Opens an event when the product's price feed crosses its threshold; returns the event id. */
  async triggerFromFeed(productId: number): Promise<{ eventId: bigint; receipt: ContractTransactionReceipt }> {
    const receipt = await this.#send("triggerFromFeed", checkParametricProduct(productId));
    return { eventId: emittedIn(receipt, "EventOpened").args[0] as bigint, receipt };
  }

  /** Asserts the event to the optimistic oracle; the caller must have approved the bond to this contract. */
  async assertEvent(
    productId: number,
    band: number,
    occurredAt: bigint,
  ): Promise<{ assertionId: string; receipt: ContractTransactionReceipt }> {
    const receipt = await this.#send("assertEvent", checkParametricProduct(productId), band, occurredAt);
    return { assertionId: emittedIn(receipt, "EventAsserted").args[0] as string, receipt };
  }

  /** Claims a parametric payout with a proof of cover for the event; returns the amount paid. */
  async claim(request: ParametricClaimRequest): Promise<{ paid: bigint; receipt: ContractTransactionReceipt }> {
    const receipt = await this.#send("claim", { ...request, proof: [...request.proof] });
    return { paid: emittedIn(receipt, "ParametricClaimPaid").args[3] as bigint, receipt };
  }

  /** Closes an event once its claim window has passed, releasing what was not claimed. */
  closeEvent(eventId: bigint): Promise<ContractTransactionReceipt> {
    return this.#send("closeEvent", eventId);
  }

  /** Pays the rest of a claim that was paid in part while the reserve was short. */
  async topUp(eventId: bigint, nullifier: bigint): Promise<{ amount: bigint; receipt: ContractTransactionReceipt }> {
    const receipt = await this.#send("topUp", eventId, nullifier);
    return { amount: emittedIn(receipt, "TopUpPaid").args[3] as bigint, receipt };
  }

  /** The event's scope: nullifiers derive from it, one claim per policy per event. */
  async scopeOf(eventId: bigint): Promise<bigint> {
    return this.#read("scopeOf", eventId);
  }

  /** The bond an oracle assertion of an event must post. */
  async assertionBond(): Promise<bigint> {
    return this.#read("assertionBond");
  }

  /** Tokens owed to open events and top-ups: never part of the free reserve. */
  async committed(): Promise<bigint> {
    return this.#read("committed");
  }

  /** The reserve not yet committed to open events. */
  async freeReserve(): Promise<bigint> {
    return this.#read("freeReserve");
  }

  /** A product's terms and state. */
  async getProduct(productId: number): Promise<ParametricProductState> {
    const [product, state] = await this.#read<[RawProduct, { version: bigint; triggered: boolean; policies: bigint }]>(
      "getProduct",
      productId,
    );
    return {
      product: decodeProduct(product),
      version: Number(state.version),
      triggered: state.triggered,
      policies: Number(state.policies),
    };
  }

  /** An event's record, or undefined when there is none with this id. */
  async getEvent(eventId: bigint): Promise<ParametricEventRecord | undefined> {
    const [ev, claimsCloseAt] = await this.#read<[Record<string, bigint>, bigint]>("getEvent", eventId);
    if (ev.occurredAt === 0n) return undefined;
    return {
      eventId,
      product: Number(ev.product),
      band: Number(ev.band),
      region: Number(ev.region),
      occurredAt: ev.occurredAt as bigint,
      claimsCloseAt,
      payout: ev.payout as bigint,
      instant: ev.instant as bigint,
      pot: ev.pot as bigint,
      paid: ev.paid as bigint,
      claimants: Number(ev.claimants),
      closedAt: ev.closedAt as bigint,
      topUpPot: ev.topUpPot as bigint,
      owed: ev.owed as bigint,
    };
  }

  /** Every event opened since `fromBlock`, as it stands now. */
  async events(fromBlock = 0): Promise<ParametricEventRecord[]> {
    const logs = (await this.contract.queryFilter(this.contract.filters.EventOpened?.() ?? "EventOpened", fromBlock)) as EventLog[];
    const records = await Promise.all(logs.map((log) => this.getEvent(log.args[0] as bigint)));
    return records.filter((record): record is ParametricEventRecord => record !== undefined);
  }

  /**
   * What each nullifier that claimed `eventId` was paid at once, from its ParametricClaimPaid logs: a wallet looks
   * for its own among them locally, never by asking the chain about its nullifier.
   */
  async claimsPaid(eventId: bigint, fromBlock = 0): Promise<Map<bigint, bigint>> {
    const filter = this.contract.filters.ParametricClaimPaid?.(eventId);
    if (!filter) throw new Error("the ABI lacks ParametricClaimPaid");
    const logs = (await this.contract.queryFilter(filter, fromBlock)) as EventLog[];
    return new Map(logs.map((log) => [log.args[1] as bigint, log.args[3] as bigint]));
  }

  #send(method: string, ...args: unknown[]): Promise<ContractTransactionReceipt> {
    return sendAndWait(this.contract, [ParametricCoverArtifact.abi], method, ...args);
  }

  async #read<T>(method: string, ...args: unknown[]): Promise<T> {
    try {
      return (await this.contract.getFunction(method)(...args)) as T;
    } catch (error) {
      decodeRevert(error, [ParametricCoverArtifact.abi]);
    }
  }
}

/** ParametricCover next to `mutual`: its roles are the mutual's; `optimisticOracle` may be none (feeds only). */
export async function deployParametricCover(
  deployer: Signer,
  options: { mutual: string; token: string; optimisticOracle?: string; minPolicies: number; assertionBond: bigint },
): Promise<ParametricCoverClient> {
  const factory = new ContractFactory(ParametricCoverArtifact.abi, ParametricCoverArtifact.bytecode, deployer);
  try {
    const contract = await factory.deploy(
      options.mutual,
      options.token,
      options.optimisticOracle ?? ZeroAddress,
      options.minPolicies,
      options.assertionBond,
    );
    await contract.waitForDeployment();
    return new ParametricCoverClient(await contract.getAddress(), deployer);
  } catch (error) {
    decodeRevert(error, [ParametricCoverArtifact.abi]);
  }
}

type RawProduct = {
  region: bigint;
  coverStart: bigint;
  coverEnd: bigint;
  claimWindow: bigint;
  maxFeedAge: bigint;
  liveness: bigint;
  bands: bigint;
  feed: string;
  maxPlausible: bigint;
  thresholds: bigint[];
  payouts: bigint[];
  description: string;
};

/** ParametricCover.Product as the ABI takes it (bands padded to three). */
export function encodeParametricProduct(product: ParametricProduct) {
  if (product.bands.length < 1 || product.bands.length > 3) throw new InvalidArgumentError("bands", "a product has one to three bands");
  const pad = <T>(values: T[], fill: T) => [...values, ...Array(3 - values.length).fill(fill)];
  return {
    region: product.region,
    coverStart: product.coverStart,
    coverEnd: product.coverEnd,
    claimWindow: product.claimWindow,
    maxFeedAge: product.maxFeedAge,
    liveness: product.liveness,
    bands: product.bands.length,
    feed: product.feed ?? ZeroAddress,
    maxPlausible: product.maxPlausible,
    thresholds: pad(
      product.bands.map((b) => b.threshold),
      0n,
    ),
    payouts: pad(
      product.bands.map((b) => b.payout),
      0n,
    ),
    description: product.description,
  };
}

function decodeProduct(raw: RawProduct): ParametricProduct {
  const count = Number(raw.bands);
  return {
    region: Number(raw.region),
    coverStart: raw.coverStart,
    coverEnd: raw.coverEnd,
    claimWindow: Number(raw.claimWindow),
    maxFeedAge: Number(raw.maxFeedAge),
    liveness: raw.liveness,
    bands: Array.from({ length: count }, (_, i) => ({ threshold: raw.thresholds[i] as bigint, payout: raw.payouts[i] as bigint })),
    ...(raw.feed !== ZeroAddress ? { feed: raw.feed } : {}),
    maxPlausible: raw.maxPlausible,
    description: raw.description,
  };
}
