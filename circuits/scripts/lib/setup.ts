import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import * as snarkjs from "snarkjs";
import { DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP, devPtau } from "./dev-ptau.ts";
import type { CircuitName } from "./paths.ts";
import { circuitsDir, verifierLibraryName } from "./paths.ts";

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
 * keccak256 of the verification key's curve points and size, as JSON with a fixed key order: anyone holding
 * the published verification_key.json recomputes it and compares with a deployment's verifyingKeyHash().
 */
export function verifyingKeyHash(vkey: Record<string, unknown>): string {
  const fields = ["protocol", "curve", "nPublic", "vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "IC"];
  const canonical = JSON.stringify(Object.fromEntries(fields.map((f) => [f, vkey[f]])));
  return `0x${bytesToHex(keccak_256(new TextEncoder().encode(canonical)))}`;
}

/**
 * Renders our own Groth16 verifier template (templates/groth16_verifier.sol.ejs) with the circuit's
 * verification key: an internal library rather than snarkjs' contract, so the claims contract can pass
 * public signals it computed itself. `devSetup` marks a key from the public dev setup. Returns whether the
 * file changed.
 */
export async function exportSolidityVerifier(
  zkeyPath: string,
  outPath: string,
  options: { devSetup: boolean; circuit: CircuitName },
): Promise<boolean> {
  const template = readFileSync(join(circuitsDir, "templates", "groth16_verifier.sol.ejs"), "utf8");
  const vkey = (await snarkjs.zKey.exportVerificationKey(zkeyPath, quiet)) as Record<string, unknown>;
  const content = ((await snarkjs.zKey.exportSolidityVerifier(zkeyPath, { groth16: template }, quiet)) as string)
    .replace("MUTUA_VERIFYING_KEY_HASH", verifyingKeyHash(vkey))
    .replace("MUTUA_DEV_SETUP", String(options.devSetup))
    .replaceAll("MUTUA_CIRCUIT", options.circuit)
    .replace("MUTUA_LIBRARY_NAME", verifierLibraryName(options.circuit))
    .replace("MUTUA_SIGNALS_NAME", `${options.circuit.toUpperCase()}_PUBLIC_SIGNALS`);
  if (existsSync(outPath) && readFileSync(outPath, "utf8") === content) return false;
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, content);
  return true;
}
