/**
 * Fixed-window request counting per client address: at most `requests` in each `windowMs`, so one client cannot
 * fill a service's queues, burn a relayer's gas or guess codes faster than the service allows. At most 10,000
 * clients are tracked (stale windows dropped first, then the oldest): memory stays bounded under a flood from many
 * addresses.
 */
const MAX_CLIENTS = 10_000;

/** Fixed-window request counting per client address, bounded in memory (see above). */
export class RateLimiter {
  readonly #requests: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { startedAt: number; count: number }>();

  constructor(limit: { requests: number; windowMs: number }) {
    this.#requests = limit.requests;
    this.#windowMs = limit.windowMs;
  }

  /** Counts one request; returns the seconds to wait when over the limit, else undefined. */
  take(client: string, now = Date.now()): number | undefined {
    let window = this.#windows.get(client);
    if (!window || now - window.startedAt >= this.#windowMs) {
      if (this.#windows.size >= MAX_CLIENTS) this.#prune(now);
      window = { startedAt: now, count: 0 };
      this.#windows.set(client, window);
    }
    window.count += 1;
    if (window.count <= this.#requests) return undefined;
    return Math.max(1, Math.ceil((window.startedAt + this.#windowMs - now) / 1000));
  }

  #prune(now: number): void {
    for (const [client, window] of this.#windows) if (now - window.startedAt >= this.#windowMs) this.#windows.delete(client);
    // Still full (a flood from many addresses): the oldest windows go first, so memory stays bounded.
    for (const client of this.#windows.keys()) {
      if (this.#windows.size <= MAX_CLIENTS / 2) break;
      this.#windows.delete(client);
    }
  }
}
