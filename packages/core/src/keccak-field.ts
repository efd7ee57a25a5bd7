import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Field } from "./field.ts";

/**
 * keccak256(bytes) shifted right by 8 bits: a 248-bit value, always inside the BN254 field.
 * Contracts compute the same with `uint256(keccak256(data)) >> 8`, so both sides agree cheaply.
 */
export function keccakToField(bytes: Uint8Array): Field {
  return (BigInt(`0x${bytesToHex(keccak_256(bytes))}`) >> 8n) as Field;
}
