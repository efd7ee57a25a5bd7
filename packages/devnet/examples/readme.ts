import { startEmbeddedNetwork } from "@mutua/devnet";
import { Contract } from "ethers";

/** A mutual's world in one process: a chain with funded accounts, a stablecoin, an IPFS node, a status list host. */
export async function readmeExample() {
  const net = await startEmbeddedNetwork();
  try {
    const [, member] = net.chain.signers;
    if (!member) throw new Error("the chain has no second account");
    await net.mint(await member.getAddress(), 100_000_000n); // 100 of the 6-decimal stand-in stablecoin
    const token = new Contract(net.tokenAddress, ["function balanceOf(address) view returns (uint256)"], net.chain.provider);
    return {
      chainId: net.chain.chainId,
      balance: (await token.getFunction("balanceOf")(await member.getAddress())) as bigint,
      ipfsPeers: net.store.multiaddrs().map(String),
      statusLists: net.statusLists.url("example"),
    };
  } finally {
    await net.close();
  }
}
