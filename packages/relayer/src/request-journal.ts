import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { RelayedCall } from "./relayed-claim.ts";

/** Where an accepted request stands: accepted (queued), sent (its transaction's hash known), done, or failed. */
export type RequestState = "accepted" | "sent" | "done" | "failed";

/** One request the relayer accepted, as the journal knows it (the newest record per key wins). */
export interface JournaledRequest {
  /** The idempotency key: (mutual, incident, nullifier) for a claim, (box, ballot) for a ballot. */
  key: string;
  kind: "claim" | "ballot";
  /** The canonical request body: a retry with another one under the same key is a conflict. */
  body: string;
  to: string;
  data: string;
  state: RequestState;
  /** Set once sent: the transaction to look for after a crash. */
  hash?: string;
  /** Set once done: what every retry is answered. */
  result?: RelayedCall & { claimId?: string };
}

/**
 * The relayer's write-ahead journal: every accepted request is written (and synced to disk) before its transaction
 * is sent, the transaction's hash when it is sent, and the result when it is mined. After a crash (kill -9
 * included) the relayer reads it back: a mined transaction answers its retries, a sent one is looked for on-chain
 * and re-sent only if it never landed, an accepted one is sent; nothing accepted is lost. Re-sending is safe
 * because every call a relayer sends is idempotent on-chain (a claim's and a ballot's nullifier, an appeal's claim,
 * an upkeep that re-reads what is due): a second copy can only revert, and is refused by simulation first.
 *
 * One JSON line per record, appended; a line torn by a crash mid-write is the last one, and is skipped.
 */
export class RequestJournal {
  readonly #fd: number | undefined;
  readonly #requests = new Map<string, JournaledRequest>();

  private constructor(fd: number | undefined, requests: Iterable<JournaledRequest>) {
    this.#fd = fd;
    for (const request of requests) this.#requests.set(request.key, request);
  }

  /** A journal kept in memory only: a restart forgets everything (tests, and relayers nobody restarts). */
  static memory(): RequestJournal {
    return new RequestJournal(undefined, []);
  }

  /** The journal at `path`, replayed; created if missing. */
  static open(path: string): RequestJournal {
    mkdirSync(dirname(path), { recursive: true });
    const replayed = new Map<string, JournaledRequest>();
    let lines = 0;
    if (existsSync(path)) {
      for (const line of readFileSync(path, "utf8").split("\n")) {
        if (!line.trim()) continue;
        let record: Partial<JournaledRequest> & { key: string };
        try {
          record = JSON.parse(line);
        } catch {
          continue; // a torn last line: the crash came before its sync, so nobody was answered from it
        }
        replayed.set(record.key, { ...(replayed.get(record.key) as JournaledRequest), ...record });
        lines++;
      }
    }
    // Compacted at every start: one line per request, its newest state, so the file grows with the requests, not
    // with their updates (a request takes three). Written beside, synced, then renamed over the old one: a crash
    // leaves the old journal or the new one, never half of either.
    if (lines > replayed.size) compact(path, replayed.values());
    return new RequestJournal(openSync(path, "a"), replayed.values());
  }

  /** Every request by its key, newest state. */
  requests(): ReadonlyMap<string, JournaledRequest> {
    return this.#requests;
  }

  /** Records a new state of a request, on disk before it returns. */
  record(update: Partial<JournaledRequest> & { key: string }): void {
    const next = { ...(this.#requests.get(update.key) as JournaledRequest), ...update };
    this.#requests.set(update.key, next);
    if (this.#fd === undefined) return;
    writeSync(this.#fd, `${JSON.stringify(update)}\n`);
    fsyncSync(this.#fd);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
  }
}

function compact(path: string, requests: Iterable<JournaledRequest>): void {
  const temporary = `${path}.compact`;
  const fd = openSync(temporary, "w");
  try {
    for (const request of requests) writeSync(fd, `${JSON.stringify(request)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  // The rename itself is durable once the directory is synced.
  const directory = openSync(dirname(path), "r");
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}
