/**
 * Every error Mutua throws on purpose is a MutuaError: callers can `instanceof` it, switch on
 * `code`, and read `details` without parsing the message. Each package adds subclasses for the
 * failures of its own concept; this file holds the base and the ones every package shares.
 */
export class MutuaError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** A value does not fit where it must go: outside the BN254 scalar field or a declared bit width. */
export class FieldRangeError extends MutuaError {
  constructor(name: string, value: unknown, bound: string) {
    super("FIELD_RANGE", `${name} must be ${bound}, got ${String(value)}`, { name, value, bound });
  }
}

/** An argument is malformed: wrong type, wrong shape, unparsable. */
export class InvalidArgumentError extends MutuaError {
  constructor(name: string, reason: string, details: Record<string, unknown> = {}) {
    super("INVALID_ARGUMENT", `${name}: ${reason}`, { name, ...details });
  }
}

/** A CID that Mutua cannot bind to a proof (not a CID, or not CIDv1). */
export class UnsupportedCidError extends MutuaError {
  constructor(cid: string, reason: string) {
    super("UNSUPPORTED_CID", `unsupported CID ${cid}: ${reason}`, { cid, reason });
  }
}
