import { buildPoseidonWasm } from "circomlibjs";
import { poseidon2 } from "poseidon-lite";
import { getCurveFromName } from "/work/main/node_modules/.pnpm/ffjavascript@0.2.63/node_modules/ffjavascript/main.js";

const bn128 = await getCurveFromName("bn128", true, buildPoseidonWasm);
const F = bn128.Fr;
const tm = bn128.tm;
const ex = tm.instance.exports;
const n = 1 << 12;
const pLeaves = tm.alloc(32 * n * 2);
const buf = new Uint8Array(32 * n);
for (let i = 0; i < n; i++) buf.set(F.e(BigInt(i + 1)), i * 32);
tm.setBuff(pLeaves, buf);
const pState = tm.alloc(32);
tm.setBuff(pState, F.zero);
const pOut = tm.alloc(32 * 17);
const t = performance.now();
for (let i = 0; i < n / 2; i++) {
  ex.poseidon(pState, pLeaves + 64 * i, 2, pOut, 1);
}
const us = ((performance.now() - t) * 1000) / (n / 2);
console.log("raw wasm us", us, "2^20 est s", (us * 2 ** 20) / 1e6);
ex.poseidon(pState, pLeaves, 2, pOut, 1);
console.log(F.toObject(tm.getBuff(pOut, 32)) === poseidon2([1n, 2n]));
process.exit(0);
