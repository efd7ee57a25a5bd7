import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as snarkjs from "snarkjs";
import { DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP, devPtau } from "./dev-ptau.ts";
import { circuitsDir } from "./paths.ts";

const quiet = { debug() {}, info() {}, warn: console.warn, error: console.error };

/** Smallest power of two whose domain holds the constraints plus snarkjs' one row per public input. */
export async function requiredPower(r1csPath: string): Promise<number> {
  const info = (await snarkjs.r1cs.info(r1csPath, quiet)) as { nConstraints: number; nPubInputs: number; nOutputs: number };
  const rows = info.nConstraints + info.nPubInputs + info.nOutputs + 1;
  return Math.max(8, Math.ceil(Math.log2(rows)));
}

/**
 * Groth16 phase 2 on the dev powers of tau, finished with the public dev beacon.
 * The initial key is kept: a ceremony starts from it and `zkey verify` checks the chain against it.
 */
export async function devGroth16Setup(r1csPath: string, initialZkeyPath: string, zkeyPath: string): Promise<void> {
  const ptau = await devPtau(await requiredPower(r1csPath));
  await snarkjs.zKey.newZKey(r1csPath, ptau, initialZkeyPath, quiet);
  await snarkjs.zKey.beacon(initialZkeyPath, zkeyPath, "mutua dev beacon", DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP, quiet);
}

export async function exportVerificationKey(zkeyPath: string, vkeyPath: string): Promise<void> {
  const vkey = await snarkjs.zKey.exportVerificationKey(zkeyPath, quiet);
  writeFileSync(vkeyPath, `${JSON.stringify(vkey, null, 2)}\n`);
}

/**
 * Renders our own Groth16 verifier template (templates/groth16_verifier.sol.ejs) with the circuit's
 * verification key: an internal library rather than snarkjs' contract, so the claims contract can pass
 * public signals it computed itself. Returns whether the file changed.
 */
export async function exportSolidityVerifier(zkeyPath: string, outPath: string): Promise<boolean> {
  const template = readFileSync(join(circuitsDir, "templates", "groth16_verifier.sol.ejs"), "utf8");
  const content = (await snarkjs.zKey.exportSolidityVerifier(zkeyPath, { groth16: template }, quiet)) as string;
  if (existsSync(outPath) && readFileSync(outPath, "utf8") === content) return false;
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, content);
  return true;
}
