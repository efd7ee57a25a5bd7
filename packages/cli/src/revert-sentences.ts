import { ROLES } from "@mutua/sdk";

const ROLE_NAMES = new Map<string, string>(Object.entries(ROLES).map(([name, id]) => [id.toLowerCase(), name]));

function time(value: unknown): string {
  return new Date(Number(value) * 1000).toISOString();
}

/**
 * What a contract error means, in a sentence a person understands (the error's name stays the code). Unknown
 * errors get none and are shown as the contract gave them.
 */
export function revertSentence(name: string, args: readonly unknown[]): string | undefined {
  const arg = (i: number) => String(args[i]);
  switch (name) {
    case "NullifierAlreadyUsed":
      return "this member already claimed for this incident: one claim per member per incident";
    case "AccessControlUnauthorizedAccount":
      return `account ${arg(0)} does not hold the ${ROLE_NAMES.get(arg(1).toLowerCase()) ?? arg(1)} role in this mutual`;
    case "InvalidProduct":
      return `parametric product ${arg(0)}: ${arg(1)}`;
    case "NoFeed":
      return `parametric product ${arg(0)} has no data feed: it is opened by an assertion to the optimistic oracle`;
    case "FeedStale":
      return `the feed's latest answer (${time(args[0])}) is older than the product accepts: wait for a fresh round`;
    case "FeedRoundIncomplete":
      return "the feed's latest round has no answer yet: wait for it";
    case "FeedOutOfRange":
      return `the feed reports ${arg(0)}, outside what the product accepts as plausible: a broken feed opens nothing`;
    case "BelowThreshold":
      return `the index is ${arg(0)}, below the product's lowest threshold (${arg(1)})`;
    case "AlreadyTriggered":
      return `parametric product ${arg(0)} already paid an event in this cover window`;
    case "TooFewPolicies":
      return `product ${arg(0)} has ${arg(1)} policies recorded; it needs ${arg(2)} before an event can open (its claimants' anonymity set)`;
    case "OutsideCoverWindow":
      return `the event time ${time(args[0])} is outside the product's cover window (${time(args[1])} to ${time(args[2])})`;
    case "RootNotCurrentAtEvent":
      return "the member tree the proof was made against is not the one current at the event: members admitted after it cannot claim it";
    case "ClaimWindowClosed":
      return `claims on this event closed at ${time(args[1])} (chain time)`;
    case "UnknownRoot":
      return "the member tree the proof was made against is no longer accepted (too old, or never posted): file again";
    case "InvalidProof":
      return "the proof does not match this claim (another amount, incident, evidence, recipient or chain)";
    case "IncidentNotOpen":
      return `incident ${arg(0)} does not exist or no longer takes claims`;
    case "AmountOverCap":
      return `the amount is over the incident's cap per claim (${arg(1)} base units)`;
    case "BallotAlreadyCast":
      return "you already voted on this claim in this round";
    case "VoteNullifierUsed":
      return "you already voted on this proposal";
    case "InvalidBallotProof":
    case "InvalidVoteProof":
      return "the ballot's proof does not match this vote (not a seat or member of this round's snapshot, another vote, claim or proposal)";
    case "CommitClosed":
      return `voting on this claim closed at ${time(args[1])} (chain time)`;
    case "RevealNotOpen":
      return `votes can be revealed from ${time(args[1])} to ${time(args[2])} (chain time)`;
    case "RoundStillOpen":
      return `the vote can be decided from ${time(args[1])} (chain time), after its reveal window`;
    case "RevealMismatch":
      return "this opening is not the vote that was committed";
    case "AlreadyAppealed":
      return "this claim was already appealed: an appeal is allowed once";
    case "AppealWindowClosed":
      return `the appeal window closed at ${time(args[1])} (chain time)`;
    case "NotAppealable":
      return "only a rejected, expired or cut claim can be appealed";
    case "NotClaimRecipient":
      return `only the claim's payout address ${arg(1)} can appeal it`;
    case "GovernorUnexpectedProposalState":
      return `proposal ${arg(0)} is not in the state this step needs (see \`mutua governance status\`)`;
    case "AnonymousVotesOnly":
      return "members vote anonymously here (mutua governance vote), never from an account";
    case "SettlementCooldown":
      return `the claim is approved and payable from ${time(args[1])} (chain time)`;
    case "ClaimNotInStatus":
      return "the claim is not in the state this step needs (see `mutua settle` for its state)";
    case "ApprovedAmountInvalid":
      return `an approval must be more than 0 and at most the claimed ${arg(1)} base units`;
    case "PaymentQueueMismatch":
      return `these are not the next premium payments in the queue (from payment #${arg(0)}): admit or refuse payments in the order they were made`;
    case "ParameterOutOfBounds":
      return `${arg(0)} = ${arg(1)} is outside its bounds [${arg(2)}, ${arg(3)}]`;
    case "TimelockUnexpectedOperationState":
      return "the governance change is not ready: its delay has not passed, or it was already executed";
    case "AssessmentPaused":
    case "ClaimsPaused":
      return "the mutual is paused: claims, votes and payouts wait (their windows are extended by the pause)";
    case "InsufficientPoolFunds":
      return `the pool cannot cover ${arg(0)} base units (available: ${arg(1)})`;
    case "LossTooOld":
      return `a loss before ${time(args[1])} (chain time) is too old for the incident opener's key (3 days at most); an older one takes a members' vote (mutua governance propose)`;
    case "ClaimNotFiled":
      return "no claim was filed with this nullifier for this incident (or it is already decided)";
    case "NoMembersToAppealTo":
      return "the mutual has no members left to judge an appeal: the decision stands";
    case "NotStuckYet":
      return args[1] === 0n || arg(1) === "0"
        ? "no payment of this claim has failed yet: settle it (a claim that can be paid is never lapsed)"
        : `the claim may lapse from ${time(args[1])} (chain time), 30 days after its first failed payment, pauses not counted`;
    case "DelayBelowMinimum":
      return `the governance delay cannot go below ${arg(1)} seconds`;
    case "GovernanceNotTimelock":
      return `${arg(0)} cannot govern this mutual: only a timelock of the same code with at least a day's delay can`;
    case "NotAssessmentOfThisMutual":
      return `${arg(0)} is not an assessment module of this mutual`;
    case "LastGovernance":
      return "the mutual's last governance cannot be removed: grant another first";
    case "ERC20InsufficientBalance":
      return `account ${arg(0)} holds ${arg(1)} token base units, not the ${arg(2)} needed`;
    default:
      return undefined;
  }
}
