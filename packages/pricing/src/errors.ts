import { MutuaError } from "@mutua/core";

/** Data a model cannot be fitted on, or a fit that did not converge: the reason in words. */
export class PricingError extends MutuaError {}
