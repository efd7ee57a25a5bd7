import type { ProposalView } from "@mutua/sdk";
import { InvalidArgumentError } from "@mutua/sdk";
import { VoidSigner, ZeroAddress } from "ethers";
import type { MutuaConfig } from "../config.ts";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, memberTreeDirectory, signerFor } from "../context.ts";
import { parseAccountAddress, parseUsdc, parseWholeNumber } from "../inputs.ts";
import { report } from "../output.ts";
import { openWallet } from "./member.ts";

async function governanceFor(global: GlobalOptions, account?: AccountOptions, treeDirectory?: (config: MutuaConfig) => string) {
  const config = loadConfig(global);
  // Reading and voting need no key of the member's (ballots go through the relayer: a read-only signer); proposing
  // and executing are sent from an account (devnet default: account 0).
  const signer = account ? await signerFor(config, account, 0) : new VoidSigner(ZeroAddress, await chainFor(config));
  const sdk = await import("@mutua/sdk");
  const governance = new sdk.MemberGovernance({
    deployment: config.deployment,
    signer,
    ...(config.relayer ? { relayer: config.relayer } : {}),
    ...(treeDirectory ? { treeDirectory: treeDirectory(config) } : {}),
  });
  return { config, governance, sdk, signer };
}

function parseProposal(text: string): bigint {
  return parseWholeNumber(text, "--proposal", 1n);
}

function timeOf(seconds: bigint): string {
  return seconds === 0n ? "-" : new Date(Number(seconds) * 1000).toISOString();
}

/**
 * A proposal: new claim parameters (any of --max-claim, --quorum, --settlement-delay; the others stay), assessor
 * seats added or removed, pausing or unpausing, moving capital, granting or revoking the operator roles (a new
 * issuer key). Checked against the contract's bounds before it is sent.
 */
export async function propose(
  global: GlobalOptions,
  options: AccountOptions & {
    description: string;
    maxClaim?: string;
    quorum?: string;
    settlementDelay?: string;
    addSeat?: string[];
    removeSeat?: string[];
    pause?: boolean;
    unpause?: boolean;
    moveCapital?: string;
    capitalTo?: string;
    grantRole?: string[];
    revokeRole?: string[];
  },
) {
  if (options.pause && options.unpause) throw new InvalidArgumentError("--pause/--unpause", "give at most one");
  const { config, governance, sdk, signer } = await governanceFor(global, options);
  const deployment = config.deployment;
  const actions = [];
  if (options.maxClaim !== undefined || options.quorum !== undefined || options.settlementDelay !== undefined) {
    const { MutuaMutualClient } = await import("@mutua/sdk");
    const current = await new MutuaMutualClient(deployment.mutual, signer).parameters();
    actions.push(
      await sdk.setParametersAction(deployment, signer, {
        maxClaimAmount: options.maxClaim !== undefined ? parseUsdc(options.maxClaim, "--max-claim") : current.maxClaimAmount,
        quorum: options.quorum !== undefined ? Number(parseWholeNumber(options.quorum, "--quorum")) : current.quorum,
        settlementDelay:
          options.settlementDelay !== undefined
            ? Number(parseWholeNumber(options.settlementDelay, "--settlement-delay"))
            : current.settlementDelay,
      }),
    );
  }
  if (options.addSeat?.length || options.removeSeat?.length) {
    const { AssessmentClient } = await import("@mutua/sdk");
    const changes = await new AssessmentClient(deployment.assessment, signer).seatChanges(deployment.fromBlock);
    const last = changes.at(-1);
    // Seat leaf → reading key, starting from the current list: added seats bring their DID, removed ones leave.
    const seats = new Map((last?.seats ?? []).map((leaf, i) => [leaf.toString(), last?.readers[i] ?? ""]));
    for (const text of options.addSeat ?? []) {
      const seat = seatFlag(sdk, text, "--add-seat");
      seats.set(seat.leaf.toString(), seat.reader);
    }
    for (const text of options.removeSeat ?? []) {
      const seat = seatFlag(sdk, text, "--remove-seat");
      if (!seats.delete(seat.leaf.toString())) throw new InvalidArgumentError("--remove-seat", `${text} is not a current seat`);
    }
    actions.push(
      sdk.setAssessorSeatsAction(
        deployment,
        [...seats].map(([leaf, reader]) => ({ leaf: BigInt(leaf), reader })),
      ),
    );
  }
  if (options.pause || options.unpause) actions.push(sdk.setPausedAction(deployment, options.pause === true));
  if (options.moveCapital !== undefined || options.capitalTo !== undefined) {
    if (options.moveCapital === undefined || options.capitalTo === undefined) {
      throw new InvalidArgumentError("--move-capital/--capital-to", "moving capital needs both the amount and where it goes");
    }
    actions.push(
      sdk.moveCapitalAction(
        deployment,
        parseAccountAddress(options.capitalTo, "--capital-to"),
        parseUsdc(options.moveCapital, "--move-capital"),
      ),
    );
  }
  for (const [flag, grant, entries] of [
    ["--grant-role", true, options.grantRole ?? []],
    ["--revoke-role", false, options.revokeRole ?? []],
  ] as const) {
    for (const entry of entries) {
      const [role, account] = entry.split("=");
      if (!role || !(role in sdk.GOVERNED_ROLES) || !account) {
        throw new InvalidArgumentError(
          flag,
          `"${entry}" is not <role>=<address> with a role among ${Object.keys(sdk.GOVERNED_ROLES).join(", ")}`,
        );
      }
      actions.push(sdk.roleAction(deployment, grant, role as keyof typeof sdk.GOVERNED_ROLES, parseAccountAddress(account, flag)));
    }
  }
  if (actions.length === 0) {
    throw new InvalidArgumentError(
      "--max-claim/--quorum/--settlement-delay/--add-seat/--remove-seat/--pause/--unpause",
      "a proposal needs at least one change",
    );
  }
  const { proposalId, receipt } = await governance.propose(actions, options.description);
  const view = await governance.proposal(proposalId);
  report(global.json, { proposalId, deadline: view.deadline, quorum: view.box.quorum, gasUsed: receipt.gasUsed }, [
    `proposal ${proposalId}: "${options.description}"`,
    ...actions.map((a) => `  ${sdk.describeAction(deployment, a)}`),
    `  members vote until ${timeOf(view.deadline)} (chain time); it needs ${view.box.quorum} for or abstain votes and more for than against`,
  ]);
}

