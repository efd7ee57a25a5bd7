/** A pre-authorized code waiting for its wallet: which membership it hands out, and how it must be claimed. */
export interface PendingOffer {
  credentialId: string;
  /** SHA-256 of the transaction code, hex: the code itself goes to the member by another channel. */
  txCodeHash: string;
  expiresAt: number;
  wrongAttempts: number;
}

/** A wrong transaction code this many times burns the offer: 6 digits cannot be guessed in 5 tries (1 in 200,000). */
export const MAX_TX_CODE_ATTEMPTS = 5;
export const OFFER_LIFETIME_SECONDS = 30 * 60;
export const ACCESS_TOKEN_SECONDS = 5 * 60;
export const NONCE_SECONDS = 5 * 60;
/** Unclaimed offers, tokens and nonces kept at most: a stranger asking for nonces cannot fill the memory. */
export const MAX_OPEN_ITEMS = 10_000;

/**
 * Short-lived, single-use things of the issuance flow, kept in memory (an issuer restarted mid-flow makes a new
 * offer: nothing here is worth a disk write). Each map drops expired entries as it grows.
 */
export class ExpiringMap<V extends { expiresAt: number }> {
  readonly #items = new Map<string, V>();

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

  delete(key: string): void {
    this.#items.delete(key);
  }
}
