import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { InvalidArgumentError } from "./errors.ts";
import type { Field } from "./field.ts";

/** A 20-byte EVM address, lower-case 0x-hex once parsed. */
export type Address = `0x${string}` & { readonly __brand: "Address" };

/**
 * Parses an EVM address. Mixed case must be a valid EIP-55 checksum: a typo in a payout
 * address would otherwise send the claim to nobody.
 */
export function parseAddress(value: string, name = "address"): Address {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new InvalidArgumentError(name, `not a 20-byte 0x-hex address: ${String(value)}`);
  }
  const body = value.slice(2);
  const lower = body.toLowerCase();
  if (body !== lower && body !== body.toUpperCase()) {
    const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
    for (let i = 0; i < 40; i++) {
      const expected = Number.parseInt(hash[i] as string, 16) >= 8 ? lower[i]?.toUpperCase() : lower[i];
      if (body[i] !== expected) throw new InvalidArgumentError(name, `bad EIP-55 checksum: ${value}`);
    }
  }
  return `0x${lower}` as Address;
}

/** The address as the circuit's `recipient` signal: the uint160 the contract passes. */
export function addressToField(address: string, name = "recipient"): Field {
  return BigInt(parseAddress(address, name)) as Field;
}
