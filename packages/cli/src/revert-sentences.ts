import { ROLES } from "@mutua/contracts";

const ROLE_NAMES = new Map<string, string>(Object.entries(ROLES).map(([name, id]) => [id.toLowerCase(), name]));

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
    case "UnknownRoot":
      return "the member tree the proof was made against is no longer accepted (too old, or never posted): file again";
    case "InvalidProof":
      return "the proof does not match this claim (another amount, incident, evidence, recipient or chain)";
    case "IncidentNotOpen":
      return `incident ${arg(0)} does not exist or no longer takes claims`;
    case "AmountOverCap":
      return `the amount is over the incident's cap per claim (${arg(1)} base units)`;
    case "AlreadyVoted":
      return "this assessor already voted on this claim";
    case "VotingClosed":
      return "the voting window of this claim's incident has closed";
    case "VotingStillOpen":
      return `voting is still open until ${new Date(Number(args[1]) * 1000).toISOString()} (chain time)`;
    case "SettlementCooldown":
      return `the claim is approved and payable from ${new Date(Number(args[1]) * 1000).toISOString()} (chain time)`;
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
    case "ClaimsPaused":
      return "the mutual is paused: claims, votes and payouts wait (their windows are extended by the pause)";
    case "InsufficientPoolFunds":
      return `the pool cannot cover ${arg(0)} base units (available: ${arg(1)})`;
    case "ERC20InsufficientBalance":
      return `account ${arg(0)} holds ${arg(1)} token base units, not the ${arg(2)} needed`;
    default:
      return undefined;
  }
}
