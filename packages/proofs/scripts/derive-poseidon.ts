// Derives, once at build time, what both fast Poseidon engines take from circomlibjs: the WebAssembly module
// (ffjavascript's BN254 field code with circomlibjs's Poseidon plugin) and the native hasher's framed constants.
// Written beside the native hasher (native/target/) and shipped in the package, so that neither circomlibjs nor
// its 53 dependencies are installed with @mutua/proofs. Both are derived from GPL-3.0 code (see the README).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { buildPoseidonWasm } from "circomlibjs";
import { getCurveFromName } from "ffjavascript";
import { writeCachedArtifact } from "../src/tree-build/artifact-cache.ts";
import { fieldsToBytes } from "../src/tree-build/field-bytes.ts";
import { NATIVE_CONSTANTS_FILE } from "../src/tree-build/native-poseidon.ts";
import { POSEIDON_WASM_FILE } from "../src/tree-build/wasm-poseidon.ts";

/** The field and Poseidon code as one WebAssembly module. */
async function poseidonWasmCode(): Promise<Uint8Array> {
  const curve = (await getCurveFromName("bn128", true, buildPoseidonWasm)) as { tm: { code: Uint8Array }; terminate(): Promise<void> };
  const code = new Uint8Array(curve.tm.code);
  await curve.terminate();
  return code;
}

/** circomlibjs's optimized constants for t = 3 (C, S, M, P), each list as a u32 count and 32-byte words. */
function frameConstants(): Uint8Array {
  // The constants are the package's own file (not in its exports map): resolved next to its entry point.
  const url = new URL("./src/poseidon_constants_opt.js", import.meta.resolve("circomlibjs"));
  const loaded = createRequire(import.meta.url)(fileURLToPath(url)) as { default?: unknown };
  const constants = (loaded.default ?? loaded) as { C: string[][]; S: string[][]; M: string[][][]; P: string[][][] };
  const lists = [constants.C[1], constants.S[1], constants.M[1]?.flat(), constants.P[1]?.flat()].map((list) =>
    (list ?? []).map((v) => BigInt(v)),
  );
  const parts: Uint8Array[] = [];
  for (const list of lists) {
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, list.length, true);
    parts.push(count, fieldsToBytes(list));
  }
  return Buffer.concat(parts);
}

export async function derivePoseidonArtifacts(): Promise<void> {
  writeCachedArtifact(POSEIDON_WASM_FILE, await poseidonWasmCode());
  writeCachedArtifact(NATIVE_CONSTANTS_FILE, frameConstants());
}
