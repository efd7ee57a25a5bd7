export { appHandler, circuitFiles } from "./app-host.ts";
export type { EmbeddedNetwork } from "./embedded-network.ts";
export { startEmbeddedNetwork } from "./embedded-network.ts";
export { fileJoinRecords, startJoinDesk } from "./join-desk-service.ts";
export type { StatusListHost } from "./status-list-host.ts";
export { startStatusListHost } from "./status-list-host.ts";
