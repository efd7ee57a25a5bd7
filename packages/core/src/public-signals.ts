/**
 * The eligibility circuit's public signals, in the order snarkjs emits them (outputs first, then the
 * public inputs as declared). The prover, the calldata encoder and the contract all index by this list.
 * `claim` is packClaim(claimAmount, occurredAt, scope, disclosure); `binding` is claimBinding(scope, evidenceHash,
 * recipient).
 */
export const ELIGIBILITY_PUBLIC_SIGNALS = ["root", "nullifier", "claim", "binding"] as const;

/** The name of one of the claim proof's public signals. */
export type EligibilityPublicSignalName = (typeof ELIGIBILITY_PUBLIC_SIGNALS)[number];

/** The public signals by name, as bigints. */
export type EligibilityPublicSignals = Record<EligibilityPublicSignalName, bigint>;

/**
 * The vote circuit's public signals (an anonymous ballot), in snarkjs' order. `scope` names the ballot box
 * (ballotScope: chain, contract, proposal or claim), `message` what the ballot says (the support value or a
 * commitment to it), and the voter's nullifier for `excludedScope` must differ from `excludedNullifier`.
 */
export const VOTE_PUBLIC_SIGNALS = ["root", "nullifier", "scope", "message", "excludedScope", "excludedNullifier"] as const;

/** The name of one of the ballot proof's public signals. */
export type VotePublicSignalName = (typeof VOTE_PUBLIC_SIGNALS)[number];

/** A ballot proof's public signals by name. */
export type VotePublicSignals = Record<VotePublicSignalName, bigint>;
