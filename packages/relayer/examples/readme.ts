import type { MutuaError } from "@mutua/core";
import { startLocalChain } from "@mutua/devnet";
import { RelayerClient, startRelayer } from "@mutua/relayer";

/** A relayer sends claims from its own account, for the mutuals it serves and nothing else. */
export async function readmeExample() {
  const chain = await startLocalChain(); // any ethers Signer on any chain works the same
  const [account] = chain.signers;
  if (!account) throw new Error("the chain has no accounts");
  const mutual = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const relayer = await startRelayer({ signer: account, mutuals: [mutual] });
  try {
    const client = new RelayerClient(relayer.url);
    const health = await client.health();
    const elsewhere = await client
      .submit("0x000000000000000000000000000000000000dEaD", {
        incidentId: 1n,
        root: 1n,
        nullifier: 1n,
        amount: 1n,
        recipient: mutual,
        evidenceCid: new Uint8Array([0x01, 0x70, 0x12, 0x20, ...new Uint8Array(32)]), // a dag-pb sha2-256 CIDv1
        proof: Array(8).fill(0n),
      })
      .then(
        () => "sent",
        (error: MutuaError) => error.code,
      );
    return { sender: health.address, serves: health.mutuals, elsewhere };
  } finally {
    await relayer.close();
    await chain.close();
  }
}
