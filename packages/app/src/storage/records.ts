/**
 * A few named text records in IndexedDB: the sealed wallet, the sealed claims list, the sealed ballot journal.
 * Everything stored here is already encrypted under the member's passphrase; IndexedDB only keeps it.
 */
export class Records {
  readonly #db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.#db = db;
  }

  static open(name = "mutua"): Promise<Records> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore("records");
      request.onsuccess = () => resolve(new Records(request.result));
      request.onerror = () => reject(request.error);
    });
  }

  get(key: string): Promise<string | undefined> {
    return this.#run("readonly", (store) => store.get(key)) as Promise<string | undefined>;
  }

  async put(key: string, value: string): Promise<void> {
    await this.#run("readwrite", (store) => store.put(value, key));
  }

  async delete(key: string): Promise<void> {
    await this.#run("readwrite", (store) => store.delete(key));
  }

  #run(mode: IDBTransactionMode, operation: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const transaction = this.#db.transaction("records", mode);
      const request = operation(transaction.objectStore("records"));
      // Resolved on commit, not on the request's success: a write is durable only then.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error("the write was aborted (is the storage full?)"));
    });
  }
}
