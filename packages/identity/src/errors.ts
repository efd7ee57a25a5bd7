import { MutuaError } from "@mutua/core";

/**
 * Why a credential or presentation was rejected. One class per reason so callers can `instanceof` or
 * switch on `code`; `details` carries what was compared.
 */
export class CredentialRejectedError extends MutuaError {}

/** Not a JWT, or a JWT whose payload is not a credential/presentation of the expected shape. */
export class MalformedJwtError extends CredentialRejectedError {
  constructor(reason: string, options?: ErrorOptions) {
    super("MALFORMED_JWT", `malformed JWT: ${reason}`, { reason }, options);
  }
}

/** The signature does not verify against the issuer's (or holder's) DID document. */
export class BadSignatureError extends CredentialRejectedError {
  constructor(did: string, reason: string) {
    super("BAD_SIGNATURE", `signature of ${did} does not verify: ${reason}`, { did, reason });
  }
}

export class UntrustedIssuerError extends CredentialRejectedError {
  constructor(issuer: string) {
    super("UNTRUSTED_ISSUER", `issuer ${issuer} is not in the verifier's trusted issuers`, { issuer });
  }
}

export class CredentialExpiredError extends CredentialRejectedError {
  constructor(expiredAt: Date, now: Date) {
    super("EXPIRED", `credential expired at ${expiredAt.toISOString()} (now ${now.toISOString()})`, { expiredAt, now });
  }
}

export class CredentialNotYetValidError extends CredentialRejectedError {
  constructor(validFrom: Date, now: Date) {
    super("NOT_YET_VALID", `credential is valid from ${validFrom.toISOString()} (now ${now.toISOString()})`, { validFrom, now });
  }
}

export class CredentialRevokedError extends CredentialRejectedError {
  constructor(credentialId: string, statusListIndex: number) {
    super("REVOKED", `credential ${credentialId} is revoked (status list index ${statusListIndex})`, { credentialId, statusListIndex });
  }
}

export class SchemaMismatchError extends CredentialRejectedError {
  constructor(problems: readonly string[]) {
    super("SCHEMA_MISMATCH", `credential does not match the MembershipCredential schema: ${problems.join("; ")}`, { problems });
  }
}

export class WrongChallengeError extends CredentialRejectedError {
  constructor(expected: string, actual: unknown) {
    super("WRONG_CHALLENGE", "presentation was made for another challenge", { expected, actual });
  }
}

export class WrongDomainError extends CredentialRejectedError {
  constructor(expected: string, actual: unknown) {
    super("WRONG_DOMAIN", `presentation was made for another domain than ${expected}`, { expected, actual });
  }
}

/** The presentation's holder is not the credential's subject: someone presents a credential that is not theirs. */
export class HolderMismatchError extends CredentialRejectedError {
  constructor(holder: string, subject: string) {
    super("HOLDER_MISMATCH", `presentation holder ${holder} is not the credential subject ${subject}`, { holder, subject });
  }
}

/** The status list credential named by the credential could not be fetched or verified. */
export class StatusListUnavailableError extends CredentialRejectedError {
  constructor(url: string, reason: string, options?: ErrorOptions) {
    super("STATUS_UNAVAILABLE", `status list ${url} unavailable: ${reason}`, { url, reason }, options);
  }
}

/** A wallet backup that cannot be opened: wrong passphrase, or the file was changed. */
export class BackupDecryptionError extends MutuaError {
  constructor(reason: string) {
    super("BACKUP_UNREADABLE", `wallet backup cannot be opened: ${reason}`, { reason });
  }
}

/** Persistent agent storage that cannot be opened with the given secret, or is corrupt. */
export class AgentStorageError extends MutuaError {
  constructor(path: string, reason: string, options?: ErrorOptions) {
    super("AGENT_STORAGE", `agent storage ${path}: ${reason}`, { path, reason }, options);
  }
}

/**
 * One member, one identity secret per mutual: a request whose commitment differs from the one this member
 * was admitted with (or that another member already uses) is refused, since two secrets would give one
 * member two nullifiers, and two payouts, per incident.
 */
export class IdentityCommitmentMismatchError extends MutuaError {
  constructor(memberDid: string, reason: string) {
    super("COMMITMENT_MISMATCH", `cannot admit ${memberDid}: ${reason}`, { memberDid, reason });
  }
}
