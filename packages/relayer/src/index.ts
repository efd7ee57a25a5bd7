export * from "./errors.ts";
export type { RelayedClaim } from "./relayed-claim.ts";
export type { FetchLike } from "./relayer-client.ts";
export { RelayerClient } from "./relayer-client.ts";
export type { RelayerOptions, RelayerServer } from "./relayer-server.ts";
export { startRelayer } from "./relayer-server.ts";
export type { WireClaim } from "./wire.ts";
export { decodeClaim, encodeClaim } from "./wire.ts";