/** An anonymous vote with a member wallet, through the relayer: no account of the member's sends anything. */
export async function vote(
  global: GlobalOptions,
  options: { name: string; proposal: string; for?: boolean; against?: boolean; abstain?: boolean },
) {
  const chosen = (["for", "against", "abstain"] as const).filter((s) => options[s] === true);
  if (chosen.length !== 1) throw new InvalidArgumentError("--for/--against/--abstain", "give exactly one");
  const proposalId = parseProposal(options.proposal);
  // A vote signs nothing with the wallet's DID: its agent is opened only if something asks for it.
  const { wallet, home } = await openWallet(global, options.name, { mustExist: true, agentWhenUsed: true });
  const { config, governance } = await governanceFor(global, undefined, (c) => memberTreeDirectory(c, home));
  if (!config.relayer) throw new InvalidArgumentError("--relayer", "votes go through the mutual's relayer: none is configured");
  const sent = await governance.vote(wallet, proposalId, chosen[0] as "for" | "against" | "abstain");
  await governance.close();
  report(global.json, { proposalId, nullifier: sent.nullifier, gasUsed: sent.gasUsed, from: sent.from }, [
    `voted on proposal ${proposalId} (sent by the relayer ${sent.from}, ${sent.gasUsed} gas): your vote is counted, not linked to you`,
  ]);
}

/** Queues a passed proposal, or executes a queued one once the timelock's delay has passed. Anyone may. */
export async function execute(global: GlobalOptions, options: AccountOptions & { proposal: string }) {
  const proposalId = parseProposal(options.proposal);
  const { governance } = await governanceFor(global, options);
  const view = await governance.proposal(proposalId);
  if (view.state === "Succeeded") {
    const receipt = await governance.queue(proposalId);
    const eta = (await governance.proposal(proposalId)).eta;
    report(global.json, { proposalId, state: "Queued", eta, gasUsed: receipt.gasUsed }, [
      `proposal ${proposalId} queued in the timelock (${receipt.gasUsed} gas): it can execute from ${timeOf(eta)} (chain time); run execute again then`,
    ]);
    return;
  }
  const receipt = await governance.execute(proposalId);
  report(global.json, { proposalId, state: "Executed", gasUsed: receipt.gasUsed }, [
    `proposal ${proposalId} executed (${receipt.gasUsed} gas)`,
  ]);
}

/** Every proposal (or one) with its state, tally, quorum, deadlines and what it does. */
export async function status(global: GlobalOptions, options: { proposal?: string }) {
  const { config, governance, sdk } = await governanceFor(global);
  const views: ProposalView[] = options.proposal
    ? [await governance.proposal(parseProposal(options.proposal))]
    : await governance.proposals();
  report(
    global.json,
    {
      proposals: views.map((v) => ({
        proposalId: v.proposalId,
        description: v.description,
        state: v.state,
        for: v.box.forVotes,
        against: v.box.againstVotes,
        abstain: v.box.abstainVotes,
        quorum: v.box.quorum,
        deadline: v.deadline,
        eta: v.eta,
        actions: v.actions.map((a) => sdk.describeAction(config.deployment, a)),
      })),
    },
    views.length === 0
      ? ["no proposals"]
      : views.flatMap((v) => [
          `proposal ${v.proposalId}: ${v.state} — "${v.description}"`,
          `  for ${v.box.forVotes}, against ${v.box.againstVotes}, abstain ${v.box.abstainVotes}; quorum ${v.box.quorum}; voting ends ${timeOf(v.deadline)}; executable from ${timeOf(v.eta)}`,
          ...v.actions.map((a) => `  ${sdk.describeAction(config.deployment, a)}`),
        ]),
  );
}

/** A seat as `assessor init` prints it (`<leaf>:<did>`, or a bare leaf), refused by name if it is not one. */
function seatFlag(sdk: typeof import("@mutua/sdk"), text: string, flag: string) {
  try {
    return sdk.parseSeatText(text);
  } catch (error) {
    throw new InvalidArgumentError(flag, (error as Error).message);
  }
}
