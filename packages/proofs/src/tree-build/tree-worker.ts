// A worker thread that hashes member subtrees in WebAssembly (see wasm-poseidon.ts): the main thread keeps
// reading the chain while these hash. The module's bytes come from the main thread (workerData).
import { parentPort, workerData } from "node:worker_threads";
import { instantiateWasmPoseidon } from "./wasm-poseidon.ts";

const poseidon = instantiateWasmPoseidon(workerData.code as Uint8Array);
parentPort?.on("message", (job: { id: number; leaves: Uint8Array }) => {
  const { nodes, levelSizes } = poseidon.subtree(job.leaves);
  parentPort?.postMessage({ id: job.id, nodes, levelSizes }, [nodes.buffer as ArrayBuffer]);
});
