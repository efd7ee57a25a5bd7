import { rmSync } from "node:fs";
import type { BlockCheckpoint, LogPaging, MembershipEvent, MutuaMutualClient } from "@mutua/contracts";
import { checkpointAt, checkpointHolds } from "@mutua/contracts";
import { FileMemberTree, MemberTree, StreamingTreeBuilder, SubtreePool, useFastPoseidon } from "@mutua/proofs";
import { RootMismatchError, SnapshotNotFoundError } from "./errors.ts";

/** Where a wallet keeps its copy of the member tree, and how far back to read events. */
export interface TreeSyncOptions {
  /** Worker threads for large builds (one is made, and closed, when needed and not given). */
  pool?: SubtreePool;
  /** How events are read: page size in blocks (RPC providers limit eth_getLogs ranges). */
  paging?: LogPaging;
}

/** Below this many members events are replayed one by one, each batch's root checked as it was posted. */
const BULK_FROM_LEAVES = 2 ** 12;

/**
 * Rebuilds the member tree from the registry's events alone, and checks it against the roots the contract
 * holds: wallets do not have to trust the issuer's root, and a wrong one is caught here (ROOT_MISMATCH).
 * Small registries are replayed event by event (every posted root checked); large ones are hashed in worker
 * threads while the next pages of events are read, and the final root is checked.
 */
export async function rebuildMemberTree(mutual: MutuaMutualClient, fromBlock = 0, options: TreeSyncOptions = {}): Promise<MemberTree> {
  await useFastPoseidon();
  return (await buildFromChain(mutual, fromBlock, options)).tree as MemberTree;
}

/** Builds the tree from the chain's events: in memory, or straight into a tree file in `directory`. */
async function buildFromChain(
  mutual: MutuaMutualClient,
  fromBlock: number,
  options: TreeSyncOptions,
  directory?: string,
): Promise<{ tree: MemberTree | FileMemberTree; toBlock: number }> {
  const small = new MemberTree();
  let bulk: { builder: StreamingTreeBuilder; pool: SubtreePool; removed: number[]; size: number } | undefined;
  let lastRoot: bigint | undefined;
  let toBlock = fromBlock - 1;
  const startBulk = () => {
    const pool = options.pool ?? new SubtreePool();
    const builder = new StreamingTreeBuilder(pool, MemberTree.hashPair);
    builder.push(small.leaves);
    return { builder, pool, removed: [] as number[], size: small.size };
  };
  // A registry already large is hashed in bulk from its first event (its member count is one call).
  if ((await mutual.memberCount()) >= BULK_FROM_LEAVES) bulk = startBulk();
  try {
    for await (const page of mutual.membershipEventPages(fromBlock, options.paging)) {
      toBlock = page.toBlock;
      for (const event of page.events) {
        lastRoot = event.root;
        // Large from here on: hand what we have to the workers and keep streaming.
        if (!bulk && event.kind === "added" && small.size + event.leaves.length >= BULK_FROM_LEAVES) bulk = startBulk();
        if (bulk) {
          if (event.kind === "added") {
            checkOrder(event, bulk.size);
            bulk.builder.push(event.leaves);
            bulk.size += event.leaves.length;
          } else bulk.removed.push(Number(event.index));
        } else {
          apply(small, event);
          if (small.root !== event.root) throw new RootMismatchError(event.root, small.root);
        }
      }
    }
    let tree: MemberTree | FileMemberTree = small;
    if (bulk && directory) {
      // Worker output goes to disk as bytes: no bigint per node for a tree that lives in a file.
      const file = FileMemberTree.fromRaw(directory, await bulk.builder.finishRaw(), bulk.size, toBlock);
      for (const index of bulk.removed) file.update(index);
      tree = file;
    } else if (bulk) {
      const memory = MemberTree.fromLevels(await bulk.builder.finish());
      for (const index of bulk.removed) memory.remove(index);
      tree = memory;
    } else if (directory) {
      tree = FileMemberTree.create(directory, small.levels, toBlock);
    }
    const current = await mutual.currentRoot();
    const expected = bulk && lastRoot !== undefined ? lastRoot : current;
    for (const posted of [expected, current]) {
      if (tree.size > 0 && posted !== tree.root) {
        if (tree instanceof FileMemberTree) {
          tree.close();
          rmSync(tree.directory, { recursive: true, force: true });
        }
        throw new RootMismatchError(posted, tree.root);
      }
    }
    return { tree, toBlock };
  } finally {
    if (bulk && !options.pool) await bulk.pool.close();
  }
}

