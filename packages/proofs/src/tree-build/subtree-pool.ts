import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { poseidonWasmCode } from "./wasm-poseidon.ts";

interface Result {
  nodes: Uint8Array;
  levelSizes: number[];
}

interface Job {
  leaves: Uint8Array;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Worker threads that hash member subtrees in WebAssembly, one per core (at most `threads`): jobs queue and
 * run as threads free up, so a caller can keep feeding chunks while it reads the chain.
 */
export class SubtreePool {
  readonly #workers: Promise<Worker[]>;
  readonly #idle: Worker[] = [];
  readonly #queue: Job[] = [];
  readonly #pending = new Map<number, Job>();
  #nextId = 0;

  constructor(threads = Math.max(1, Math.min(availableParallelism(), 4))) {
    this.threads = threads;
    // The worker's own file, in source (.ts, Node strips types) or built (.js) form.
    const file = new URL(import.meta.url.endsWith(".ts") ? "./tree-worker.ts" : "./tree-worker.js", import.meta.url);
    this.#workers = poseidonWasmCode().then((code) =>
      Array.from({ length: threads }, () => {
        const worker = new Worker(file, { workerData: { code } });
        worker.on("message", (message: Result & { id: number }) => {
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

  readonly threads: number;

  /** Every level of the subtree over `leaves` (32-byte little-endian words). */
  hash(leaves: Uint8Array): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ leaves, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop() as Worker;
      const job = this.#queue.shift() as Job;
      const id = this.#nextId++;
      this.#pending.set(id, job);
      worker.ref();
      worker.postMessage({ id, leaves: job.leaves }, [job.leaves.buffer as ArrayBuffer]);
    }
  }

  async close(): Promise<void> {
    await Promise.all((await this.#workers).map((w) => w.terminate()));
  }
}
