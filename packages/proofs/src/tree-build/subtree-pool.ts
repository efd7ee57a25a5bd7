import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { hashNatively, nativePoseidonBinary, nativePoseidonConstants } from "./native-poseidon.ts";
import { poseidonWasmCode } from "./wasm-poseidon.ts";

/** One subtree hashed: every level's nodes, one buffer, and the size of each level. */
export interface SubtreeLevels {
  nodes: Uint8Array;
  levelSizes: number[];
}

interface Job {
  leaves: Uint8Array;
  resolve(result: SubtreeLevels): void;
  reject(error: unknown): void;
}

/**
 * Hashes member subtrees on every core (at most `threads` at once): with the native hasher when it was built
 * (one process per job), else in WebAssembly worker threads. Jobs queue and run as cores free up, so a
 * caller can keep feeding chunks while it reads the chain.
 */
export class SubtreePool {
  readonly threads: number;
  /** Which Poseidon does the hashing: "native" (native/, ~4× per core) or "wasm" (portable). */
  readonly engine: "native" | "wasm";
  readonly #native: { binary: string; constants: Promise<Uint8Array> } | undefined;
  #running = 0;
  readonly #workers: Promise<Worker[]>;
  readonly #idle: Worker[] = [];
  readonly #queue: Job[] = [];
  readonly #pending = new Map<number, Job>();
  #nextId = 0;

  constructor(threads = Math.max(1, Math.min(availableParallelism(), 4)), options: { engine?: "native" | "wasm" } = {}) {
    this.threads = threads;
    const binary = options.engine === "wasm" ? undefined : nativePoseidonBinary();
    if (options.engine === "native" && !binary)
      throw new Error("the native Poseidon hasher is not built (pnpm run artifacts, with cargo installed)");
    this.engine = binary ? "native" : "wasm";
    this.#native = binary ? { binary, constants: nativePoseidonConstants() } : undefined;
    if (this.#native) {
      this.#workers = Promise.resolve([]);
      return;
    }
    // The worker's own file, in source (.ts, Node strips types) or built (.js) form.
    const file = new URL(import.meta.url.endsWith(".ts") ? "./tree-worker.ts" : "./tree-worker.js", import.meta.url);
    this.#workers = poseidonWasmCode().then((code) =>
      Array.from({ length: threads }, () => {
        const worker = new Worker(file, { workerData: { code } });
        worker.on("message", (message: SubtreeLevels & { id: number }) => {
          const job = this.#pending.get(message.id);
          this.#pending.delete(message.id);
          worker.unref(); // an idle pool does not keep the process alive
          this.#idle.push(worker);
          job?.resolve({ nodes: message.nodes, levelSizes: message.levelSizes });
          this.#next();
        });
        worker.on("error", (error) => {
          for (const job of [...this.#pending.values(), ...this.#queue]) job.reject(error);
          this.#pending.clear();
          this.#queue.length = 0;
        });
        worker.unref();
        this.#idle.push(worker);
        return worker;
      }),
    );
    void this.#workers.then(() => this.#next());
  }

  /** Every level of the subtree over `leaves` (32-byte little-endian words). */
  hash(leaves: Uint8Array): Promise<SubtreeLevels> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ leaves, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    const native = this.#native;
    if (native) {
      while (this.#running < this.threads && this.#queue.length > 0) {
        const job = this.#queue.shift() as Job;
        this.#running += 1;
        native.constants
          .then((constants) => hashNatively(native.binary, constants, job.leaves))
          .then(job.resolve, job.reject)
          .finally(() => {
            this.#running -= 1;
            this.#next();
          });
      }
      return;
    }
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop() as Worker;
      const job = this.#queue.shift() as Job;
      const id = this.#nextId++;
      this.#pending.set(id, job);
      worker.ref();
      worker.postMessage({ id, leaves: job.leaves }, [job.leaves.buffer as ArrayBuffer]);
    }
  }

  /** Stops the pool's threads. */
  async close(): Promise<void> {
    await Promise.all((await this.#workers).map((w) => w.terminate()));
  }
}
