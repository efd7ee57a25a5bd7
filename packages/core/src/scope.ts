import { parseAddress } from "./address.ts";
import type { Field, FieldLike } from "./field.ts";
import { toBits } from "./field.ts";
import { keccakToField } from "./keccak-field.ts";

/** Where a claim can be filed: one chain, one claims contract, one incident or period. */
export interface ScopeParts {
  chainId: FieldLike;
  contract: string;
  incidentId: FieldLike;
}

/**
 * The scope of a claim: keccak256(abi.encode(uint256 chainId, address contract, uint256 incidentId)) >> 8.
 *
 * The nullifier is Poseidon(secret, scope), so a member gets exactly one nullifier per scope: one
 * claim per incident. Because the contract derives the scope itself from block.chainid and
 * address(this), a proof made for another chain or another deployment carries the wrong scope and fails.
 */
export function deriveScope({ chainId, contract, incidentId }: ScopeParts): Field {
  const encoded = new Uint8Array(96);
  encoded.set(word(toBits(chainId, 256, "chainId")), 0);
  encoded.set(word(BigInt(parseAddress(contract, "contract"))), 32);
  encoded.set(word(toBits(incidentId, 256, "incidentId")), 64);
  return keccakToField(encoded);
}

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Where a ballot can be cast: one chain, one voting contract, one proposal (or claim) of it. */
export interface BallotScopeParts {
  chainId: FieldLike;
  /** The contract that counts the ballots (the governor for proposals). */
  contract: string;
  ballotId: FieldLike;
}

/**
 * The scope of a ballot box: keccak256(abi.encode(chainId, contract, ballotId)) >> 8, the claim scope's
 * encoding with the counting contract and the ballot's id. A voter's nullifier is Poseidon(secret, scope):
 * one ballot per voter and box, unlinkable across boxes and to the voter's claims (whose scopes name the
 * mutual and an incident, never the governor).
 */
export function ballotScope({ chainId, contract, ballotId }: BallotScopeParts): Field {
  return deriveScope({ chainId, contract, incidentId: ballotId });
}
