import type { MutualParameters, ParametricProduct, ProposalAction } from "@mutua/contracts";
import {
  MemberGovernorArtifact,
  MutuaMutualArtifact,
  MutuaMutualClient,
  MutuaRateTablesArtifact,
  MutuaTimelockArtifact,
  ParametricCoverArtifact,
  ParametricCoverClient,
  PrivateAssessmentArtifact,
  RateTablesClient,
  ROLES,
} from "@mutua/contracts";
import { MutuaError } from "@mutua/core";
import type { RateTable } from "@mutua/pricing";
import { rateTableHash } from "@mutua/pricing";
import { MemberTree } from "@mutua/proofs";
import { Interface } from "ethers/abi";
import type { ContractRunner } from "ethers/providers";
import type { AssessorSeat } from "./assessor-seat.ts";
import { toAssessorSeat } from "./assessor-seat.ts";
import type { MutualDeployment } from "./mutual-admin.ts";

const mutualAbi = new Interface(MutuaMutualArtifact.abi);
const assessmentAbi = new Interface(PrivateAssessmentArtifact.abi);
const governorAbi = new Interface(MemberGovernorArtifact.abi);
const timelockAbi = new Interface(MutuaTimelockArtifact.abi);
const parametricAbi = new Interface(ParametricCoverArtifact.abi);
const rateTablesAbi = new Interface(MutuaRateTablesArtifact.abi);

function action(target: string, abi: Interface, method: string, args: unknown[]): ProposalAction {
  return { target, value: 0n, calldata: abi.encodeFunctionData(method, args) };
}

/**
 * New claim parameters (cap, quorum, cooldown), checked against the bounds the contract enforces (read from it):
 * a proposal outside them would pass a vote and then fail to execute, so it is refused here (PARAMETER_OUT_OF_BOUNDS).
 */
export async function setParametersAction(
  deployment: MutualDeployment,
  runner: ContractRunner,
  parameters: MutualParameters,
): Promise<ProposalAction> {
  const mutual = new MutuaMutualClient(deployment.mutual, runner).contract;
  const bound = async (name: string) => (await mutual.getFunction(name)()) as bigint;
  const [minQuorum, maxQuorum, minDelay, maxDelay] = await Promise.all(
    ["MIN_QUORUM", "MAX_QUORUM", "MIN_SETTLEMENT_DELAY", "MAX_SETTLEMENT_DELAY"].map(bound),
  );
  const checks: [string, bigint, bigint, bigint][] = [
    ["maxClaimAmount", parameters.maxClaimAmount, 1n, (1n << 88n) - 1n],
    ["quorum", BigInt(parameters.quorum), minQuorum as bigint, maxQuorum as bigint],
    ["settlementDelay", BigInt(parameters.settlementDelay), minDelay as bigint, maxDelay as bigint],
  ];
  for (const [name, value, min, max] of checks) {
    if (value < min || value > max) {
      throw new MutuaError(
        "PARAMETER_OUT_OF_BOUNDS",
        `${name} ${value} is outside the contract's bounds [${min}, ${max}]: the proposal could never execute`,
        {
          name,
          value,
          min,
          max,
        },
      );
    }
  }
  return action(deployment.mutual, mutualAbi, "setParameters", [parameters]);
}

/**
 * Appoints the assessor seats `seats` (each assessor's seat leaf and reading key, Assessor.seat): the whole list,
 * its root, and the readers claims will seal evidence to. A bare leaf appoints a seat that reads nothing.
 */
export function setAssessorSeatsAction(deployment: MutualDeployment, seats: readonly (bigint | AssessorSeat)[]): ProposalAction {
  const list = seats.map(toAssessorSeat);
  const leaves = list.map((s) => s.leaf);
  if (leaves.length === 0) throw new MutuaError("EMPTY_SEATS", "a seat list needs at least one assessor");
  if (new Set(leaves).size !== leaves.length) throw new MutuaError("DUPLICATE_SEAT", "the seat list names a seat twice");
  return action(deployment.assessment, assessmentAbi, "setAssessorSeats", [leaves, new MemberTree(leaves).root, list.map((s) => s.reader)]);
}

/** Pauses or unpauses the mutual by the members' decision (governance holds the pauser role too). */
export function setPausedAction(deployment: MutualDeployment, paused: boolean): ProposalAction {
  return action(deployment.mutual, mutualAbi, "setPaused", [paused]);
}

