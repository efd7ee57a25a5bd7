import { CID } from "multiformats/cid";
import { UnsupportedCidError } from "./errors.ts";
import type { Field } from "./field.ts";
import { keccakToField } from "./keccak-field.ts";

/**
 * The evidence hash the eligibility proof is bound to: keccak256(binary CIDv1) >> 8.
 *
 * The contract receives the CID's bytes with the claim and recomputes this value, so a proof made
 * for one set of evidence cannot be filed with another. Only CIDv1 is accepted: a CIDv0 string
 * and its v1 form name the same content but would give two different hashes.
 */
export function cidToField(cid: string | CID): Field {
  return keccakToField(cidBytes(cid));
}

/** Binary form of a CIDv1, as stored on-chain. */
export function cidBytes(cid: string | CID): Uint8Array {
  const parsed = parseCid(cid);
  return parsed.bytes;
}

/** Parses a CID from text or returns the CID given; throws UnsupportedCidError for anything else. */
export function parseCid(cid: string | CID): CID {
  let parsed: CID;
  try {
    parsed = typeof cid === "string" ? CID.parse(cid) : (CID.asCID(cid) ?? CID.parse(String(cid)));
  } catch (error) {
    throw new UnsupportedCidError(String(cid), `not a CID (${(error as Error).message})`);
  }
  if (parsed.version !== 1) throw new UnsupportedCidError(String(cid), "only CIDv1 is accepted; convert with cid.toV1()");
  return parsed;
}

/**
 * A claim's evidence reference (binary CID, as the contract records it) as text, or why it cannot be read:
 * listings mark such a claim instead of throwing, so one bad claim hides no other.
 */
export function evidenceReference(bytes: Uint8Array): { evidenceCidText: string | undefined; problem?: string } {
  try {
    return { evidenceCidText: CID.decode(bytes).toString() };
  } catch (error) {
    return { evidenceCidText: undefined, problem: `evidence reference is not a CID: ${(error as Error).message}` };
  }
}
