// @mutua/sdk/browser: what a wallet or app in a web page uses: the member, the assessor's desk, the members' vote,
// joining through the mutual's desk, the wallet and its encrypted backups, evidence over HTTP, proofs (in a worker).
// No servers (relayer, evidence node, join desk), no embedded IPFS node, no file stores: those are Node's, in the
// main entry. Circuit artifacts come from URLs (`circuitArtifactsAt`); nothing is read from a file system.
import "./buffer-global.ts";

export type { ChainConnection } from "@mutua/contracts";
export { connectChain } from "@mutua/contracts";
export { MutuaError } from "@mutua/core";
export type { EvidenceFile, EvidenceStore, OpenedEvidence, OpenedFile } from "@mutua/evidence";
export { HttpEvidenceStore } from "@mutua/evidence";
export type { HeldMembership, IdentityAgent, IdentityAgentHandle, IdentityAgentOptions, MutualRef } from "@mutua/identity";
export {
  agentResolver,
  createIdentityAgent,
  describeCoverRequest,
  MembershipVerifier,
  MemberWallet,
  PassphraseSealer,
  unsealJson,
} from "@mutua/identity";
export type {
  Ballot,
  CircuitArtifactResolver,
  CircuitName,
  CircuitProver,
  EligibilityClaim,
  EligibilityProof,
  VoteProof,
} from "@mutua/proofs";
export { circuitArtifactsAt, EligibilityProver, loadEligibilityArtifacts, VoteProver } from "@mutua/proofs";
export { RelayerClient } from "@mutua/relayer";
export type { ClaimUnderReview } from "./assessor.ts";
export { Assessor, Settlement } from "./assessor.ts";
export { parseSeatText, seatText } from "./assessor-seat.ts";
export { BallotJournal } from "./ballot-journal.ts";
export { CIRCUIT_DEPTH } from "./circuit-artifacts.ts";
export * from "./errors.ts";
export { JoinDeskClient } from "./join-desk-client.ts";
export type { ClaimFiling, ClaimWarning, FiledClaimResult, ParametricClaimResult } from "./member.ts";
export { Member } from "./member.ts";
export type { ProposalView } from "./member-governance.ts";
export { MemberGovernance } from "./member-governance.ts";
export type { Admission, MutualDeployment } from "./mutual-admin.ts";
export { MutualAdmin } from "./mutual-admin.ts";
export type { OfferJson } from "./offer.ts";
export { admissionOf, offerJson, parseOffer } from "./offer.ts";
export type { ParametricEventMatch } from "./parametric-claims.ts";
export { policyCovering } from "./parametric-claims.ts";
export type { ClaimStep, ProgressEvent, ProgressListener } from "./progress.ts";
export type { CheckedOffer } from "./rate-table-check.ts";
export { checkDeskOffer, checkOfferAgainstTable, explainStandingOffer } from "./rate-table-check.ts";
