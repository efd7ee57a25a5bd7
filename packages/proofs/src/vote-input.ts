import type { FieldLike, VotePublicSignals } from "@mutua/core";
import { computeNullifier, identityCommitment, leafOf, toField } from "@mutua/core";
import type { CircuitInput } from "./circuit-input.ts";
import { LeafNotInTreeError, OwnClaimError, TreeTooDeepError } from "./errors.ts";
import type { MerkleProof } from "./member-tree.ts";
import { MemberTree } from "./member-tree.ts";

/** Everything a voter needs to prove one anonymous ballot. Only the public signals leave the prover. */
export interface Ballot {
  /** The voter's identity secret (private). */
  secret: FieldLike;
  /** The five fields of the voter's leaf after the identity commitment: memberLeafData(terms), or ASSESSOR_SEAT_DATA. */
  leafData: readonly FieldLike[];
  /** The voter's Merkle proof in the tree the ballot box counts (its root becomes public). */
  merkleProof: MerkleProof;
  /** ballotScope({ chainId, contract, ballotId }). */
  scope: FieldLike;
  /** What the ballot says: the support value, or a commitment to the vote. */
  message: FieldLike;
  /** The voter must not be the one whose nullifier in `scope` is `nullifier` (their own claim). Default: none. */
  excluded?: { scope: FieldLike; nullifier: FieldLike };
}

/** Checks a ballot the way the circuit will (typed errors instead of a witness failure); returns the witness input. */
export function buildVoteInput(ballot: Ballot, maxDepth: number): { input: CircuitInput; expected: VotePublicSignals } {
  const secret = toField(ballot.secret, "secret");
  const scope = toField(ballot.scope, "scope");
  const message = toField(ballot.message, "message");
  const excludedScope = toField(ballot.excluded?.scope ?? 0n, "excludedScope");
  const excludedNullifier = toField(ballot.excluded?.nullifier ?? 0n, "excludedNullifier");
  const { merkleProof } = ballot;
  const leaf = leafOf(identityCommitment(secret), ballot.leafData);
  if (BigInt(merkleProof.leaf) !== leaf)
    throw new LeafNotInTreeError("the Merkle proof is for another leaf than this secret and leaf data", { expectedLeaf: leaf });
  if (!MemberTree.verifyProof(merkleProof))
    throw new LeafNotInTreeError("the Merkle path does not lead to its root", { root: merkleProof.root });
  const depth = merkleProof.siblings.length;
  if (depth > maxDepth) throw new TreeTooDeepError(depth, maxDepth);
  if (computeNullifier(secret, excludedScope) === excludedNullifier) throw new OwnClaimError();

  const input: CircuitInput = {
    secret,
    leafData: ballot.leafData.map((value, i) => toField(value, `leafData[${i}]`)),
    treeDepth: BigInt(depth),
    leafIndex: BigInt(merkleProof.index),
    siblings: Array.from({ length: maxDepth }, (_, i) => BigInt(merkleProof.siblings[i] ?? 0n)),
    scope,
    message,
    excludedScope,
    excludedNullifier,
  };
  const expected = {
    root: BigInt(merkleProof.root),
    nullifier: computeNullifier(secret, scope),
    scope,
    message,
    excludedScope,
    excludedNullifier,
  };
  return { input, expected };
}