/** Moves capital out of the pool (at most the capital put in, and what approved claims leave free). */
export function moveCapitalAction(deployment: MutualDeployment, to: string, amount: bigint): ProposalAction {
  if (amount <= 0n) throw new MutuaError("INVALID_ARGUMENT", "moving capital needs an amount above 0");
  return action(deployment.mutual, mutualAbi, "moveCapital", [to, amount]);
}

/**
 * Sets parametric product `productId` (region, index, bands, windows, feed): members vote on what a disaster pays.
 * The contract checks its bounds again when the proposal executes.
 */
export function setParametricProductAction(deployment: MutualDeployment, productId: number, product: ParametricProduct): ProposalAction {
  if (!deployment.parametricCover) throw new MutuaError("NO_PARAMETRIC_COVER", "this mutual has no parametric cover contract");
  const call = new ParametricCoverClient(deployment.parametricCover, null).setProductCall(productId, product);
  return { target: call.target, value: 0n, calldata: call.data };
}

/**
 * Adopts a rate table: its version and hash go on-chain (MutuaRateTables), and offers are then checked against it.
 * `uri` says where the table is published; its hash decides, never the place.
 */
export function adoptRateTableAction(deployment: MutualDeployment, table: RateTable, uri = ""): ProposalAction {
  if (!deployment.rateTables) throw new MutuaError("NO_RATE_TABLES", "this mutual was deployed without a rate table registry");
  const call = new RateTablesClient(deployment.rateTables, null).adoptCall(table.version, rateTableHash(table), uri);
  return { target: call.target, value: 0n, calldata: call.data };
}

/** The mutual's roles a proposal can grant or revoke. */
export const GOVERNED_ROLES = { issuer: ROLES.issuer, incidentOpener: ROLES.incidentOpener, pauser: ROLES.pauser } as const;

/** Grants (or revokes) one of the operator roles: a new issuer key, an incident opener, a pauser. */
export function roleAction(
  deployment: MutualDeployment,
  grant: boolean,
  role: keyof typeof GOVERNED_ROLES,
  account: string,
): ProposalAction {
  return action(deployment.mutual, mutualAbi, grant ? "grantRole" : "revokeRole", [GOVERNED_ROLES[role], account]);
}

/** Sends tokens held beyond the pool's books (sent by mistake) to `to`. */
export function sweepSurplusAction(deployment: MutualDeployment, to: string): ProposalAction {
  return action(deployment.mutual, mutualAbi, "sweepSurplus", [to]);
}

/**
 * A readable line for a proposal's action, decoded with the mutual's, the assessment's, the governor's and the
 * timelock's ABIs: what members should read before they vote. A seat list whose root is not its leaves' is flagged.
 */
export function describeAction(deployment: MutualDeployment, proposal: ProposalAction): string {
  const targets: [string, string, Interface][] = [
    [deployment.mutual, "mutual", mutualAbi],
    [deployment.assessment, "assessment", assessmentAbi],
    [deployment.governor, "governor", governorAbi],
    [deployment.governance, "timelock", timelockAbi],
    ...(deployment.parametricCover ? [[deployment.parametricCover, "parametric cover", parametricAbi] as [string, string, Interface]] : []),
    ...(deployment.rateTables ? [[deployment.rateTables, "rate tables", rateTablesAbi] as [string, string, Interface]] : []),
  ];
  const known = targets.find(([address]) => address.toLowerCase() === proposal.target.toLowerCase());
  if (!known) return `call ${proposal.target} with ${proposal.calldata.slice(0, 10)}… (not one of this mutual's contracts)`;
  const [, name, abi] = known;
  const parsed = abi.parseTransaction({ data: proposal.calldata, value: proposal.value });
  if (!parsed) return `${name}: unknown call ${proposal.calldata.slice(0, 10)}`;
  if (parsed.name === "setAssessorSeats") {
    const seats = [...(parsed.args[0] as bigint[])];
    const matches = new MemberTree(seats).root === (parsed.args[1] as bigint);
    const readers = (parsed.args[2] as string[]).filter(Boolean).length;
    return `${name}.setAssessorSeats(${seats.length} seats, ${readers} reading evidence)${matches ? "" : " — WARNING: the root is not these seats' root"}`;
  }
  const args = parsed.fragment.inputs.map((input, i) => `${input.name}=${String(parsed.args[i])}`).join(", ");
  return `${name}.${parsed.name}(${args})`;
}
