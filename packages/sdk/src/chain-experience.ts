import type { MutuaMutualClient, RateTablesClient } from "@mutua/contracts";
import { MutuaError } from "@mutua/core";
import type { ExperienceRow, ExperienceSnapshot, Factor } from "@mutua/pricing";
import { classLevels } from "@mutua/pricing";

/** A year of exposure, in seconds (365 days). */
export const YEAR_SECONDS = 365 * 86_400;

/** A class's experience the chain holds but no rate table factor names (class 0, or a number past the table's classes). */
export interface UnattributedExperience {
  ratingClass: number;
  exposure: number;
  claims: number;
  losses: number;
}

/**
 * The pool's experience between two blocks, rebuilt from chain events alone, so that anyone can refit a rate table
 * and compare: exposure per class from the issuer's class-size records (members × time, in periods of
 * `periodSeconds` counted from `fromBlock`'s time; one unit is one member for one period), claims per class from
 * `ClaimFiled` (the proven class, counted in the period the claim was filed), losses from `ClaimPaid` by `toBlock`.
 * No member is named anywhere in it.
 */
export async function experienceFromChain(options: {
  mutual: MutuaMutualClient;
  rateTables: RateTablesClient;
  factors: readonly Factor[];
  fromBlock: number;
  toBlock?: number;
  periodSeconds?: number;
}): Promise<{ rows: ExperienceRow[]; snapshot: ExperienceSnapshot; unattributed: UnattributedExperience[] }> {
  const provider = options.mutual.contract.runner?.provider;
  if (!provider) throw new MutuaError("NO_PROVIDER", "reading the chain's experience needs a provider");
  const period = options.periodSeconds ?? YEAR_SECONDS;
  if (!(Number.isInteger(period) && period >= 86_400))
    throw new MutuaError("BAD_PERIOD", `a period of ${period} seconds is not a whole number of seconds of at least a day`);
  const toBlock = options.toBlock ?? (await provider.getBlockNumber());
  if (toBlock < options.fromBlock)
    throw new MutuaError("BAD_BLOCK_RANGE", `block ${toBlock} is before block ${options.fromBlock}: nothing to read`);
  const paging = { toBlock };
  const [records, filed, paid, last] = await Promise.all([
    options.rateTables.classMemberRecords(options.fromBlock, paging),
    options.mutual.filedClaims(options.fromBlock, undefined, paging),
    options.mutual.paidClaims(options.fromBlock, paging),
    provider.getBlock(toBlock),
  ]);
  if (!last) throw new MutuaError("NO_SUCH_BLOCK", `the chain has no block ${toBlock} yet`);
  const times = new Map<number, number>();
  const timeOf = async (blockNumber: number): Promise<number> => {
    let time = times.get(blockNumber);
    if (time === undefined) {
      time = (await provider.getBlock(blockNumber))?.timestamp ?? 0;
      times.set(blockNumber, time);
    }
    return time;
  };
  const start = await timeOf(options.fromBlock);
  const end = last.timestamp;
  const periodOf = (time: number) => Math.floor((time - start) / period) + 1;

  type Cell = { exposure: number; claims: number; losses: number };
  const cells = new Map<number, Map<number, Cell>>();
  const cell = (ratingClass: number, p: number): Cell => {
    const byPeriod = cells.get(ratingClass) ?? new Map<number, Cell>();
    cells.set(ratingClass, byPeriod);
    const found = byPeriod.get(p) ?? { exposure: 0, claims: 0, losses: 0 };
    byPeriod.set(p, found);
    return found;
  };

  // Exposure: each class's recorded size is a step in time; members × seconds, split at period boundaries.
  const steps = new Map<number, { time: number; members: number }[]>();
  for (const record of records) {
    const list = steps.get(record.ratingClass) ?? [];
    list.push({ time: await timeOf(record.blockNumber), members: record.members });
    steps.set(record.ratingClass, list);
  }
  for (const [ratingClass, list] of steps) {
    list.forEach((step, i) => {
      const until = list[i + 1]?.time ?? end;
      for (let t = step.time; t < until; ) {
        const p = periodOf(t);
        const boundary = Math.min(until, start + p * period);
        cell(ratingClass, p).exposure += (step.members * (boundary - t)) / period;
        t = boundary;
      }
    });
  }
  const classOf = new Map<string, { ratingClass: number; period: number }>();
  for (const claim of filed) {
    const at = { ratingClass: claim.ratingClass, period: periodOf(await timeOf(claim.blockNumber)) };
    classOf.set(claim.claimId, at);
    cell(at.ratingClass, at.period).claims += 1;
  }
  for (const payment of paid) {
    const at = classOf.get(payment.claimId);
    if (at) cell(at.ratingClass, at.period).losses += Number(payment.amount);
  }

  const rows: ExperienceRow[] = [];
  const unattributed: UnattributedExperience[] = [];
  for (const [ratingClass, byPeriod] of [...cells].sort((a, b) => a[0] - b[0])) {
    const levels = classLevels(options.factors, ratingClass);
    for (const [p, c] of [...byPeriod].sort((a, b) => a[0] - b[0])) {
      if (levels) rows.push({ levels, period: p, exposure: c.exposure, claims: c.claims, losses: c.losses });
      else unattributed.push({ ratingClass, ...c });
    }
  }
  return {
    rows,
    unattributed,
    snapshot: { fromBlock: options.fromBlock, toBlock, blockHash: last.hash ?? "", periodSeconds: period },
  };
}
