export type { Address } from "./address.ts";
export { addressToField, parseAddress } from "./address.ts";
export { base64urlDecode, base64urlEncode } from "./base64url.ts";
export { cidBytes, cidToField, evidenceReference, parseCid } from "./cid.ts";
export type { ClaimDisclosure } from "./claim-signals.ts";
export { CLAIM_LAYOUT, claimBinding, packClaim } from "./claim-signals.ts";
export type { CheckedCoverTerms, CoverTerms } from "./cover-terms.ts";
export { checkCoverTerms, checkParametricProduct, explicitCoverTerms, packCoverTerms, unpackCoverTerms } from "./cover-terms.ts";
export { FieldRangeError, InvalidArgumentError, MutuaError, UnsupportedCidError } from "./errors.ts";
export type { Field, FieldLike } from "./field.ts";
export {
  AMOUNT_BITS,
  CLAIM_AMOUNT_BITS,
  CLAIM_TIME_BITS,
  CLASS_BITS,
  NULLIFIER_SCOPE_BITS,
  PARAMETRIC_PRODUCT_COUNT,
  SNARK_SCALAR_FIELD,
  TIME_BITS,
  toBigInt,
  toBits,
  toField,
} from "./field.ts";
export { keccakToField } from "./keccak-field.ts";
export type { CheckedPolicyTerms, PolicyTerms } from "./leaf.ts";
export {
  ASSESSOR_SEAT_DATA,
  checkPolicyTerms,
  computeNullifier,
  identityCommitment,
  LEAF_DATA_FIELDS,
  leafOf,
  MEMBER_LEAF_LAYOUT,
  memberLeaf,
  memberLeafData,
} from "./leaf.ts";
export { loadOnce } from "./load-once.ts";
export type {
  EligibilityPublicSignalName,
  EligibilityPublicSignals,
  VotePublicSignalName,
  VotePublicSignals,
} from "./public-signals.ts";
export { ELIGIBILITY_PUBLIC_SIGNALS, VOTE_PUBLIC_SIGNALS } from "./public-signals.ts";
export { RateLimiter } from "./rate-limiter.ts";
export type { BallotScopeParts, ScopeParts } from "./scope.ts";
export { ballotScope, claimNullifier, deriveScope, nullifierScope } from "./scope.ts";
export type { ServerLimits } from "./server-limits.ts";
export { DEFAULT_SERVER_LIMITS, limitConnections, serverOptions } from "./server-limits.ts";
