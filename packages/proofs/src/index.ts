export type { CircuitArtifactResolver, CircuitName } from "./artifact-resolver.ts";
export { circuitArtifactsAt } from "./artifact-resolver.ts";
export type { EligibilityArtifactSources, EligibilityArtifacts, VerificationKey } from "./artifacts.ts";
export { loadEligibilityArtifacts, loadVerificationKey } from "./artifacts.ts";
export type { CircuitInput, EligibilityClaim } from "./circuit-input.ts";
export { buildEligibilityInput } from "./circuit-input.ts";
export type { EligibilityProof } from "./eligibility-proof.ts";
export { namePublicSignals, orderPublicSignals } from "./eligibility-proof.ts";
export { EligibilityProver, proveEligibility } from "./eligibility-prover.ts";
export {
  ArtifactError,
  CoverageExceededError,
  LeafNotInTreeError,
  MalformedProofError,
  OwnClaimError,
  PolicyExpiredError,
  PolicyNotStartedError,
  ProductNotCoveredError,
  TreeTooDeepError,
} from "./errors.ts";
export type { MemberTreeView } from "./file-member-tree.ts";
export { DEFAULT_CAPACITY_LOG2, FileMemberTree } from "./file-member-tree.ts";
export type { CircuitProver } from "./groth16-prover.ts";
export type { LeanIMT, LeanIMTProof } from "./lean-imt.ts";
export type { MerkleProof } from "./member-tree.ts";
export { MemberTree, REMOVED_LEAF } from "./member-tree.ts";
export { poseidonPair, useFastPoseidon } from "./poseidon-pair.ts";
export type { SolidityProof } from "./solidity-calldata.ts";
export { toSolidityProof } from "./solidity-calldata.ts";
export type { RawChunk, RawLevels } from "./tree-build/streaming-tree-builder.ts";
export { DEFAULT_CHUNK_LEAVES, StreamingTreeBuilder } from "./tree-build/streaming-tree-builder.ts";
export type { SubtreeLevels } from "./tree-build/subtree-pool.ts";
export { SubtreePool } from "./tree-build/subtree-pool.ts";
export { verifyEligibility, verifyVote } from "./verify-proof.ts";
export type { Ballot } from "./vote-input.ts";
export { buildVoteInput } from "./vote-input.ts";
export type { VoteArtifacts, VoteProof } from "./vote-prover.ts";
export { VoteProver } from "./vote-prover.ts";
