export { appHandler, circuitFiles } from "./app-host.ts";
export { fileJoinRecords, startJoinDesk } from "./join-desk-service.ts";
