export type { MutualRoles, MutualSettings } from "./deploy.ts";
export {
  assertVerifierAllowed,
  DEFAULT_MUTUAL_SETTINGS,
  deployBlocklistToken,
  deployMutual,
  deployOnChainLeanIMT,
  deployReentrantToken,
  deployTestToken,
  deployTimelock,
  LOCAL_CHAIN_IDS,
} from "./deploy.ts";
export { ContractRevertError, DevVerifyingKeyError, decodeRevert } from "./errors.ts";
export * from "./generated/artifacts.ts";
export type { TimelockOperation } from "./governance-client.ts";
export { GovernanceClient } from "./governance-client.ts";
export type { LocalChain } from "./local-chain.ts";
export { startLocalChain, startLocalRpcServer } from "./local-chain.ts";
export type {
  ClaimRecord,
  ClaimRequest,
  ClaimStatusName,
  FiledClaim,
  IncidentRecord,
  MembershipEvent,
  MutualParameters,
  PoolAccounts,
} from "./mutua-mutual-client.ts";
export { ClaimStatus, flattenProof, MutuaMutualClient, ROLES } from "./mutua-mutual-client.ts";
