import { MutuaError } from "@mutua/core";
import { getBytes, hexlify } from "ethers/utils";
import type { ClaimRequest } from "./mutua-mutual-client.ts";

/** The binary CIDv1 prefix of evidence (dag-pb, sha2-256): what MutuaMutual's EVIDENCE_CID_PREFIX holds. */
export const EVIDENCE_CID_PREFIX = Uint8Array.of(0x01, 0x70, 0x12, 0x20);
const EVIDENCE_CID_BYTES = EVIDENCE_CID_PREFIX.length + 32;

/** Evidence given as anything but a CIDv1 of a dag-pb directory hashed with sha2-256 (the only kind a claim can name). */
export class InvalidEvidenceCidError extends MutuaError {
  constructor(detail: string) {
    super("INVALID_EVIDENCE_CID", `the evidence must be a CIDv1 of a dag-pb directory hashed with sha2-256 (${detail})`);
  }
}

/**
 * The evidence CID's 32-byte digest, which is what a claim carries on-chain: the contract puts the fixed prefix back
 * (its evidence hash is keccak256 of the whole binary CID), so only the digest's 32 bytes of calldata are paid for.
 * Checked here, before anything is signed or sent.
 */
export function evidenceDigest(cid: Uint8Array | string): string {
  let bytes: Uint8Array;
  try {
    bytes = getBytes(cid);
  } catch {
    throw new InvalidEvidenceCidError("not bytes or 0x-hex");
  }
  if (bytes.length !== EVIDENCE_CID_BYTES) throw new InvalidEvidenceCidError(`${bytes.length} bytes, not ${EVIDENCE_CID_BYTES}`);
  if (!EVIDENCE_CID_PREFIX.every((b, i) => bytes[i] === b))
    throw new InvalidEvidenceCidError(`prefix 0x${hexlify(bytes.subarray(0, 4)).slice(2)}`);
  return hexlify(bytes.subarray(EVIDENCE_CID_PREFIX.length));
}

/** The binary CID of an evidence digest (as a ClaimFiled event carries it). */
export function evidenceCidOf(digest: string): Uint8Array {
  const out = new Uint8Array(EVIDENCE_CID_BYTES);
  out.set(EVIDENCE_CID_PREFIX);
  out.set(getBytes(digest), EVIDENCE_CID_PREFIX.length);
  return out;
}

/** `fileClaim`'s argument, as MutuaMutual's ABI takes it. */
export function claimCall(request: ClaimRequest) {
  const { evidenceCid, ...rest } = request;
  return { ...rest, ratingClass: request.ratingClass ?? 0, evidenceDigest: evidenceDigest(evidenceCid), proof: [...request.proof] };
}
