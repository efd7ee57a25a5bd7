import { AbiCoder } from "ethers/abi";
import type { ContractTransactionReceipt } from "ethers/contract";
import { Contract } from "ethers/contract";
import type { ContractRunner } from "ethers/providers";
import { MutuaKeeperArtifact, MutuaMutualArtifact, PrivateAssessmentArtifact } from "./generated/artifacts.ts";
import { sendAndWait } from "./send.ts";

/** What a claim needs now (MutuaKeeper.Action). */
export const KEEPER_ACTIONS = ["None", "Finalize", "Settle", "Lapse", "Forget"] as const;
/** What the keeper would do for a watched claim now: nothing, settle, lapse… */
export type KeeperAction = (typeof KEEPER_ACTIONS)[number];

/** A claim as the keeper addresses it. */
export interface KeptClaim {
  incidentId: bigint;
  nullifier: bigint;
}

/** One step a performUpkeep took (its UpkeepPerformed events). */
export interface UpkeepStep {
  claimId: string;
  action: KeeperAction;
  succeeded: boolean;
}

const coder = AbiCoder.defaultAbiCoder();
const CLAIMS = ["tuple(uint256 incidentId, uint256 nullifier)[]"];

/** performData for `claims` (what checkUpkeep returns, and what a member collecting their own payout sends). */
export function upkeepData(claims: readonly KeptClaim[]): string {
  return coder.encode(CLAIMS, [claims.map((c) => [c.incidentId, c.nullifier])]);
}

/**
 * The keeper contract (MutuaKeeper): the due work of finalizing and paying claims behind the standard
 * checkUpkeep / performUpkeep pair that keeper networks (Chainlink Automation and compatible ones) call.
 */
export class KeeperClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner) {
    this.address = address;
    this.contract = new Contract(address, MutuaKeeperArtifact.abi, runner);
  }

  /** The same keeper, through another signer or provider. */
  connect(runner: ContractRunner): KeeperClient {
    return new KeeperClient(this.address, runner);
  }

  /** Watches a claim until it needs nothing more (idempotent; anyone may). */
  watch(claim: KeptClaim): Promise<ContractTransactionReceipt> {
    return this.#send("watch", claim.incidentId, claim.nullifier);
  }

  /** Whether the keeper watches this claim. */
  isWatched(claim: KeptClaim): Promise<boolean> {
    return this.contract.getFunction("isWatched")(claim.incidentId, claim.nullifier);
  }

  /** How many claims the keeper watches. */
  async watchedCount(): Promise<number> {
    return Number(await this.contract.getFunction("watchedCount")());
  }

  /** The action due for a watched claim now. */
  async dueOf(claim: KeptClaim): Promise<KeeperAction> {
    return KEEPER_ACTIONS[Number(await this.contract.getFunction("dueOf")(claim.incidentId, claim.nullifier))] ?? "None";
  }

  /** checkUpkeep from watched claim `start` on (a page of MAX_SCAN): whether any is due, and the claims that are. */
  async checkUpkeep(start = 0): Promise<{ needed: boolean; performData: string; claims: KeptClaim[] }> {
    const [needed, performData] = (await this.contract.getFunction("checkUpkeep").staticCall(coder.encode(["uint256"], [start]))) as [
      boolean,
      string,
    ];
    const [decoded] = coder.decode(CLAIMS, performData);
    const claims = (decoded as [bigint, bigint][]).map(([incidentId, nullifier]) => ({ incidentId, nullifier }));
    return { needed, performData, claims };
  }

  /** Does what is due for these claims; returns the steps taken (a failed step is reported, not thrown). */
  async performUpkeep(performData: string): Promise<{ receipt: ContractTransactionReceipt; steps: UpkeepStep[] }> {
    const receipt = await this.#send("performUpkeep", performData);
    const steps = receipt.logs
      .map((log) => this.contract.interface.parseLog(log))
      .filter((parsed) => parsed?.name === "UpkeepPerformed")
      .map((parsed) => ({
        claimId: parsed?.args[0] as string,
        action: KEEPER_ACTIONS[Number(parsed?.args[1])] ?? "None",
        succeeded: parsed?.args[2] as boolean,
      }));
    return { receipt, steps };
  }

  #send(method: string, ...args: unknown[]): Promise<ContractTransactionReceipt> {
    return sendAndWait(this.contract, [MutuaKeeperArtifact.abi, MutuaMutualArtifact.abi, PrivateAssessmentArtifact.abi], method, ...args);
  }
}
