// The one door: what wallets, apps, back offices and the CLI need of the packages below the SDK, re-exported so that an
// integrator installs and imports @mutua/sdk alone.
// Shared definitions and errors (@mutua/core).

export { builtCircuitArtifacts } from "@mutua/circuits";
// The chain's contracts and their clients (@mutua/contracts).
// Parametric cover (ParametricCover): products set by the members' vote, events opened by oracles, claims paid at once.
// The incident notes' shape and limits, for callers that check a note before opening an incident.
export type {
  ChainConnection,
  ChainConnectionOptions,
  ClaimRequest,
  IncidentNote,
  ParametricEventRecord,
  ParametricProduct,
} from "@mutua/contracts";
export {
  ASSESSORS_ROUND,
  AssessmentClient,
  ContractRevertError,
  checkIncidentNote,
  connectChain,
  DeploymentMismatchError,
  deploymentGasBound,
  deployParametricCover,
  IncidentNotesClient,
  InsufficientFundsError,
  MemberGovernorClient,
  MutuaMutualClient,
  ParametricCoverClient,
  RateTablesClient,
  ROLES,
  VERIFIER,
} from "@mutua/contracts";
export { claimNullifier, deriveScope, evidenceReference, InvalidArgumentError, MutuaError, memberLeaf } from "@mutua/core";
export { writeFileAtomic } from "@mutua/core/node";
// Encrypted evidence and the stores that keep it (@mutua/evidence).
export type { EvidenceFile, EvidenceStore, OpenedEvidence, OpenedFile } from "@mutua/evidence";
export {
  EvidenceDependencyMissingError,
  evidenceNodeHandler,
  HeliaEvidenceStore,
  HttpEvidenceStore,
  KuboEvidenceStore,
  ReplicatedEvidenceStore,
  startEvidenceNode,
} from "@mutua/evidence";
// The member's wallet, DIDs and membership credentials (@mutua/identity).
// Standard wallets and verifiers (OpenID4VCI, SD-JWT VC, OpenID4VP), from @mutua/identity: the SDK is the one door.
export type {
  CoverOutcome,
  CoverQuery,
  CoverRequest,
  CredentialOffer,
  HeldMembership,
  IdentityAgent,
  IdentityAgentHandle,
  IdentityAgentOptions,
  MutualRef,
  VerifiedCover,
} from "@mutua/identity";
export {
  agentResolver,
  CoverRejectedError,
  CoverVerifier,
  CredentialIssuerService,
  coverVerifierHandler,
  createIdentityAgent,
  describeCoverRequest,
  MEMBERSHIP_VCT,
  MembershipIssuer,
  MembershipSdJwtIssuer,
  MembershipVerifier,
  MemberWallet,
  PassphraseSealer,
  unsealJson,
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
// Proofs and the member tree (@mutua/proofs); circuit artifacts from a resolver the caller can replace.
export type {
  Ballot,
  CircuitArtifactResolver,
  CircuitName,
  CircuitProver,
  EligibilityClaim,
  EligibilityProof,
  VoteProof,
} from "@mutua/proofs";
export { circuitArtifactsAt, EligibilityProver, loadEligibilityArtifacts, MemberTree, VoteProver } from "@mutua/proofs";
// The relayer that sends claims and ballots from its own account (@mutua/relayer).
export { RelayerClient, startRelayer } from "@mutua/relayer";
export type { AdmissionProofPolicy, AdmissionProofRecord, AdmissionProofStatus } from "./admission-proofs.ts";
export { AdmissionProofs, PROOF_VALID_SECONDS } from "./admission-proofs.ts";
export type { ClaimUnderReview } from "./assessor.ts";
export { Assessor, Settlement } from "./assessor.ts";
export type { AssessorSeat } from "./assessor-seat.ts";
export { parseSeatText, seatText } from "./assessor-seat.ts";
export type { JournalBallot, SeenImage } from "./ballot-journal.ts";
export { BallotJournal } from "./ballot-journal.ts";
export type { BallotRoute, SentBallot } from "./ballot-sender.ts";
export type { UnattributedExperience } from "./chain-experience.ts";
export { experienceFromChain, YEAR_SECONDS } from "./chain-experience.ts";
export { CIRCUIT_DEPTH } from "./circuit-artifacts.ts";
export type { ClaimSubmitter, SubmittedClaim } from "./claim-submitter.ts";
export { accountSubmitter, relayerSubmitter } from "./claim-submitter.ts";
export type { ClassClaims } from "./class-experience.ts";
export { claimsByClass } from "./class-experience.ts";
export type { CredentialIssuer } from "./credential-issuer.ts";
export { openCredentialIssuer } from "./credential-issuer.ts";
export * from "./errors.ts";
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
export { JoinDeskClient } from "./join-desk-client.ts";
export { joinDeskHandler } from "./join-desk-http.ts";
export type { ClaimFiling, ClaimWarning, FiledClaimResult, ParametricClaimResult } from "./member.ts";
export { Member } from "./member.ts";
export type { ProposalView } from "./member-governance.ts";
export { MemberGovernance } from "./member-governance.ts";
export type { TreeSyncOptions } from "./member-tree-sync.ts";
export { memberTreeAtRoot, memberTreeAtTime, rebuildMemberTree, syncMemberTree } from "./member-tree-sync.ts";
export type { Admission, DeploySettings, IssuerSetup, MembershipRequest, MutualDeployment, MutualKeys } from "./mutual-admin.ts";
export { MutualAdmin } from "./mutual-admin.ts";
export type { KeeperRound } from "./mutual-keeper.ts";
export { MutualKeeper } from "./mutual-keeper.ts";
export type { OfferJson } from "./offer.ts";
export { admissionOf, offerJson, parseOffer } from "./offer.ts";
export type { ParametricEventMatch } from "./parametric-claims.ts";
export { policyCovering } from "./parametric-claims.ts";
export type { ClaimStep, ProgressEvent, ProgressListener } from "./progress.ts";
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
export type { CheckedOffer } from "./rate-table-check.ts";
export { checkDeskOffer, checkOfferAgainstTable, explainStandingOffer } from "./rate-table-check.ts";
export type { RateTableVerification } from "./rate-table-verification.ts";
export { verifyRateTable } from "./rate-table-verification.ts";
export type { ExposedRole } from "./recipient-exposure.ts";
export { recipientExposure } from "./recipient-exposure.ts";
export type { ClaimDecision, ClaimRef, SealedVoter } from "./sealed-ballots.ts";
export { SealedBallots } from "./sealed-ballots.ts";
export { ensureAllowance, erc20 } from "./token.ts";
