export type { RevealedVote, RoundRecord, RoundState, SeatChange, VoteOpening } from "./assessment-client.ts";
export {
  APPEAL_ROUND,
  ASSESSORS_ROUND,
  AssessmentClient,
  appealTypedData,
  claimIdOf,
  roundBallotId,
  voteCommitment,
} from "./assessment-client.ts";
export type { ChainConnection, ChainConnectionOptions, EndpointCheck } from "./chain-connection.ts";
export { connectChain, FetchJsonRpcProvider, probeEndpoint } from "./chain-connection.ts";
export {
  ChainUnreachableError,
  DeploymentMismatchError,
  InsufficientFundsError,
  RpcNotEvmError,
  TransactionNotMinedError,
  WrongChainError,
} from "./chain-errors.ts";
export { claimCall, EVIDENCE_CID_PREFIX, evidenceCidOf, evidenceDigest, InvalidEvidenceCidError } from "./claim-call.ts";
export type { GovernanceSettings, GovernedMutual, MutualRoles, MutualSettings } from "./deploy.ts";
export {
  assertVerifierAllowed,
  DEFAULT_MUTUAL_SETTINGS,
  deployAssessment,
  deployBlocklistToken,
  deployGovernedMutual,
  deployGovernor,
  deployIncidentNotes,
  deployKeeper,
  deployMemberEventLog,
  deployMinimalVerifyNullifier,
  deployMutual,
  deploymentGasBound,
  deployOnChainLeanIMT,
  deployReentrantToken,
  deployTestToken,
  deployTimelock,
  LOCAL_CHAIN_IDS,
} from "./deploy.ts";
export { ContractRevertError, DevVerifyingKeyError, decodeRevert } from "./errors.ts";
export type { BlockCheckpoint, LogPaging } from "./event-logs.ts";
export { checkpointAt, checkpointHolds, DEFAULT_LOG_PAGE_BLOCKS } from "./event-logs.ts";
export * from "./generated/artifacts.ts";
export type { TimelockOperation } from "./governance-client.ts";
export { GovernanceClient } from "./governance-client.ts";
export type { BallotBoxRecord, ProposalAction, ProposalRecord, ProposalStateName, SupportName } from "./governor-client.ts";
export { MemberGovernorClient, PROPOSAL_STATES, Support } from "./governor-client.ts";
export type { IncidentNote } from "./incident-notes-client.ts";
export { checkIncidentNote, IncidentNotesClient } from "./incident-notes-client.ts";
export type { KeeperAction, KeptClaim, UpkeepStep } from "./keeper-client.ts";
export { KEEPER_ACTIONS, KeeperClient, upkeepData } from "./keeper-client.ts";
export type {
  ClaimRecord,
  ClaimRequest,
  ClaimStatusName,
  FiledClaim,
  IncidentRecord,
  MembershipEvent,
  MutualParameters,
  PoolAccounts,
  PremiumPayment,
} from "./mutua-mutual-client.ts";
export { ClaimStatus, flattenProof, MutuaMutualClient, ROLES } from "./mutua-mutual-client.ts";
export type {
  ParametricClaimRequest,
  ParametricEventRecord,
  ParametricProduct,
  ParametricProductState,
} from "./parametric-cover-client.ts";
export { deployParametricCover, encodeParametricProduct, ParametricCoverClient } from "./parametric-cover-client.ts";
export type { ClassMembersRecord } from "./rate-tables-client.ts";
export { DEFAULT_MIN_CLASS_SIZE, deployRateTables, RateTablesClient } from "./rate-tables-client.ts";
export type { ResilientSignerOptions } from "./resilient-signer.ts";
export { ResilientSigner } from "./resilient-signer.ts";
export { confirmTransaction } from "./send.ts";
