// The production path: the contracts' verifier from a ceremony's final zkey, never from the dev setup.
//
//   node scripts/verifier.ts --zkey <final.zkey> --ptau <pot.ptau> [--circuit eligibility|vote] [--depth 20] [--out <Verifier.sol>]
//
// The zkey is first verified against the circuit and the powers of tau (every contribution must chain back);
// only then are the verification key (build/production/eligibility_<depth>/verification_key.json, with its
// keccak hash) and the Solidity verifier (DEV_SETUP = false) written. Provers must use the same final zkey.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { buildDir, generatedVerifierPath, parseCircuitName, repoRoot } from "./lib/paths.ts";
import { exportSolidityVerifier, exportVerificationKey, verifyingKeyHash } from "./lib/setup.ts";

const logger = { debug() {}, info() {}, warn: console.warn, error: console.error };
const { values } = parseArgs({
  options: {
    zkey: { type: "string" },
    ptau: { type: "string" },
    depth: { type: "string", default: "20" },
    circuit: { type: "string", default: "eligibility" },
    out: { type: "string" },
  },
});

function required(name: "zkey" | "ptau"): string {
  const value = values[name];
  if (!value) {
    console.error(`missing --${name}: the verifier is built from a ceremony's final zkey, checked against its powers of tau`);
    process.exit(2);
  }
  if (!existsSync(value)) {
    console.error(`--${name} ${value} does not exist`);
    process.exit(2);
  }
  return value;
}

const zkey = required("zkey");
const ptau = required("ptau");
const circuit = parseCircuitName(values.circuit);
const name = `${circuit}_${values.depth}`;
const r1cs = join(buildDir, name, `${name}.r1cs`);
if (!existsSync(r1cs)) {
  console.error(`${relative(repoRoot, r1cs)} is missing: run \`pnpm artifacts\` first (it compiles the circuit)`);
  process.exit(2);
}
if (!(await snarkjs.zKey.verifyFromR1cs(r1cs, ptau, zkey, logger))) {
  console.error("the zkey does not verify against the circuit and the powers of tau: refusing to build a verifier from it");
  process.exit(1);
}
const out = join(buildDir, "production", name);
mkdirSync(out, { recursive: true });
copyFileSync(zkey, join(out, `${name}.zkey`));
await exportVerificationKey(zkey, join(out, "verification_key.json"));
const hash = verifyingKeyHash(JSON.parse(readFileSync(join(out, "verification_key.json"), "utf8")));
writeFileSync(join(out, "verifying_key_hash.txt"), `${hash}\n`);
const verifierPath = values.out ?? generatedVerifierPath(circuit);
await exportSolidityVerifier(zkey, verifierPath, { devSetup: false, circuit });
console.log(`verified ${zkey} against ${r1cs} and ${ptau}`);
console.log(`wrote ${relative(repoRoot, verifierPath)} (DEV_SETUP = false) and ${relative(repoRoot, out)}/`);
console.log(`verifying key hash ${hash}: publish it; a deployment's verifyingKeyHash() must equal it`);
process.exit(0);
