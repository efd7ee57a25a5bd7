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

/** None of the wallet's current policies covers this claim (its time, or its amount). */
export class NotCoveredError extends MutuaError {
  constructor(reason: string) {
    super("NOT_COVERED", `no policy of yours covers this claim: ${reason}`, { reason });
  }
}

/** No way to submit the claim was given: a relayer, or an explicit choice to send from the member's account. */
export class NoSubmitterError extends MutuaError {
  constructor() {
    super(
      "NO_RELAYER",
      "no relayer is configured: give the member a relayer URL, or file from your own account explicitly (that links the claim to it)",
    );
  }
}

/** A warning about the claim (see ClaimWarning) that the member did not confirm; nothing was stored or proven. */
export class ClaimNotConfirmedError extends MutuaError {
  constructor(code: string, message: string) {
    super(code, `${message} (not confirmed; nothing was stored, proven or sent)`);
  }
}

/** The premium for a policy's leaf was not paid on-chain (or not enough): the mutual cannot admit it. */
export class PremiumNotPaidError extends MutuaError {
  constructor(memberDid: string, leaf: bigint, paid: bigint, required: bigint) {
    super(
      "PREMIUM_NOT_PAID",
      `${memberDid || "the member"} has paid ${paid} of the ${required} base units of premium for this policy: pay it first (member pay-premium)`,
      { memberDid, leaf, paid, required },
    );
  }
}

/** An admission would skip a premium payment that is ahead of it in the queue. */
export class PaymentQueueBlockedError extends MutuaError {
  constructor(payment: { position: number; leaf: bigint; payer: string; amount: bigint }) {
    super(
      "PAYMENT_QUEUE_BLOCKED",
      `premium payment #${payment.position} (leaf ${payment.leaf}, ${payment.amount} base units from ${payment.payer}) is ahead in the queue: admit it in this batch, or refuse it first (issuer refuse)`,
      { ...payment },
    );
  }
}

/** The incident does not exist or no longer takes claims. */
export class IncidentNotOpenError extends MutuaError {
  constructor(incidentId: bigint, reason: string) {
    super("INCIDENT_NOT_OPEN", `incident ${incidentId} takes no claims: ${reason}`, { incidentId, reason });
  }
}

/** No point in the registry's events has the snapshot's root: the events read do not reach it. */
export class SnapshotNotFoundError extends MutuaError {
  constructor(root: bigint, toBlock: number) {
    super("SNAPSHOT_NOT_FOUND", `no member tree up to block ${toBlock} has the snapshot root ${root}: the chain's events do not match it`, {
      root,
      toBlock,
    });
  }
}
