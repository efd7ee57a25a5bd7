import type { ClaimDisclosure, EligibilityPublicSignals, FieldLike, PolicyTerms } from "@mutua/core";
import {
  CLAIM_AMOUNT_BITS,
  CLAIM_TIME_BITS,
  checkCoverTerms,
  checkParametricProduct,
  checkPolicyTerms,
  claimBinding,
  claimNullifier,
  identityCommitment,
  memberLeaf,
  packClaim,
  toBits,
  toField,
} from "@mutua/core";
import {
  CoverageExceededError,
  LeafNotInTreeError,
  PolicyExpiredError,
  PolicyNotStartedError,
  ProductNotCoveredError,
  TreeTooDeepError,
} from "./errors.ts";
import type { MerkleProof } from "./member-tree.ts";
import { MemberTree } from "./member-tree.ts";

/** Everything a member needs to prove one claim. Only the public signals leave the prover. */
export interface EligibilityClaim {
  /** The member's identity secret (private). */
  secret: FieldLike;
  /** The policy terms committed in the member's leaf (private). */
  terms: PolicyTerms;
  /** The member's Merkle proof in the current member tree (private; its root becomes public). */
  merkleProof: MerkleProof;
  /** Amount claimed, in the pool token's base units. */
  claimAmount: FieldLike;
  /** When the loss occurred (the incident's occurredAt, unix seconds): cover is judged at this time. */
  occurredAt: FieldLike;
  /** deriveScope({ chainId, contract, incidentId }): bound whole, its top 86 bits name the nullifier. */
  scope: FieldLike;
  /** cidToField(evidence CID). */
  evidenceHash: FieldLike;
  /** Payout address; binding it stops a front-runner from redirecting the payout. */
  recipient: string;
  /**
   * An indemnity claim (the default) discloses the member's rating class; a parametric claim names the product
   * it pays, and discloses the member's region.
   */
  parametricProduct?: number;
}

/** A circuit's input signals by name, as the witness calculator takes them. */
export type CircuitInput = Record<string, bigint | bigint[]>;

/**
 * Checks a claim the way the circuit will, so that a doomed proof fails fast with a typed error
 * instead of an opaque witness failure, and returns the witness input and expected public signals.
 */
export function buildEligibilityInput(
  claim: EligibilityClaim,
  maxDepth: number,
): { input: CircuitInput; expected: EligibilityPublicSignals } {
  const secret = toField(claim.secret, "secret");
  const terms = checkPolicyTerms(claim.terms);
  const claimAmount = toBits(claim.claimAmount, CLAIM_AMOUNT_BITS, "claimAmount");
  const occurredAt = toBits(claim.occurredAt, CLAIM_TIME_BITS, "occurredAt");
  const scope = toBits(claim.scope, 248, "scope");
  const evidenceHash = toField(claim.evidenceHash, "evidenceHash");
  const binding = claimBinding(scope, evidenceHash, claim.recipient);

  const { merkleProof } = claim;
  const leaf = memberLeaf(identityCommitment(secret), terms);
  if (BigInt(merkleProof.leaf) !== leaf)
    throw new LeafNotInTreeError("the Merkle proof is for another leaf than this secret and these policy terms", { expectedLeaf: leaf });
  if (!MemberTree.verifyProof(merkleProof))
    throw new LeafNotInTreeError("the Merkle path does not lead to its root", { root: merkleProof.root });
  const depth = merkleProof.siblings.length;
  if (depth > maxDepth) throw new TreeTooDeepError(depth, maxDepth);

  if (claimAmount > terms.coverageLimit) throw new CoverageExceededError(claimAmount, terms.coverageLimit);
  if (occurredAt < terms.policyStart) throw new PolicyNotStartedError(occurredAt, terms.policyStart);
  if (occurredAt > terms.policyExpiry) throw new PolicyExpiredError(occurredAt, terms.policyExpiry);
  const cover = checkCoverTerms(claim.terms);
  let disclosure: ClaimDisclosure = { kind: "indemnity", ratingClass: cover.ratingClass };
  if (claim.parametricProduct !== undefined) {
    const product = checkParametricProduct(claim.parametricProduct);
    if (!cover.parametricProducts.includes(product)) throw new ProductNotCoveredError(product, cover.parametricProducts);
    disclosure = { kind: "parametric", region: cover.region, product };
  }
  const packed = packClaim(claimAmount, occurredAt, scope, disclosure);

  const siblings = Array.from({ length: maxDepth }, (_, i) => BigInt(merkleProof.siblings[i] ?? 0n));
  const input: CircuitInput = {
    secret,
    policyId: terms.policyId,
    coverageLimit: terms.coverageLimit,
    policyStart: terms.policyStart,
    policyExpiry: terms.policyExpiry,
    cover: terms.cover,
    treeDepth: BigInt(depth),
    leafIndex: BigInt(merkleProof.index),
    siblings,
    claim: packed,
    binding,
  };
  const expected = {
    root: BigInt(merkleProof.root),
    nullifier: claimNullifier(secret, scope),
    claim: packed,
    binding,
  };
  return { input, expected };
}
