export type { EthrNetwork, IdentityAgent, IdentityAgentHandle, IdentityAgentOptions } from "./agent.ts";
export { createIdentityAgent } from "./agent.ts";
export { didWebDocument, didWebResolver, didWebUrl } from "./did-web.ts";
export * from "./errors.ts";
export { deployEthrDidRegistry } from "./ethr-did-registry.ts";
export { agentKeyAgreement, agentResolver } from "./key-agreement.ts";
export type { BackupStatus, HeldMembership, MutualRef, VaultStorage } from "./member-wallet.ts";
export { MemberWallet } from "./member-wallet.ts";
export type { Membership } from "./membership-credential.ts";
export {
  assertMembershipSchema,
  MEMBERSHIP_CONTEXT,
  MEMBERSHIP_CREDENTIAL_TYPE,
  MEMBERSHIP_SCHEMA_ID,
  membershipContext,
  membershipSchema,
} from "./membership-credential.ts";
export type { IssuedMembership, IssueMembershipRequest, Revocation } from "./membership-issuer.ts";
export { MembershipIssuer } from "./membership-issuer.ts";
export type { MembershipRequest } from "./membership-request.ts";
export {
  BadMembershipRequestError,
  MEMBERSHIP_REQUEST_TYPE,
  membershipRequestChallenge,
  verifyMembershipRequest,
} from "./membership-request.ts";
export type { MembershipVerifierOptions, VerifiedMembership, VerifiedPresentation } from "./membership-verifier.ts";
export { MembershipVerifier } from "./membership-verifier.ts";
export { OrderedWrites } from "./ordered-writes.ts";
export { PassphraseSealer, sealJson, unsealJson } from "./sealed-json.ts";
export type { StatusListEntry } from "./status-list.ts";
export { RevocationList, STATUS_LIST_LENGTH } from "./status-list.ts";
