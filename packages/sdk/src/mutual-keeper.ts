import type { UpkeepStep } from "@mutua/contracts";
import { KeeperClient, MutuaMutualClient } from "@mutua/contracts";
import { MutuaError } from "@mutua/core";
import type { Signer } from "ethers/providers";
import type { MutualDeployment } from "./mutual-admin.ts";

/** One round of keeping: claims newly watched, and the steps performUpkeep took. */
export interface KeeperRound {
  watched: number;
  steps: UpkeepStep[];
}

/**
 * The mutual's own keeper: what a keeper network does for the keeper contract, for a mutual that runs it itself
 * (`mutua keeper`, the devnet). Each round watches the claims filed since the last round (from ClaimFiled events;
 * the contract accepts only claims the mutual knows) and runs checkUpkeep / performUpkeep over every page of
 * watched claims, so every claim is finalized once its reveal window closes and paid once its cooldown passes.
 * It holds no power: everything it sends, anyone may send.
 */
export class MutualKeeper {
  readonly #keeper: KeeperClient;
  readonly #mutual: MutuaMutualClient;
  #fromBlock: number;

  constructor(options: { signer: Signer; deployment: MutualDeployment }) {
    const address = options.deployment.keeper;
    if (!address) throw new MutuaError("NO_KEEPER", "this deployment has no keeper contract (it was deployed before keepers existed)");
    this.#keeper = new KeeperClient(address, options.signer);
    this.#mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    this.#fromBlock = options.deployment.fromBlock;
  }

  /** Does what is due once: settles, lapses and closes what the chain allows now. */
  async runOnce(): Promise<KeeperRound> {
    const provider = this.#keeper.contract.runner?.provider;
    const head = (await provider?.getBlockNumber()) ?? this.#fromBlock;
    let watched = 0;
    for (const claim of await this.#mutual.claimsWithStatus(this.#fromBlock)) {
      if (!["Filed", "Appealed", "Approved"].includes(claim.status.status) || (await this.#keeper.isWatched(claim))) continue;
      await this.#keeper.watch(claim);
      watched += 1;
    }
    this.#fromBlock = head + 1;
    const steps: UpkeepStep[] = [];
    const pages = Math.ceil((await this.#keeper.watchedCount()) / 256);
    for (let page = pages - 1; page >= 0; page--) {
      // From the last page down: claims forgotten on one page move down from the end, never into an unread page.
      const due = await this.#keeper.checkUpkeep(page * 256);
      if (due.needed) steps.push(...(await this.#keeper.performUpkeep(due.performData)).steps);
    }
    return { watched, steps };
  }
}
