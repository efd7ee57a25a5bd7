export type { EmbeddedNetwork } from "./embedded-network.ts";
export { startEmbeddedNetwork } from "./embedded-network.ts";
export type { LocalChain } from "./local-chain.ts";
export { startLocalChain, startLocalRpcServer } from "./local-chain.ts";
export type { StatusListHost } from "./status-list-host.ts";
export { startStatusListHost } from "./status-list-host.ts";
