import { addressToField } from "./address.ts";
import { checkParametricProduct } from "./cover-terms.ts";
import type { Field, FieldLike } from "./field.ts";
import { CLAIM_AMOUNT_BITS, CLAIM_TIME_BITS, CLASS_BITS, toBits, toField } from "./field.ts";
import { keccakToField } from "./keccak-field.ts";
import { nullifierScope } from "./scope.ts";

/**
 * What a claim discloses of the claimant's policy, and nothing finer: an indemnity claim its rating class (so
 * per-class experience is public), a parametric claim the region and the product it pays (never the class).
 */
export type ClaimDisclosure = { kind: "indemnity"; ratingClass: number } | { kind: "parametric"; region: number; product: number };

/** Bit offsets in `claim`; the circuit and the contracts use the same ones. */
export const CLAIM_LAYOUT = { occurredAt: 0, amount: 40, disclosed: 128, product: 160, parametric: 166, scope: 167, bits: 253 } as const;

/**
 * The circuit's public `claim`: occurredAt | amount << 40 | (class or region) << 128 | product << 160 |
 * parametric << 166 | nullifierScope(scope) << 167, 253 bits (below the field's 254, so the circuit's bit
 * decomposition is unique). Values the contract knows travel as one public input (each input costs ~6,150 gas to
 * verify); the circuit unpacks and range-checks every part. MutuaMutual computes it for an indemnity claim from the
 * incident, the request and its scopeOf; ParametricCover with the flag, product, region and payout of its event.
 */
export function packClaim(
  claimAmount: FieldLike,
  occurredAt: FieldLike,
  scope: FieldLike,
  disclosure: ClaimDisclosure = { kind: "indemnity", ratingClass: 0 },
): Field {
  const amount = toBits(claimAmount, CLAIM_AMOUNT_BITS, "claimAmount");
  const time = toBits(occurredAt, CLAIM_TIME_BITS, "occurredAt");
  const parametric = disclosure.kind === "parametric";
  const disclosed = toBits(parametric ? disclosure.region : disclosure.ratingClass, CLASS_BITS, parametric ? "region" : "ratingClass");
  const product = parametric ? BigInt(checkParametricProduct(disclosure.product)) : 0n;
  const L = CLAIM_LAYOUT;
  return (time |
    (amount << BigInt(L.amount)) |
    (disclosed << BigInt(L.disclosed)) |
    (product << BigInt(L.product)) |
    ((parametric ? 1n : 0n) << BigInt(L.parametric)) |
    (nullifierScope(scope) << BigInt(L.scope))) as Field;
}

/**
 * The circuit's public `binding`: keccak256(abi.encode(uint256 scope, uint256 evidenceHash, address recipient)) >> 8.
 * The proof binds the whole scope (chain, contract, incident), the evidence and the payout address without computing
 * on them, so one hash carries all three; the contract recomputes it from its scope and the CID and recipient it
 * receives.
 */
export function claimBinding(scope: FieldLike, evidenceHash: FieldLike, recipient: string): Field {
  const encoded = new Uint8Array(96);
  encoded.set(word(toField(scope, "scope")), 0);
  encoded.set(word(toField(evidenceHash, "evidenceHash")), 32);
  encoded.set(word(addressToField(recipient)), 64);
  return keccakToField(encoded);
}

function word(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}
