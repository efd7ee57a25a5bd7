import { poseidon1 } from "poseidon-lite/poseidon1";
import { poseidon2 } from "poseidon-lite/poseidon2";
import { poseidon6 } from "poseidon-lite/poseidon6";
import type { CheckedCoverTerms, CoverTerms } from "./cover-terms.ts";
import { checkCoverTerms, packCoverTerms } from "./cover-terms.ts";
import { InvalidArgumentError } from "./errors.ts";
import type { Field, FieldLike } from "./field.ts";
import { AMOUNT_BITS, TIME_BITS, toBits, toField } from "./field.ts";

/**
 * What the mutual promises one member; committed in the member's leaf. A proof reveals none of it but what the
 * contract already states: an indemnity claim discloses the rating class, a parametric claim the region and product.
 */
export interface PolicyTerms extends CoverTerms {
  /** Identifies the policy (product and its wording) the member holds. */
  policyId: FieldLike;
  /** Largest amount one claim may ask for, in the pool token's base units (< 2^128). */
  coverageLimit: FieldLike;
  /** First second of cover, unix seconds (< 2^64). */
  policyStart: FieldLike;
  /** Last second of cover, unix seconds (< 2^64). */
  policyExpiry: FieldLike;
}

/**
 * Policy terms validated against the widths the circuit range-checks. It keeps the cover terms as well as their
 * packed field, so checked terms passed on as PolicyTerms give the same leaf.
 */
export interface CheckedPolicyTerms extends CheckedCoverTerms {
  policyId: Field;
  coverageLimit: Field;
  policyStart: Field;
  policyExpiry: Field;
  /** packCoverTerms(ratingClass, region, parametricProducts). */
  cover: Field;
}

/**
 * The order of the fields hashed into a member leaf. The circuit, the prover, the issuer and the
 * contracts' tests all build leaves from this one definition.
 */
export const MEMBER_LEAF_LAYOUT = ["identityCommitment", "policyId", "coverageLimit", "policyStart", "policyExpiry", "cover"] as const;

/** Fields of a leaf after the identity commitment (what the vote circuit takes as leaf data). */
export const LEAF_DATA_FIELDS = MEMBER_LEAF_LAYOUT.length - 1;

/** Checks policy terms (id, limit, period) fit the leaf's bits and make sense; returns them as bigints. */
export function checkPolicyTerms(terms: PolicyTerms): CheckedPolicyTerms {
  const checked = {
    policyId: toField(terms.policyId, "policyId"),
    coverageLimit: toBits(terms.coverageLimit, AMOUNT_BITS, "coverageLimit"),
    policyStart: toBits(terms.policyStart, TIME_BITS, "policyStart"),
    policyExpiry: toBits(terms.policyExpiry, TIME_BITS, "policyExpiry"),
    ...checkCoverTerms(terms),
    cover: packCoverTerms(terms),
  };
  if (checked.policyStart > checked.policyExpiry) {
    throw new InvalidArgumentError("policyExpiry", "policy ends before it starts", {
      policyStart: checked.policyStart,
      policyExpiry: checked.policyExpiry,
    });
  }
  return checked;
}

/** Public identity of a member: Poseidon(secret). The secret never leaves the member's wallet. */
export function identityCommitment(secret: FieldLike): Field {
  return poseidon1([toField(secret, "secret")]) as Field;
}

/** The member leaf: Poseidon(identityCommitment, policyId, coverageLimit, policyStart, policyExpiry, cover). */
export function memberLeaf(commitment: FieldLike, terms: PolicyTerms): Field {
  return leafOf(commitment, memberLeafData(terms));
}

/**
 * Poseidon(secret, scope): the same member always gets the same nullifier in one scope, and no one
 * can link nullifiers of different scopes to each other or to the member.
 */
export function computeNullifier(secret: FieldLike, scope: FieldLike): Field {
  return poseidon2([toField(secret, "secret"), toField(scope, "scope")]) as Field;
}

/** A leaf's five fields after the identity commitment: a member's policy terms, in MEMBER_LEAF_LAYOUT order. */
export function memberLeafData(terms: PolicyTerms): Field[] {
  const t = checkPolicyTerms(terms);
  return [t.policyId, t.coverageLimit, t.policyStart, t.policyExpiry, t.cover];
}

/** An assessor seat's leaf data: the member leaf's shape with no policy (the vote circuit proves either). */
export const ASSESSOR_SEAT_DATA: readonly Field[] = Object.freeze(Array.from({ length: LEAF_DATA_FIELDS }, () => 0n as Field));

/** Poseidon(identityCommitment, ...data): the leaf the vote circuit recomputes from a voter's secret. */
export function leafOf(commitment: FieldLike, data: readonly FieldLike[]): Field {
  if (data.length !== LEAF_DATA_FIELDS) {
    throw new InvalidArgumentError("leafData", `a leaf has ${LEAF_DATA_FIELDS} fields after the identity commitment`);
  }
  return poseidon6([toField(commitment, "identityCommitment"), ...data.map((value, i) => toField(value, `leafData[${i}]`))]) as Field;
}
