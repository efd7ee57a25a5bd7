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
export type { MutualRoles, MutualSettings } from "./deploy.ts";
export {
  assertVerifierAllowed,
  DEFAULT_MUTUAL_SETTINGS,
  deployBlocklistToken,
  deployMemberEventLog,
  deployMutual,
  deploymentGasBound,
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
  LogPaging,
  MembershipEvent,
  MutualParameters,
  PoolAccounts,
  PremiumPayment,
} from "./mutua-mutual-client.ts";
export { ClaimStatus, DEFAULT_LOG_PAGE_BLOCKS, flattenProof, MutuaMutualClient, ROLES } from "./mutua-mutual-client.ts";
export type { ResilientSignerOptions } from "./resilient-signer.ts";
export { ResilientSigner } from "./resilient-signer.ts";
export { confirmTransaction } from "./send.ts";
