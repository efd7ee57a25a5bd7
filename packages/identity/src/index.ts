export type { EthrNetwork, IdentityAgent, IdentityAgentHandle, IdentityAgentOptions, IdentityAgentPlugins } from "./agent.ts";
export { createIdentityAgent } from "./agent.ts";
export { didWebDocument, didWebResolver, didWebUrl } from "./did-web.ts";
export * from "./errors.ts";
export { deployEthrDidRegistry } from "./ethr-did-registry.ts";
export { ExpiringMap } from "./expiring-map.ts";
export { readBoundedBody } from "./http-body.ts";
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
export type { CredentialOffer, OAuthReply } from "./oid4vci/credential-issuer-service.ts";
export { CredentialIssuerService, MEMBERSHIP_SD_JWT_CONFIGURATION, PRE_AUTHORIZED_GRANT } from "./oid4vci/credential-issuer-service.ts";
export { MAX_TX_CODE_ATTEMPTS } from "./oid4vci/credential-offers.ts";
export { oid4vciHandler } from "./oid4vci/oid4vci-http.ts";
export type { CoverQuery } from "./oid4vp/cover-query.ts";
export { COVER_CREDENTIAL_QUERY_ID, coverDcqlQuery } from "./oid4vp/cover-query.ts";
export type { CoverRequest, VerifiedCover } from "./oid4vp/cover-verifier.ts";
export { CoverRejectedError, CoverVerifier } from "./oid4vp/cover-verifier.ts";
export type { CoverOutcome } from "./oid4vp/cover-verifier-http.ts";
export { coverVerifierHandler } from "./oid4vp/cover-verifier-http.ts";
export type { PresentationRequest, SdJwtDcqlQuery, VerifiedSdJwtPresentation } from "./oid4vp/presentation-verifier.ts";
export { KEY_BINDING_MAX_AGE, PresentationRejectedError, PresentationVerifier } from "./oid4vp/presentation-verifier.ts";
export { OrderedWrites } from "./ordered-writes.ts";
export { randomToken } from "./random-token.ts";
export type { CoverRequestView, OneTimeCredential } from "./sd-jwt/cover-holder.ts";
export { describeCoverRequest } from "./sd-jwt/cover-holder.ts";
export { Es256Key } from "./sd-jwt/es256-key.ts";
export type { CoverClaims } from "./sd-jwt/membership-claims.ts";
export { COVER_CLAIM_NAMES, coverClaims, limitBand, MEMBERSHIP_VCT, membershipTypeMetadata } from "./sd-jwt/membership-claims.ts";
export type { SdJwtIssuerOptions } from "./sd-jwt/membership-sd-jwt-issuer.ts";
export { HolderKeyError, MAX_BATCH_SIZE, MembershipSdJwtIssuer } from "./sd-jwt/membership-sd-jwt-issuer.ts";
export { signStatusListToken, TOKEN_STATUS_LIST_LENGTH, verifyStatusListToken } from "./sd-jwt/token-status-list.ts";
export { PassphraseSealer, sealJson, unsealJson } from "./sealed-json.ts";
export type { StatusListEntry } from "./status-list.ts";
export { RevocationList, STATUS_LIST_LENGTH } from "./status-list.ts";
