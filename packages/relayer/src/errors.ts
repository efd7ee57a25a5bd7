import { MutuaError } from "@mutua/core";

/**
 * What a relayer answers when it does not submit a claim. `code` is stable (BAD_REQUEST, REQUEST_TOO_LARGE,
 * UNKNOWN_MUTUAL, RATE_LIMITED, QUEUE_FULL, or the contract's custom error, e.g. NullifierAlreadyUsed);
 * `status` is the HTTP status it travels with; `retryAfterSeconds` is set when trying later can help.
 */
export class RelayerRequestError extends MutuaError {
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, message: string, options: { status?: number; retryAfterSeconds?: number; args?: readonly string[] } = {}) {
    super(code, message, { status: options.status ?? 400, retryAfterSeconds: options.retryAfterSeconds, args: options.args });
    this.status = options.status ?? 400;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The relayer could not be reached or answered something that is not a relayer's answer. */
export class RelayerUnreachableError extends MutuaError {
  constructor(url: string, reason: string, options?: ErrorOptions) {
    super("RELAYER_UNREACHABLE", `the relayer at ${url} cannot be reached: ${reason}`, { url, reason }, options);
  }
}
