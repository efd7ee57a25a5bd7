export type { MutualSettings } from "./deploy.ts";
export { DEFAULT_MUTUAL_SETTINGS, deployMutual, deployOnChainLeanIMT, deployReentrantToken, deployTestToken } from "./deploy.ts";
export { ContractRevertError, decodeRevert } from "./errors.ts";
export * from "./generated/artifacts.ts";
export type { LocalChain } from "./local-chain.ts";
export { startLocalChain, startLocalRpcServer } from "./local-chain.ts";
export type { ClaimRecord, ClaimRequest, ClaimStatusName, FiledClaim, MembershipEvent, PoolAccounts } from "./mutua-mutual-client.ts";
export { ClaimStatus, flattenProof, MutuaMutualClient, ROLES } from "./mutua-mutual-client.ts";
