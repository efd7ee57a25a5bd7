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

/** An evidence file is larger than the store or the bundle accepts. */
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

/** A pinning service refused a request or answered outside the IPFS Pinning Service API. */
export class PinningServiceError extends MutuaError {
  constructor(endpoint: string, status: number, reason: string) {
    super("PINNING_SERVICE", `pinning service ${endpoint} answered ${status}: ${reason}`, { endpoint, status, reason });
  }
}

/** Fewer stores than required hold the evidence: each store's outcome is named. */
export class ReplicationError extends MutuaError {
  constructor(cid: string, required: number, outcomes: readonly { store: string; status: string; error?: string }[]) {
    const held = outcomes.filter((o) => o.status === "pinned").length;
    super(
      "REPLICATION_FAILED",
      `evidence ${cid} is held by ${held} of the ${required} stores required: ${outcomes.map((o) => `${o.store} ${o.status}${o.error ? ` (${o.error})` : ""}`).join("; ")}`,
      { cid, required, outcomes },
    );
  }
}

/** No source could give a block that hashes to its CID: every source tried is named with what went wrong. */
export class BlockUnavailableError extends MutuaError {
  constructor(cid: string, attempts: readonly { source: string; error: string }[]) {
    super(
      "EVIDENCE_UNAVAILABLE",
      `block ${cid} could not be fetched and verified from any store: ${attempts.map((a) => `${a.source}: ${a.error}`).join("; ")}`,
      { cid, attempts },
    );
  }
}

/** An evidence node over HTTP could not be reached, or refused a request (the message says which). */
export class EvidenceNodeError extends MutuaError {
  constructor(url: string, reason: string, reachable: boolean) {
    super(
      reachable ? "EVIDENCE_NODE_REFUSED" : "EVIDENCE_NODE_UNREACHABLE",
      reachable
        ? `the evidence node ${url} refused: ${reason}`
        : `the evidence node ${url} cannot be reached (${reason}): check your connection`,
      { url, reason },
    );
  }
}

/**
 * A store whose IPFS implementation is an optional peer dependency of this package (the embedded Helia node and its
 * libp2p transports, the Kubo RPC client) was used where that implementation is not installed: integrators that
 * only seal evidence, or reach a node over HTTP, do not install them.
 */
export class EvidenceDependencyMissingError extends MutuaError {
  constructor(store: string, packages: readonly string[], options?: ErrorOptions) {
    super(
      "EVIDENCE_DEPENDENCY_MISSING",
      `${store} needs ${packages.join(", ")}: install ${packages.length > 1 ? "them" : "it"} (npm install ${packages.join(" ")})`,
      { store, packages: [...packages] },
      options,
    );
  }
}
