/**
 * Every error the app shows, as a sentence a member understands: Mutua's typed errors by code, the chain's
 * and the network's failures by kind. Never a stack trace; the code stays visible for support.
 */
type Details = Readonly<Record<string, unknown>>;

/** How amounts in base units are shown (the app sets the mutual's token once it knows it). */
let money = (baseUnits: bigint) => `${baseUnits} base units`;
export function setMoneyFormat(format: (baseUnits: bigint) => string): void {
  money = format;
}

const SENTENCES: Record<string, string | ((message: string, details: Details) => string)> = {
  BACKUP_UNREADABLE: (message) =>
    /wrong passphrase/.test(message)
      ? "That passphrase does not open this wallet. Check it and try again (capital letters count)."
      : /at least 8/.test(message)
        ? "Choose a passphrase of at least 10 characters."
        : "This file is not a Mutua wallet backup, or it was changed.",
  NO_MEMBERSHIP: "You are not a member of this mutual yet: ask to join first, then accept the credential you receive.",
  NOT_A_MEMBER: "Your membership is not in the mutual's member list: it was revoked, or you were never admitted.",
  REVOKED: "The mutual revoked this membership credential.",
  EXPIRED: "This membership credential has expired.",
  NOT_COVERED: (message) => `Your policy does not cover this incident: ${message.replace(/^[^:]*:\s*/, "")}.`,
  COVERAGE_EXCEEDED: (message, details) =>
    typeof details.claimAmount === "bigint" && typeof details.coverageLimit === "bigint"
      ? `Your policy does not cover that much: it pays up to ${money(details.coverageLimit)} per claim, and this claim asks ${money(details.claimAmount)}.`
      : `Your policy does not cover that much: ${message}.`,
  POLICY_EXPIRED: "Your policy had expired when this incident happened.",
  PRODUCT_NOT_COVERED: "Your policy does not include this disaster cover.",
  PREMIUM_NOT_FROM_TABLE:
    "The mutual's offer asks a premium its members' rate table does not give for you: nothing was paid. Ask the mutual why.",
  RATE_TABLE_NOT_ADOPTED: "The offer's premium comes from a rate table the members never adopted: nothing was paid. Ask the mutual why.",
  CLASS_MISMATCH: "The offer writes your policy for another rating class than yours: nothing was paid. Ask the mutual why.",
  ALREADY_CLAIMED: "You already claimed this event: each member is paid once per event.",
  RootNotCurrentAtEvent: "Your membership began after this event: it does not cover it.",
  ClaimWindowClosed: "Claims for this event have closed.",
  MutualPaused: "The mutual is paused by its members: no claim is paid until it resumes. Try again later.",
  POLICY_NOT_STARTED: "Your policy had not started when this incident happened.",
  INCIDENT_NOT_OPEN: (message) => `Claims cannot be made for that incident: ${message.replace(/^[^:]*:\s*/, "")}.`,
  FILE_TOO_LARGE: (message) => `A file is too large: ${message}. Choose a smaller photo or document.`,
  EVIDENCE_TOO_LARGE: (message) => message,
  EVIDENCE_NODE_UNREACHABLE: "The evidence store cannot be reached, so nothing was sent. Check your connection and try again.",
  EVIDENCE_NODE_REFUSED: (message) => `The evidence store refused the upload: ${message}`,
  EVIDENCE_UNAVAILABLE: "The evidence could not be fetched from the evidence store right now. Try again in a moment.",
  NOT_A_RECIPIENT: "This evidence was not sealed to you, so you cannot open it.",
  EVIDENCE_TAMPERED: "This evidence was changed after it was sealed: do not trust it.",
  RELAYER_UNREACHABLE: "The relayer cannot be reached, so your claim was not sent. Your form is kept: try again when you are online.",
  RATE_LIMITED: "The relayer is busy with your earlier requests. Wait a minute and try again.",
  NullifierAlreadyUsed: "A claim for this incident was already filed with your membership: one claim per incident.",
  CHAIN_UNREACHABLE: "The blockchain node cannot be reached. Check your connection and try again.",
  DESK_UNREACHABLE: "The mutual's join desk cannot be reached, so nothing was paid. Check your connection and try again.",
  DESK_BUSY: "The mutual's join desk is busy. Nothing was paid: try again in a few minutes.",
  JOIN_REFUSED: (message) => `The mutual refused this payment: ${message.replace(/^[^:]*:\s*/, "")}. Ask for a new offer.`,
  BAD_MEMBERSHIP_REQUEST: "The mutual's join desk did not accept this wallet's request. Nothing was paid.",
  WRONG_CHAIN: (message) => message,
  CONFIG_UNREACHABLE: (message) => message,
  OWN_CLAIM: "This is your own claim: an assessor cannot vote on their own claim.",
  NOT_IN_ROUND: "You do not hold an assessor seat for this claim's round.",
  VOTING_CLOSED: "Voting on this claim has closed.",
  ALREADY_VOTED: "You already voted on this claim.",
  CLAIM_NOT_OPEN: (message) => `This claim cannot be voted on now: ${message.replace(/^[^:]*:\s*/, "")}.`,
  PAYMENT_FAILED:
    "The payout could not be sent to the claim's payout address (the token refused it). The claim stays approved: it is paid once that address can receive.",
  RECIPIENT_LINKED: (message) => message,
  RECIPIENT_NOT_CHECKSUMMED: (message) => message,
  SMALL_CLASS: (message) => message,
  ACTION_REJECTED: "You declined the transaction in your wallet: nothing was paid.",
  INSUFFICIENT_FUNDS: "The paying account does not have enough to pay for this transaction.",
};

export function describeError(error: unknown): { code: string; sentence: string } {
  const e = error as { code?: unknown; message?: unknown; shortMessage?: unknown; name?: unknown; details?: unknown };
  const code = typeof e?.code === "string" ? e.code : "ERROR";
  const message = typeof e?.shortMessage === "string" ? e.shortMessage : typeof e?.message === "string" ? e.message : String(error);
  const known = SENTENCES[code];
  const details = (typeof e?.details === "object" && e.details !== null ? e.details : {}) as Details;
  if (known) return { code, sentence: typeof known === "string" ? known : known(message, details) };
  // A failed fetch in the browser is a TypeError with no code: the network.
  if (e?.name === "TypeError" && /fetch|network/i.test(message)) {
    return { code: "NETWORK", sentence: "The network cannot be reached. Check your connection and try again." };
  }
  if (/insufficient funds|exceeds balance/i.test(message)) return { code, sentence: SENTENCES.INSUFFICIENT_FUNDS as string };
  // Mutua's own messages are already sentences; others are cut to their first line.
  const first = message.split("\n")[0] ?? message;
  return { code, sentence: capitalize(first.length > 300 ? `${first.slice(0, 300)}…` : first) };
}

function capitalize(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
