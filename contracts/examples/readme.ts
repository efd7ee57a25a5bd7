import { DEFAULT_MUTUAL_SETTINGS, deployGovernedMutual, deployTestToken } from "@mutua/contracts";
import { startLocalChain } from "@mutua/devnet";

/** A mutual governed by its members, deployed and read back through the typed clients. */
export async function readmeExample() {
  const chain = await startLocalChain(); // any ethers Signer on any chain works the same
  try {
    const [operator, issuer, incidentOpener, pauser] = chain.signers;
    if (!operator || !issuer || !incidentOpener || !pauser) throw new Error("the chain has too few accounts");
    const token = await deployTestToken(operator); // a stand-in stablecoin; on a real chain, the pool's token
    const { mutual, governor, timelock } = await deployGovernedMutual(operator, {
      token: await token.getAddress(),
      roles: { issuer: await issuer.getAddress(), incidentOpener: await incidentOpener.getAddress(), pauser: await pauser.getAddress() },
      parameters: { maxClaimAmount: 10_000_000_000n, quorum: 2, settlementDelay: 3_600 },
      rootWindow: DEFAULT_MUTUAL_SETTINGS.rootWindow,
      maxRootAge: DEFAULT_MUTUAL_SETTINGS.maxRootAge,
      governance: DEFAULT_MUTUAL_SETTINGS,
    });
    return {
      members: await mutual.memberCount(),
      votingRules: await governor.votingRules(),
      timelockDelay: await timelock.minDelay(),
      books: await mutual.accounts(),
    };
  } finally {
    await chain.close();
  }
}
