import { addressToField } from "./address.ts";
import type { Field, FieldLike } from "./field.ts";
import { AMOUNT_BITS, TIME_BITS, toBits, toField } from "./field.ts";
import { keccakToField } from "./keccak-field.ts";

/**
 * The circuit's public `claim`: claimAmount * 2^64 + occurredAt. Two values the contract knows travel as one
 * public input (each input costs ~6,150 gas to verify); the circuit unpacks and range-checks both halves.
 * The contract computes it as `(amount << 64) | incident.occurredAt`.
 */
export function packClaim(claimAmount: FieldLike, occurredAt: FieldLike): Field {
  const amount = toBits(claimAmount, AMOUNT_BITS, "claimAmount");
  const time = toBits(occurredAt, TIME_BITS, "occurredAt");
  return ((amount << BigInt(TIME_BITS)) | time) as Field;
}

/**
 * The circuit's public `binding`: keccak256(abi.encode(uint256 evidenceHash, address recipient)) >> 8. The
 * proof binds the evidence and the payout address without computing on them, so one hash carries both;
 * the contract recomputes it from the CID and recipient it receives.
 */
export function claimBinding(evidenceHash: FieldLike, recipient: string): Field {
  const encoded = new Uint8Array(64);
  encoded.set(word(toField(evidenceHash, "evidenceHash")), 0);
  encoded.set(word(addressToField(recipient)), 32);
  return keccakToField(encoded);
}

function word(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}
