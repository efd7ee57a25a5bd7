import { parseAddress } from "./address.ts";
import type { Field, FieldLike } from "./field.ts";
import { NULLIFIER_SCOPE_BITS, toBits, toField } from "./field.ts";
import { keccakToField } from "./keccak-field.ts";
import { computeNullifier } from "./leaf.ts";

/** Where a claim can be filed: one chain, one claims contract, one incident or period. */
export interface ScopeParts {
  chainId: FieldLike;
  contract: string;
  incidentId: FieldLike;
}

/**
 * The scope of a claim: keccak256(abi.encode(uint256 chainId, address contract, uint256 incidentId)) >> 8.
 *
 * The proof is bound to the whole scope through `binding` (claimBinding), so a proof made for another chain,
 * deployment or incident fails: the contract derives the scope itself from block.chainid and address(this). The
 * nullifier is Poseidon(secret, nullifierScope(scope)): a member gets exactly one nullifier per incident.
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

/**
 * What a claim's nullifier is derived with: the scope's top 86 bits, small enough to travel inside the public
 * `claim` (one public input fewer: ~6,150 gas a claim). Two scopes share it only by chance (2^-86) or by a
 * deployment ground for it (about 2^86 hashes): the proof stays bound to the whole scope through `binding`, so the
 * only thing such a collision could give is the same nullifier in two places for a member using one secret in both.
 */
export function nullifierScope(scope: FieldLike): Field {
  return (toField(scope, "scope") >> BigInt(248 - NULLIFIER_SCOPE_BITS)) as Field;
}

/** A member's nullifier for a claim in `scope` (deriveScope): Poseidon(secret, nullifierScope(scope)). */
export function claimNullifier(secret: FieldLike, scope: FieldLike): Field {
  return computeNullifier(secret, nullifierScope(scope));
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
