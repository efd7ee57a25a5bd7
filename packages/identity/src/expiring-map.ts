/** Open items kept at most: a stranger asking for nonces or requests cannot fill the memory. */
export const MAX_OPEN_ITEMS = 10_000;

/**
 * Short-lived, single-use things of a protocol flow (offers, codes, tokens, nonces, open requests), kept in
 * memory: a service restarted mid-flow makes a new offer or request, nothing here is worth a disk write.
 * Expired entries are dropped as the map fills.
 */
export class ExpiringMap<V extends { expiresAt: number }> {
  readonly #items = new Map<string, V>();

  /** Keeps `value` until its expiry; false when the map is full of unexpired entries. */
  set(key: string, value: V, now: number): boolean {
    if (this.#items.size >= MAX_OPEN_ITEMS) {
      for (const [k, v] of this.#items) if (v.expiresAt <= now) this.#items.delete(k);
      if (this.#items.size >= MAX_OPEN_ITEMS) return false;
    }
    this.#items.set(key, value);
    return true;
  }

  /** The live entry, or undefined when missing or expired (an expired one is dropped). */
  get(key: string, now: number): V | undefined {
    const value = this.#items.get(key);
    if (value && value.expiresAt <= now) {
      this.#items.delete(key);
      return undefined;
    }
    return value;
  }

  /** Removes and returns the live entry: single use. */
  take(key: string, now: number): V | undefined {
    const value = this.get(key, now);
    this.#items.delete(key);
    return value;
  }

  /** Forgets the key. */
  delete(key: string): void {
    this.#items.delete(key);
  }
}
