/**
 * Every error the app shows, as a sentence a member understands: Mutua's typed errors by code, the chain's
 * and the network's failures by kind. Never a stack trace; the code stays visible for support.
 */
import { t } from "../i18n/translate.ts";

type Details = Readonly<Record<string, unknown>>;

/** How amounts in base units are shown (the app sets the mutual's token once it knows it). */
let money = (baseUnits: bigint) => t("{units} base units", { units: baseUnits.toString() });
export function setMoneyFormat(format: (baseUnits: bigint) => string): void {
  money = format;
}

// Each sentence is written in English and said in the app's language (t): built when an error is shown, so a change
// of language applies to the next error.
const insufficientFunds = () => t("The paying account does not have enough to pay for this transaction.");
const rest = (message: string) => message.replace(/^[^:]*:\s*/, "");
const SENTENCES: Record<string, (message: string, details: Details) => string> = {
  BACKUP_UNREADABLE: (message) =>
    /wrong passphrase/.test(message)
      ? t("That passphrase does not open this wallet. Check it and try again (capital letters count).")
      : /at least 8/.test(message)
        ? t("Choose a passphrase of at least 10 characters.")
        : t("This file is not a Mutua wallet backup, or it was changed."),
  NO_MEMBERSHIP: () => t("You are not a member of this mutual yet: ask to join first, then accept the credential you receive."),
  NOT_A_MEMBER: () => t("Your membership is not in the mutual's member list: it was revoked, or you were never admitted."),
  REVOKED: () => t("The mutual revoked this membership credential."),
  EXPIRED: () => t("This membership credential has expired."),
  NOT_COVERED: (message) => t("Your policy does not cover this incident: {reason}.", { reason: rest(message) }),
  COVERAGE_EXCEEDED: (message, details) =>
    typeof details.claimAmount === "bigint" && typeof details.coverageLimit === "bigint"
      ? t("Your policy does not cover that much: it pays up to {limit} per claim, and this claim asks {asked}.", {
          limit: money(details.coverageLimit),
          asked: money(details.claimAmount),
        })
      : t("Your policy does not cover that much: {reason}.", { reason: message }),
  POLICY_EXPIRED: () => t("Your policy had expired when this incident happened."),
  PRODUCT_NOT_COVERED: () => t("Your policy does not include this disaster cover."),
  PREMIUM_NOT_FROM_TABLE: () =>
    t("The mutual's offer asks a premium its members' rate table does not give for you: nothing was paid. Ask the mutual why."),
  RATE_TABLE_NOT_ADOPTED: () =>
    t("The offer's premium comes from a rate table the members never adopted: nothing was paid. Ask the mutual why."),
  CLASS_MISMATCH: () => t("The offer writes your policy for another rating class than yours: nothing was paid. Ask the mutual why."),
  ALREADY_CLAIMED: () => t("You already claimed this event: each member is paid once per event."),
  RootNotCurrentAtEvent: () => t("Your membership began after this event: it does not cover it."),
  ClaimWindowClosed: () => t("Claims for this event have closed."),
  MutualPaused: () => t("The mutual is paused by its members: no claim is paid until it resumes. Try again later."),
  POLICY_NOT_STARTED: () => t("Your policy had not started when this incident happened."),
  INCIDENT_NOT_OPEN: (message) => t("Claims cannot be made for that incident: {reason}.", { reason: rest(message) }),
  FILE_TOO_LARGE: (message) => t("A file is too large: {reason}. Choose a smaller photo or document.", { reason: message }),
  EVIDENCE_TOO_LARGE: (message) => message,
  EVIDENCE_NODE_UNREACHABLE: () => t("The evidence store cannot be reached, so nothing was sent. Check your connection and try again."),
  EVIDENCE_NODE_REFUSED: (message) => t("The evidence store refused the upload: {reason}", { reason: message }),
  EVIDENCE_UNAVAILABLE: () => t("The evidence could not be fetched from the evidence store right now. Try again in a moment."),
  NOT_A_RECIPIENT: () => t("This evidence was not sealed to you, so you cannot open it."),
  EVIDENCE_TAMPERED: () => t("This evidence was changed after it was sealed: do not trust it."),
  RELAYER_UNREACHABLE: () =>
    t("The relayer cannot be reached, so your claim was not sent. Your form is kept: try again when you are online."),
  RATE_LIMITED: () => t("The relayer is busy with your earlier requests. Wait a minute and try again."),
  NullifierAlreadyUsed: () => t("A claim for this incident was already filed with your membership: one claim per incident."),
  CHAIN_UNREACHABLE: () => t("The blockchain node cannot be reached. Check your connection and try again."),
  DESK_UNREACHABLE: () => t("The mutual's join desk cannot be reached, so nothing was paid. Check your connection and try again."),
  DESK_BUSY: () => t("The mutual's join desk is busy. Nothing was paid: try again in a few minutes."),
  JOIN_REFUSED: (message) => t("The mutual refused this payment: {reason}. Ask for a new offer.", { reason: rest(message) }),
  BAD_MEMBERSHIP_REQUEST: () => t("The mutual's join desk did not accept this wallet's request. Nothing was paid."),
  WRONG_CHAIN: (message) => message,
  CONFIG_UNREACHABLE: (message) => message,
  OWN_CLAIM: () => t("This is your own claim: an assessor cannot vote on their own claim."),
  NOT_IN_ROUND: () => t("You do not hold an assessor seat for this claim's round."),
  VOTING_CLOSED: () => t("Voting on this claim has closed."),
  ALREADY_VOTED: () => t("You already voted on this claim."),
  CLAIM_NOT_OPEN: (message) => t("This claim cannot be voted on now: {reason}.", { reason: rest(message) }),
  PAYMENT_FAILED: () =>
    t(
      "The payout could not be sent to the claim's payout address (the token refused it). The claim stays approved: it is paid once that address can receive.",
    ),
  RECIPIENT_LINKED: (message) => message,
  RECIPIENT_NOT_CHECKSUMMED: (message) => message,
  SMALL_CLASS: (message) => message,
  ACTION_REJECTED: () => t("You declined the transaction in your wallet: nothing was paid."),
  INSUFFICIENT_FUNDS: () => insufficientFunds(),
};

export function describeError(error: unknown): { code: string; sentence: string } {
  const e = error as { code?: unknown; message?: unknown; shortMessage?: unknown; name?: unknown; details?: unknown };
  const code = typeof e?.code === "string" ? e.code : "ERROR";
  const message = typeof e?.shortMessage === "string" ? e.shortMessage : typeof e?.message === "string" ? e.message : String(error);
  const known = SENTENCES[code];
  const details = (typeof e?.details === "object" && e.details !== null ? e.details : {}) as Details;
  if (known) return { code, sentence: known(message, details) };
  // A failed fetch in the browser is a TypeError with no code: the network.
  if (e?.name === "TypeError" && /fetch|network/i.test(message)) {
    return { code: "NETWORK", sentence: t("The network cannot be reached. Check your connection and try again.") };
  }
  if (/insufficient funds|exceeds balance/i.test(message)) return { code, sentence: insufficientFunds() };
  // Mutua's own messages are already sentences; others are cut to their first line.
  const first = message.split("\n")[0] ?? message;
  return { code, sentence: capitalize(first.length > 300 ? `${first.slice(0, 300)}…` : first) };
}

function capitalize(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
