import type { Contract, EventLog } from "ethers/contract";
import type { Provider } from "ethers/providers";

/** How event logs are read: pages of at most `pageBlocks` blocks, up to `toBlock`. */
export interface LogPaging {
  pageBlocks?: number;
  toBlock?: number;
  parallelPages?: number;
}

/**
 * `fetchPage` over [fromBlock, toBlock] in pages of at most `pageBlocks` blocks, yielded in order while up to
 * `ahead` pages are fetched ahead of the one being consumed.
 */
export async function* pagesInOrder<T>(
  fromBlock: number,
  toBlock: number,
  pageBlocks: number,
  ahead: number,
  fetchPage: (from: number, to: number) => Promise<T>,
): AsyncGenerator<T> {
  const pages: [number, number][] = [];
  for (let start = fromBlock; start <= toBlock; start += pageBlocks) pages.push([start, Math.min(start + pageBlocks - 1, toBlock)]);
  const inFlight = pages.slice(0, ahead).map(([from, to]) => fetchPage(from, to));
  for (let i = 0; i < pages.length; i++) {
    const next = pages[i + ahead];
    if (next) inFlight.push(fetchPage(next[0], next[1]));
    yield await (inFlight[i] as Promise<T>);
  }
}

/** The widest eth_getLogs range asked for by default: within what public RPC providers accept. */
export const DEFAULT_LOG_PAGE_BLOCKS = 5_000;

/**
 * Logs of `events` of `contract` (with `args` as topic filters) from `fromBlock` to `toBlock` (default: the latest
 * block), page by page in chain order: public RPC nodes refuse wide eth_getLogs ranges (often 10,000 blocks or
 * fewer). A few pages are fetched ahead while the caller works on the current one.
 */
export async function* logPagesOf(
  contract: Contract,
  events: readonly string[],
  args: unknown[],
  fromBlock: number,
  options: LogPaging = {},
): AsyncGenerator<{ logs: EventLog[]; toBlock: number }> {
  const provider = contract.runner?.provider;
  if (!provider) throw new Error("reading events needs a provider");
  const filters = events.map((event) => contract.filters[event]?.(...args) ?? event);
  const toBlock = options.toBlock ?? (await provider.getBlockNumber());
  yield* pagesInOrder(fromBlock, toBlock, options.pageBlocks ?? DEFAULT_LOG_PAGE_BLOCKS, options.parallelPages ?? 4, async (from, to) => {
    const results = await Promise.all(filters.map((filter) => contract.queryFilter(filter, from, to)));
    const logs = results.flat().filter((log): log is EventLog => "args" in log);
    logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    return { logs, toBlock: to };
  });
}

/** Every log of `event` of `contract` since `fromBlock`, read in bounded pages (see logPagesOf). */
export async function logsOf(
  contract: Contract,
  event: string,
  args: unknown[],
  fromBlock: number,
  options: LogPaging = {},
): Promise<EventLog[]> {
  const out: EventLog[] = [];
  for await (const page of logPagesOf(contract, [event], args, fromBlock, options)) out.push(...page.logs);
  return out;
}

/**
 * A block remembered by its hash, below the blocks an incremental read re-reads each time: if the chain's block at
 * that height has another hash later, a reorganisation went deeper than the re-read, and what was read before it
 * must be read again rather than mixed with the new branch.
 */
export interface BlockCheckpoint {
  number: number;
  hash: string;
}

/** The checkpoint at `number` (undefined below the first block, or for a block the node does not have). */
export async function checkpointAt(provider: Provider, number: number): Promise<BlockCheckpoint | undefined> {
  if (number < 0) return undefined;
  const block = await provider.getBlock(number);
  return block?.hash ? { number, hash: block.hash } : undefined;
}

/** Whether the chain still holds the checkpoint's block (no checkpoint: nothing to hold). */
export async function checkpointHolds(provider: Provider, checkpoint: BlockCheckpoint | undefined): Promise<boolean> {
  if (!checkpoint) return true;
  return (await provider.getBlock(checkpoint.number))?.hash === checkpoint.hash;
}
