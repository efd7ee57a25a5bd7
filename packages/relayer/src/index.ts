export * from "./errors.ts";
export type { RelayedCall, RelayedClaim } from "./relayed-claim.ts";
export type { FetchLike } from "./relayer-client.ts";
export { RelayerClient } from "./relayer-client.ts";
export type { RelayerOptions, RelayerServer } from "./relayer-server.ts";
export { startRelayer } from "./relayer-server.ts";
export type { WireBallot, WireClaim } from "./wire.ts";
export { decodeBallot, decodeClaim, encodeClaim } from "./wire.ts";
