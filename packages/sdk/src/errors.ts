import { MutuaError } from "@mutua/core";

/** The root the issuer posted is not the root of the leaves in the registry's events. */
export class RootMismatchError extends MutuaError {
  constructor(posted: bigint, rebuilt: bigint) {
    super("ROOT_MISMATCH", `the registry's root ${posted} is not the root of its own events (${rebuilt}): the issuer posted a wrong root`, {
      posted,
      rebuilt,
    });
  }
}

/** The wallet's leaf is not (or no longer) in the mutual's member tree: never admitted, or revoked. */
export class NotAMemberError extends MutuaError {
  constructor(reason: string) {
    super("NOT_A_MEMBER", `not a current member of this mutual: ${reason}`, { reason });
  }
}

/** The wallet holds no membership credential for this mutual. */
export class NoMembershipError extends MutuaError {
  constructor(mutual: string) {
    super("NO_MEMBERSHIP", `the wallet holds no membership credential for the mutual at ${mutual}`, { mutual });
  }
}
