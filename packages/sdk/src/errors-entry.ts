// @mutua/sdk/errors: the SDK's typed errors alone, for code that only tells errors apart (an app's first screen, a
// log formatter) and must not load the SDK to do it.
export { MutuaError } from "@mutua/core";
export * from "./errors.ts";