function checkOrder(event: MembershipEvent & { kind: "added" }, size: number): void {
  if (event.firstIndex !== BigInt(size)) {
    throw new Error(`registry events out of order: batch starts at ${event.firstIndex}, tree has ${size}`);
  }
}

function apply(tree: MemberTree | FileMemberTree, event: MembershipEvent): void {
  if (event.kind === "added") {
    checkOrder(event, tree.size);
    if (tree instanceof FileMemberTree) tree.append(event.leaves);
    else tree.addMany(event.leaves);
  } else if (tree instanceof FileMemberTree) tree.update(Number(event.index));
  else tree.remove(Number(event.index));
}

/**
 * The member tree kept in `directory` (a wallet's copy), brought up to date: only the events after the
 * block it holds are read, and only the nodes above new or removed members are hashed, so a claim at a
 * million members starts in milliseconds. Each new root is checked against the one posted with it, and the
 * result against the contract's current root; a copy that disagrees (a reorg, a damaged file) is rebuilt
 * from the chain.
 */
export async function syncMemberTree(
  mutual: MutuaMutualClient,
  fromBlock: number,
  directory: string,
  options: TreeSyncOptions = {},
): Promise<FileMemberTree> {
  await useFastPoseidon();
  const kept = FileMemberTree.open(directory);
  if (kept) {
    try {
      for await (const page of mutual.membershipEventPages(kept.block + 1, options.paging)) {
        for (const event of page.events) {
          if (event.kind === "added") {
            checkOrder(event, kept.size);
            await kept.appendBatch(event.leaves); // natively for a large batch, when the hasher is built
          } else apply(kept, event);
          if (kept.root !== event.root) throw new RootMismatchError(event.root, kept.root);
        }
        kept.append([], page.toBlock);
      }
      const current = await mutual.currentRoot();
      if (kept.size === 0 || current === kept.root) return kept;
    } catch {
      // fall through: rebuilt from the chain below, where a real mismatch is reported
    }
    kept.close();
  }
  return (await buildFromChain(mutual, fromBlock, options, directory)).tree as FileMemberTree;
}

/**
 * The member tree as it was when the registry's root was `root` (a proposal's or an appeal's snapshot), from the
 * events up to `toBlock` (the block that took the snapshot): the last point in them where the posted root was
 * `root`. Throws SNAPSHOT_NOT_FOUND if the events never reach it. Incremental: the events are read once per process
 * (later calls read only the blocks after the last read, less a reorganisation margin), and the last few trees are
 * kept by root, so a voter's second ballot on a snapshot costs neither a log read nor a hash.
 */
export async function memberTreeAtRoot(
  mutual: MutuaMutualClient,
  fromBlock: number,
  root: bigint,
  toBlock: number,
  options: TreeSyncOptions = {},
): Promise<MemberTree> {
  const history = historyOf(mutual, fromBlock);
  const kept = history.trees.get(root);
  if (kept) return kept.copy();
  const events = await history.upTo(toBlock, options.paging ?? {});
  const last = events.findLastIndex((event) => event.root === root);
  if (last < 0) throw new SnapshotNotFoundError(root, toBlock);
  const tree = replay(events.slice(0, last + 1));
  history.keep(root, tree);
  return tree.copy();
}

/**
 * The member tree as it was at `time` (unix seconds): the events up to the last one mined at or before it. A
 * parametric event pays the members of the root current at the event; the root is checked against the registry's
 * record of when it was current (wasCurrentAt) before anyone proves against it. Block times are read by binary
 * search over the events (log2(events) block reads).
 */
