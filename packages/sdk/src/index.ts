// The SDK for Node: everything a web app has (@mutua/sdk/browser), and the parts that need Node: servers (the join
// desk, the relayer, evidence nodes), the embedded IPFS node and Kubo, file stores, the issuer and the operator's tools.

// The one door: what back offices, operators and the CLI need of the packages below the SDK, re-exported so that an
// integrator installs and imports @mutua/sdk alone. In Node, circuit artifacts default to the circuits package's files.
export { builtCircuitArtifacts } from "@mutua/circuits";
// The chain's contracts and their clients, parametric cover and incident notes among them (@mutua/contracts).
export type { ChainConnectionOptions, ClaimRequest, IncidentNote, ParametricEventRecord, ParametricProduct } from "@mutua/contracts";
export {
  ASSESSORS_ROUND,
  AssessmentClient,
  ContractRevertError,
  checkIncidentNote,
  DeploymentMismatchError,
  deploymentGasBound,
  deployParametricCover,
  IncidentNotesClient,
  InsufficientFundsError,
  MemberGovernorClient,
  MutuaMutualClient,
  ParametricCoverClient,
  RateTablesClient,
  ResilientSigner,
  ROLES,
  VERIFIER,
} from "@mutua/contracts";
export { claimNullifier, deriveScope, evidenceReference, InvalidArgumentError, memberLeaf } from "@mutua/core";
export { writeFileAtomic } from "@mutua/core/node";
// The embedded IPFS node, Kubo, replication and the evidence node's server (@mutua/evidence).
export {
  EvidenceDependencyMissingError,
  evidenceNodeHandler,
  HeliaEvidenceStore,
  KuboEvidenceStore,
  PinningServiceClient,
  ReplicatedEvidenceStore,
  startEvidenceNode,
} from "@mutua/evidence";
// The issuer, and the standard issuance and verification endpoints (OpenID4VCI, SD-JWT VC, OpenID4VP) (@mutua/identity).
export type { CoverOutcome, CoverQuery, CoverRequest, CredentialOffer, VerifiedCover } from "@mutua/identity";
export {
  CoverRejectedError,
  CoverVerifier,
  CredentialIssuerService,
  coverVerifierHandler,
  MEMBERSHIP_VCT,
  MembershipIssuer,
  MembershipSdJwtIssuer,
} from "@mutua/identity";
// Premiums from the pool's experience (@mutua/pricing), through the one door.
export type {
  ExperienceRow,
  ExperienceSnapshot,
  Factor,
  FairnessPolicy,
  FairnessReport,
  Quote,
  QuoteLine,
  RateTable,
  RiskSignal,
  SeverityModel,
  TableDifference,
} from "@mutua/pricing";
export {
  amountSignal,
  buildRateTable,
  buildSeverityModel,
  checkOfferedPremium,
  classLevels,
  classNumber,
  drawPool,
  fairnessReport,
  fileSnapshot,
  PricingError,
  parseExperienceCsv,
  poolExperience,
  quote,
  rateTableHash,
  solvencyMargin,
  tableDifferences,
} from "@mutua/pricing";
export * from "./browser.ts";
// Proofs and the member tree (@mutua/proofs); circuit artifacts from a resolver the caller can replace.

export { MemberTree } from "@mutua/proofs";
// The relayer that sends claims and ballots from its own account (@mutua/relayer).
export { startRelayer } from "@mutua/relayer";
export type { AdmissionProofPolicy, AdmissionProofRecord, AdmissionProofStatus } from "./admission-proofs.ts";
export { AdmissionProofs, PROOF_VALID_SECONDS } from "./admission-proofs.ts";

export type { AssessorSeat } from "./assessor-seat.ts";

export type { JournalBallot, SeenImage } from "./ballot-journal.ts";

export type { BallotRoute, SentBallot } from "./ballot-sender.ts";
export type { UnattributedExperience } from "./chain-experience.ts";
export { experienceFromChain, YEAR_SECONDS } from "./chain-experience.ts";

export type { ClaimSubmitter, SubmittedClaim } from "./claim-submitter.ts";
export { accountSubmitter, relayerSubmitter } from "./claim-submitter.ts";
export type { ClassClaims } from "./class-experience.ts";
export { claimsByClass } from "./class-experience.ts";
export type { CredentialIssuer } from "./credential-issuer.ts";
export { openCredentialIssuer } from "./credential-issuer.ts";
export type { EvidenceSignal } from "./evidence-signals.ts";
export { evidenceSignals, NEAR_DUPLICATE_BITS, TAKEN_BEFORE_LOSS_SECONDS } from "./evidence-signals.ts";
export { identifierForms, keyForms } from "./identifier-forms.ts";
export type {
  AdmissionRound,
  CredentialOffers,
  DeskPricing,
  JoinDeskDescription,
  JoinProduct,
  JoinRecord,
  JoinRecordStore,
  JoinStatus,
} from "./join-desk.ts";
export { JoinDesk, JoinDeskError, MAX_WAITING_REQUESTS, OFFER_VALID_SECONDS, UNKNOWN_PAYMENT_GRACE_SECONDS } from "./join-desk.ts";

export { joinDeskHandler } from "./join-desk-http.ts";

export type { TreeSyncOptions } from "./member-tree-sync.ts";
export { memberTreeAtRoot, memberTreeAtTime, rebuildMemberTree, syncMemberTree } from "./member-tree-sync.ts";
export type { DeploySettings, IssuerSetup, MembershipRequest, MutualKeys } from "./mutual-admin.ts";

export type { KeeperRound } from "./mutual-keeper.ts";
export { MutualKeeper } from "./mutual-keeper.ts";

export {
  adoptRateTableAction,
  describeAction,
  GOVERNED_ROLES,
  moveCapitalAction,
  roleAction,
  setAssessorSeatsAction,
  setParametersAction,
  setParametricProductAction,
  setPausedAction,
  sweepSurplusAction,
} from "./proposal-actions.ts";
export type { BlockSource, PublicClaimRecord } from "./public-record.ts";
export { collectPublicRecord, findInRecord } from "./public-record.ts";

export type { RateTableVerification } from "./rate-table-verification.ts";
export { verifyRateTable } from "./rate-table-verification.ts";
export type { ExposedRole } from "./recipient-exposure.ts";
export { recipientExposure } from "./recipient-exposure.ts";
export type { ClaimDecision, ClaimRef, SealedVoter } from "./sealed-ballots.ts";
export { SealedBallots } from "./sealed-ballots.ts";
export { ensureAllowance, erc20 } from "./token.ts";
