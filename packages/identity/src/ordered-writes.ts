/**
 * Writes of a whole sealed document (a wallet, a ballot journal) to storage the caller owns, one at a time and in
 * order. Each write carries the complete state, so a write that failed is made good by the next one: a failure
 * never stops later writes, and `flush` rejects only while the newest write has failed.
 */
export class OrderedWrites {
  #last: Promise<void> = Promise.resolve();

  /** Runs `write` after every write scheduled before it. */
  schedule(write: () => Promise<void>): void {
    const next = this.#last.catch(() => {}).then(write);
    next.catch(() => {}); // surfaced by flush, never as an unhandled rejection
    this.#last = next;
  }

  /** Resolves once every scheduled write has run; rejects if the newest one failed. */
  flush(): Promise<void> {
    return this.#last;
  }
}
