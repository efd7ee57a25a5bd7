/**
 * Fixed-window request counting per client address: at most `requests` in each `windowMs`. A relayer pays
 * gas for what it accepts, so one client must not be able to fill its queue or burn its funds.
 */
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
      if (this.#windows.size > 10_000) this.#prune(now);
      window = { startedAt: now, count: 0 };
      this.#windows.set(client, window);
    }
    window.count += 1;
    if (window.count <= this.#requests) return undefined;
    return Math.max(1, Math.ceil((window.startedAt + this.#windowMs - now) / 1000));
  }

  #prune(now: number): void {
    for (const [client, window] of this.#windows) if (now - window.startedAt >= this.#windowMs) this.#windows.delete(client);
  }
}
