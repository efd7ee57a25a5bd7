import { addressToField } from "./address.ts";
import { checkParametricProduct } from "./cover-terms.ts";
import type { Field, FieldLike } from "./field.ts";
import { AMOUNT_BITS, CLASS_BITS, TIME_BITS, toBits, toField } from "./field.ts";
import { keccakToField } from "./keccak-field.ts";

/**
 * What a claim discloses of the claimant's policy, and nothing finer: an indemnity claim its rating class (so
 * per-class experience is public), a parametric claim the region and the product it pays (never the class).
 */
export type ClaimDisclosure = { kind: "indemnity"; ratingClass: number } | { kind: "parametric"; region: number; product: number };

/** Bit offsets in `claim`; the circuit and the contracts use the same ones. */
export const CLAIM_LAYOUT = { occurredAt: 0, amount: 64, disclosed: 160, product: 192, parametric: 198, bits: 199 } as const;

/**
 * The circuit's public `claim`: occurredAt | amount << 64 | (class or region) << 160 | product << 192 |
 * parametric << 198. Values the contract knows travel as one public input (each input costs ~6,150 gas to
 * verify); the circuit unpacks and range-checks every part. MutuaMutual computes it for an indemnity claim as
 * `(ratingClass << 160) | (amount << 64) | incident.occurredAt`, ParametricCover with the flag, product and region.
 */
export function packClaim(
  claimAmount: FieldLike,
  occurredAt: FieldLike,
  disclosure: ClaimDisclosure = { kind: "indemnity", ratingClass: 0 },
): Field {
  const amount = toBits(claimAmount, AMOUNT_BITS, "claimAmount");
  const time = toBits(occurredAt, TIME_BITS, "occurredAt");
  const parametric = disclosure.kind === "parametric";
  const disclosed = toBits(parametric ? disclosure.region : disclosure.ratingClass, CLASS_BITS, parametric ? "region" : "ratingClass");
  const product = parametric ? BigInt(checkParametricProduct(disclosure.product)) : 0n;
  const L = CLAIM_LAYOUT;
  return (time |
    (amount << BigInt(L.amount)) |
    (disclosed << BigInt(L.disclosed)) |
    (product << BigInt(L.product)) |
    ((parametric ? 1n : 0n) << BigInt(L.parametric))) as Field;
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
