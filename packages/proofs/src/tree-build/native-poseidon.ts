import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inNode, PoseidonArtifactMissingError, readCachedArtifact } from "./artifact-cache.ts";
import { FIELD_BYTES, fieldsToBytes } from "./field-bytes.ts";
import { subtreeLevels } from "./subtree-levels.ts";

/**
 * The native subtree hasher (native/, Rust without dependencies, built by `pnpm run artifacts` when cargo is
 * installed): Poseidon(2) in 64-bit Montgomery arithmetic, ~4× the WebAssembly one per core. Undefined when
 * it was not built, outside Node (the member app bundles this package), or when MUTUA_POSEIDON=wasm asks for the
 * portable path.
 */
export function nativePoseidonBinary(): string | undefined {
  if (!inNode || process.env.MUTUA_POSEIDON === "wasm") return undefined;
  // Same depth from src/tree-build/ and dist/tree-build/.
  // A variable, not a literal: bundlers (the member app) would otherwise copy the Node-only binary into the app.
  const binary = "../../native/target/release/mutua-poseidon-tree";
  const path = fileURLToPath(new URL(binary, import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * circomlibjs's optimized Poseidon constants for two inputs (t = 3), framed for the native hasher: derived once by
 * the build (scripts/derive-poseidon.ts) and shipped with the package, so nothing here loads circomlibjs.
 */
export async function nativePoseidonConstants(): Promise<Uint8Array> {
  return nativePoseidonConstantsSync();
}

/** The file the build writes the framed constants to (beside the native hasher). */
export const NATIVE_CONSTANTS_FILE = "poseidon-t3-constants.bin";

function nativePoseidonConstantsSync(): Uint8Array {
  const cached = readCachedArtifact(NATIVE_CONSTANTS_FILE);
  if (!cached) throw new PoseidonArtifactMissingError(NATIVE_CONSTANTS_FILE);
  return cached;
}

/**
 * Every level of the tree over `leaves`, hashed by one native process while this thread waits: the synchronous
 * path (`new MemberTree(leaves)`), about four times the WebAssembly engine. Undefined when the hasher was not
 * built, or fails: the caller hashes another way.
 */
export function hashNativelySync(leaves: Uint8Array): { nodes: Uint8Array; levelSizes: number[] } | undefined {
  const binary = nativePoseidonBinary();
  if (!binary) return undefined;
  let constants: Uint8Array;
  try {
    constants = nativePoseidonConstantsSync();
  } catch {
    return undefined; // neither shipped nor derivable (circomlibjs is a development dependency)
  }
  const { input, levelSizes, expected } = subtreeJob(constants, leaves);
  const result = spawnSync(binary, [], { input, maxBuffer: expected + 1 });
  if (result.status !== 0 || result.stdout.length !== expected) return undefined;
  return { nodes: new Uint8Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.length), levelSizes };
}

function u32(n: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, n, true);
  return bytes;
}

/** Every level of the subtree over `leaves` (32-byte little-endian words), from one run of the native hasher. */
export async function hashNatively(
  binary: string,
  constants: Uint8Array,
  leaves: Uint8Array,
): Promise<{ nodes: Uint8Array; levelSizes: number[] }> {
  const { input, levelSizes, expected } = subtreeJob(constants, leaves);
  return { nodes: await runNative(binary, [], input, expected), levelSizes };
}

/** The hasher's stdin for one subtree (constants, leaf count, leaves) and what it must answer: every level. */
function subtreeJob(constants: Uint8Array, leaves: Uint8Array) {
  const count = leaves.length / FIELD_BYTES;
  const { levelSizes, bytes } = subtreeLevels(count);
  return { input: Buffer.concat([constants, u32(count), leaves]), levelSizes, expected: bytes };
}

/** Runs the hasher with `input` on stdin; its stdout, which must be `expected` bytes. */
function runNative(binary: string, args: string[], input: Uint8Array, expected: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const bytes = new Uint8Array(Buffer.concat(out));
      if (code !== 0 || bytes.length !== expected) {
        reject(new Error(`the native Poseidon hasher failed (exit ${code}, ${bytes.length} of ${expected} bytes): ${errors.trim()}`));
      } else resolve(bytes);
    });
    child.stdin.end(input);
  });
}

/**
 * The nodes an append of `leaves` to a tree of `size` changes, from the native hasher's append mode: for each
 * level from 1 to `depth` (the depth after the append), the nodes from index size >> level to the level's end.
 * `siblings[level]` is the node left of the level's first new node when that one is a right child.
 */
export async function appendNatively(
  binary: string,
  constants: Uint8Array,
  size: number,
  leaves: readonly bigint[],
  depth: number,
  siblings: readonly (bigint | undefined)[],
): Promise<Uint8Array[]> {
  const total = size + leaves.length;
  const counts = Array.from({ length: depth }, (_, i) => Math.ceil(total / 2 ** (i + 1)) - (size >> (i + 1)));
  const siblingBytes = siblings
    .slice(0, depth)
    .map((sibling) => Buffer.concat([Uint8Array.of(sibling === undefined ? 0 : 1), fieldsToBytes([sibling ?? 0n])]));
  const input = Buffer.concat([constants, u32(size), u32(leaves.length), fieldsToBytes(leaves), u32(depth), ...siblingBytes]);
  const bytes = await runNative(binary, ["append"], input, counts.reduce((a, b) => a + b, 0) * FIELD_BYTES);
  const levels: Uint8Array[] = [];
  let offset = 0;
  for (const count of counts) {
    levels.push(bytes.subarray(offset, offset + count * FIELD_BYTES));
    offset += count * FIELD_BYTES;
  }
  return levels;
}