export async function memberTreeAtTime(
  mutual: MutuaMutualClient,
  fromBlock: number,
  time: bigint,
  options: TreeSyncOptions = {},
): Promise<MemberTree> {
  const provider = mutual.contract.runner?.provider;
  if (!provider) throw new TypeError("the mutual client has no provider to read block times with");
  const events = await historyOf(mutual, fromBlock).upTo(await provider.getBlockNumber(), options.paging ?? {});
  const timeOf = async (blockNumber: number) => BigInt((await provider.getBlock(blockNumber))?.timestamp ?? 0);
  let low = 0;
  let high = events.length; // the first event mined after `time`
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((await timeOf((events[mid] as MembershipEvent).blockNumber)) <= time) low = mid + 1;
    else high = mid;
  }
  return replay(events.slice(0, low));
}

/** Blocks re-read on every call: a reorganisation shallower than this replaces what it changed. */
const REORG_MARGIN_BLOCKS = 64;
const KEPT_TREES = 4;

/** A registry's membership events read so far in this process, and the last trees replayed from them. */
class MembershipHistory {
  #events: MembershipEvent[] = [];
  #through: number;
  /** The block just below the re-read margin, by hash: a deeper reorganisation makes the history read again whole. */
  #checkpoint: BlockCheckpoint | undefined;
  readonly trees = new Map<bigint, MemberTree>();
  readonly #mutual: MutuaMutualClient;
  readonly #fromBlock: number;

  constructor(mutual: MutuaMutualClient, fromBlock: number) {
    this.#mutual = mutual;
    this.#fromBlock = fromBlock;
    this.#through = fromBlock - 1;
  }

  /** Every event up to `toBlock`, in chain order; only the blocks after the last read (less the margin) are read. */
  async upTo(toBlock: number, paging: LogPaging): Promise<MembershipEvent[]> {
    await useFastPoseidon();
    const provider = this.#mutual.contract.runner?.provider;
    if (provider && !(await checkpointHolds(provider, this.#checkpoint))) {
      this.#events = [];
      this.#through = this.#fromBlock - 1;
      this.#checkpoint = undefined;
      this.trees.clear();
    }
    if (toBlock > this.#through - REORG_MARGIN_BLOCKS) {
      const from = Math.max(this.#fromBlock, Math.min(this.#through + 1, this.#through - REORG_MARGIN_BLOCKS + 1));
      const fresh: MembershipEvent[] = [];
      for await (const page of this.#mutual.membershipEventPages(from, { ...paging, toBlock })) fresh.push(...page.events);
      this.#events = [...this.#events.filter((event) => event.blockNumber < from), ...fresh];
      this.#through = Math.max(this.#through, toBlock);
      const below = this.#through - REORG_MARGIN_BLOCKS;
      if (provider && below >= this.#fromBlock) this.#checkpoint = await checkpointAt(provider, below);
      // A tree kept from events the margin re-read may be from a replaced branch: replayed again when asked.
      if (fresh.length > 0) this.trees.clear();
    }
    return this.#events.filter((event) => event.blockNumber <= toBlock);
  }

  keep(root: bigint, tree: MemberTree): void {
    this.trees.set(root, tree);
    if (this.trees.size > KEPT_TREES) this.trees.delete(this.trees.keys().next().value as bigint);
  }
}

/** Per chain connection (two chains may hold contracts at the same address), per registry and first block. */
const histories = new WeakMap<object, Map<string, MembershipHistory>>();

function historyOf(mutual: MutuaMutualClient, fromBlock: number): MembershipHistory {
  const provider = mutual.contract.runner?.provider;
  if (!provider) throw new TypeError("the mutual client has no provider to read events with");
  const byRegistry = histories.get(provider) ?? new Map<string, MembershipHistory>();
  histories.set(provider, byRegistry);
  const key = `${mutual.address.toLowerCase()}:${fromBlock}`;
  let history = byRegistry.get(key);
  if (!history) {
    history = new MembershipHistory(mutual, fromBlock);
    byRegistry.set(key, history);
  }
  return history;
}

/** The tree after `events`, checked against the root the last of them posted. */
function replay(events: readonly MembershipEvent[]): MemberTree {
  const tree = new MemberTree();
  for (const event of events) apply(tree, event);
  const last = events.at(-1);
  if (last && tree.root !== last.root) throw new RootMismatchError(last.root, tree.root);
  return tree;
}
