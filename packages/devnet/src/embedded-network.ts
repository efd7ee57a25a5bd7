import { deployTestToken } from "@mutua/contracts";
import { HeliaEvidenceStore } from "@mutua/evidence";
import type { Contract } from "ethers";
import type { LocalChain } from "./local-chain.ts";
import { startLocalChain } from "./local-chain.ts";
import type { StatusListHost } from "./status-list-host.ts";
import { startStatusListHost } from "./status-list-host.ts";

/**
 * Everything a mutual needs, in this process: Hardhat's EDR chain with funded accounts, a stand-in
 * stablecoin (6 decimals), an embedded Helia node, and an HTTP host for status lists.
 */
export async function startEmbeddedNetwork(options: { ipfsDirectory?: string } = {}) {
  const chain: LocalChain = await startLocalChain();
  const [deployer] = chain.signers;
  if (!deployer) throw new Error("the local chain has no accounts");
  const token = (await deployTestToken(deployer)) as Contract;
  // Listens on loopback so other nodes (an observer, a member's own node) can fetch from it.
  const store = await HeliaEvidenceStore.create({
    listen: ["/ip4/127.0.0.1/tcp/0"],
    ...(options.ipfsDirectory ? { directory: options.ipfsDirectory } : {}),
  });
  const statusLists: StatusListHost = await startStatusListHost();
  const tokenAddress = await token.getAddress();

  /** Mints stand-in stablecoins to `to` (the deployer owns the token). */
  async function mint(to: string, amount: bigint): Promise<void> {
    await (await token.getFunction("mint")(to, amount)).wait();
  }

  return {
    chain,
    tokenAddress,
    store,
    statusLists,
    /** Mints stand-in stablecoins to `to`. */
    mint,
    /** Stops the status list host, the evidence node and the chain. */
    async close() {
      await statusLists.close();
      await store.close();
      await chain.close();
    },
  };
}

/** What `startEmbeddedNetwork` starts: the chain, the token, the evidence store, the status list host. */
export type EmbeddedNetwork = Awaited<ReturnType<typeof startEmbeddedNetwork>>;
