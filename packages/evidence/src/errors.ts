import { MutuaError } from "@mutua/core";

/** The key envelope has no entry this key can open: the caller is not a recipient of the evidence. */
export class NotARecipientError extends MutuaError {
  constructor(reason: string) {
    super("NOT_A_RECIPIENT", `cannot open the evidence key envelope: ${reason}`, { reason });
  }
}

/** Ciphertext, manifest or a file's content does not authenticate or does not match its recorded hash. */
export class EvidenceTamperedError extends MutuaError {
  constructor(what: string, reason: string) {
    super("EVIDENCE_TAMPERED", `${what} was changed: ${reason}`, { what, reason });
  }
}

/** The store could not find the content within the timeout. */
export class EvidenceNotFoundError extends MutuaError {
  constructor(cid: string, timeoutMs: number, options?: ErrorOptions) {
    super("EVIDENCE_NOT_FOUND", `${cid} not found within ${timeoutMs} ms`, { cid, timeoutMs }, options);
  }
}

/**
 * A store read that gave up (timeout, abort, block not found; Helia wraps timed-out block fetches in
 * LoadBlockFailedError) as EvidenceNotFoundError; any other error unchanged.
 */
export function notFoundAfterTimeout(error: unknown, what: string, timeoutMs: number): unknown {
  const name = (error as { name?: string }).name;
  if (name === "AbortError" || name === "TimeoutError" || name === "NotFoundError" || name === "LoadBlockFailedError") {
    return new EvidenceNotFoundError(what, timeoutMs, { cause: error });
  }
  return error;
}

/** Content came back under another CID than the one asked for, or an envelope names other evidence. */
export class CidMismatchError extends MutuaError {
  constructor(expected: string, actual: string) {
    super("CID_MISMATCH", `expected ${expected}, got ${actual}`, { expected, actual });
  }
}

export class FileTooLargeError extends MutuaError {
  constructor(name: string, limit: number) {
    super("FILE_TOO_LARGE", `${name} is larger than the limit of ${limit} bytes`, { name, limit });
  }
}

/** A recipient DID whose document has no X25519 key-agreement key to wrap the content key for. */
export class NoKeyAgreementError extends MutuaError {
  constructor(did: string, reason: string) {
    super("NO_KEY_AGREEMENT", `cannot encrypt to ${did}: ${reason}`, { did, reason });
  }
}
