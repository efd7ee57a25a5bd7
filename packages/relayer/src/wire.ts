import type { ClaimRequest } from "@mutua/contracts";
import { evidenceDigest, InvalidEvidenceCidError } from "@mutua/contracts";
import { getAddress } from "ethers/address";
import { hexlify, isHexString } from "ethers/utils";
import { RelayerRequestError } from "./errors.ts";

/** The JSON a member sends to a relayer: the claim exactly as the contract takes it, numbers as decimal strings. */
export interface WireClaim {
  mutual: string;
  request: {
    incidentId: string;
    root: string;
    nullifier: string;
    amount: string;
    /** The rating class the proof discloses (0 when absent). */
    ratingClass?: number;
    recipient: string;
    /** Binary CIDv1 as 0x-hex. */
    evidenceCid: string;
    proof: string[];
  };
}

const UINT256_MAX = (1n << 256n) - 1n;
const MAX_CID_BYTES = 128;

/** A claim request as JSON for the relayer (bigints as decimal strings, the proof flattened). */
export function encodeClaim(mutual: string, request: ClaimRequest): WireClaim {
  return {
    mutual,
    request: {
      incidentId: request.incidentId.toString(),
      root: request.root.toString(),
      nullifier: request.nullifier.toString(),
      amount: request.amount.toString(),
      ratingClass: request.ratingClass ?? 0,
      recipient: request.recipient,
      evidenceCid: typeof request.evidenceCid === "string" ? request.evidenceCid : hexlify(request.evidenceCid),
      proof: request.proof.map(String),
    },
  };
}

/** Parses and checks a request body; every problem is a RelayerRequestError (HTTP 400) naming the field. */
export function decodeClaim(body: unknown): { mutual: string; request: ClaimRequest } {
  const wire = body as Partial<WireClaim> | undefined;
  if (typeof wire !== "object" || wire === null || typeof wire.request !== "object" || wire.request === null) {
    throw new RelayerRequestError("BAD_REQUEST", "the body must be a JSON object with `mutual` and `request`");
  }
  const r = wire.request;
  if (!Array.isArray(r.proof) || r.proof.length !== 8) throw new RelayerRequestError("BAD_REQUEST", "request.proof must hold 8 numbers");
  if (
    typeof r.evidenceCid !== "string" ||
    !isHexString(r.evidenceCid) ||
    r.evidenceCid.length < 4 ||
    r.evidenceCid.length > 2 + 2 * MAX_CID_BYTES
  ) {
    throw new RelayerRequestError("BAD_REQUEST", `request.evidenceCid must be 0x-hex of 1 to ${MAX_CID_BYTES} bytes`);
  }
  try {
    evidenceDigest(r.evidenceCid); // only a dag-pb sha2-256 CIDv1 can be a claim's evidence: refused before queueing
  } catch (error) {
    if (error instanceof InvalidEvidenceCidError) throw new RelayerRequestError("BAD_REQUEST", `request.evidenceCid: ${error.message}`);
    throw error;
  }
  return {
    mutual: address(wire.mutual, "mutual"),
    request: {
      incidentId: uint(r.incidentId, "incidentId"),
      root: uint(r.root, "root"),
      nullifier: uint(r.nullifier, "nullifier"),
      amount: uint(r.amount, "amount"),
      ratingClass: uint32(r.ratingClass ?? 0, "ratingClass"),
      recipient: address(r.recipient, "recipient"),
      evidenceCid: r.evidenceCid.toLowerCase(),
      proof: r.proof.map((p, i) => uint(p, `proof[${i}]`)),
    },
  };
}

function uint32(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RelayerRequestError("BAD_REQUEST", `request.${field} must be an integer from 0 to 4294967295`);
  }
  return value;
}

function uint(value: unknown, field: string): bigint {
  if (typeof value !== "string" || !/^(0|[1-9][0-9]{0,77})$/.test(value) || BigInt(value) > UINT256_MAX) {
    throw new RelayerRequestError("BAD_REQUEST", `request.${field} must be a decimal string of a uint256`);
  }
  return BigInt(value);
}

function address(value: unknown, field: string): string {
  try {
    if (typeof value !== "string") throw new Error("missing");
    return getAddress(value);
  } catch {
    throw new RelayerRequestError("BAD_REQUEST", `${field} must be a 0x-prefixed 20-byte address`);
  }
}

/** A ballot call for a relayer: the contract and the ABI-encoded call, as it will be sent. */
export interface WireBallot {
  to: string;
  /** 0x-hex calldata (selector first). */
  data: string;
}

/** Parses a ballot request; every problem is a RelayerRequestError (HTTP 400) naming the field. */
export function decodeBallot(body: unknown): WireBallot {
  const wire = body as Partial<WireBallot> | undefined;
  if (!wire || typeof wire !== "object") throw new RelayerRequestError("BAD_REQUEST", "the body must be a JSON object { to, data }");
  let to: string;
  try {
    to = getAddress(String(wire.to));
  } catch {
    throw new RelayerRequestError("BAD_REQUEST", "to: not an address");
  }
  if (typeof wire.data !== "string" || !isHexString(wire.data) || wire.data.length < 10) {
    throw new RelayerRequestError("BAD_REQUEST", "data: not 0x-hex calldata");
  }
  return { to, data: wire.data.toLowerCase() };
}
