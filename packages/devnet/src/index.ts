// Test fixtures a devnet deploys: a stand-in stablecoin, and Chainlink's MIT MockV3Aggregator as a price feed.
export { deployTestToken, MockV3AggregatorArtifact } from "@mutua/contracts";
export type { EmbeddedNetwork } from "./embedded-network.ts";
export { startEmbeddedNetwork } from "./embedded-network.ts";
export type { LocalChain } from "./local-chain.ts";
export { startLocalChain, startLocalRpcServer } from "./local-chain.ts";
export type { StatusListHost } from "./status-list-host.ts";
export { startStatusListHost } from "./status-list-host.ts";
