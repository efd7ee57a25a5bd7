import { deployTestToken, startLocalRpcServer, startStatusListHost } from "@mutua/devnet";
import { Assessor, connectChain, createIdentityAgent, MemberWallet, MutualAdmin, MutualKeeper, startRelayer } from "@mutua/sdk";
import { HDNodeWallet, Mnemonic } from "ethers";

/**
 * Run your own mutual: contracts deployed on a chain reached by URL, each operator power on a key of its own, the
 * issuer's revocation list published, a relayer and a keeper running. Here the chain is the devnet's, served over
 * JSON-RPC, with its well-known keys; on a real chain, give your RPC URLs, keys from your vault and your stablecoin.
 */
export async function runYourOwnMutual() {
  const rpc = await startLocalRpcServer();
  const chain = await connectChain({ urls: [rpc.url] });
  const [operator, issuerKey, relayerKey, keeperKey, treasury] = [0, 1, 2, 3, 4].map((i) => devnetKey(i).connect(chain.provider));
  if (!operator || !issuerKey || !relayerKey || !keeperKey || !treasury) throw new Error("keys missing");
  const token = await deployTestToken(operator); // on a real chain: the address of the stablecoin premiums are paid in

  // The issuer: a DID that signs membership credentials, and its revocation list on the mutual's website.
  const website = await startStatusListHost();
  const issuer = (await createIdentityAgent()).agent;
  const issuerDid = (await issuer.didManagerCreate()).did;
  // The first assessor's seat (later seats are appointed by the members' vote).
  const assessor = await MemberWallet.open(await createIdentityAgent());
  const assessorDid = await assessor.did();

  const admin = await MutualAdmin.deploy({
    signer: operator,
    keys: { issuer: issuerKey },
    name: "Harbor Fishers Mutual",
    token: await token.getAddress(),
    issuer: { agent: issuer, did: issuerDid, statusListUrl: website.url("members") },
    assessorSeats: (mutual) => [Assessor.seatOf(assessor, mutual, assessorDid)],
    settings: { maxClaimAmount: 10_000_000_000n },
  });
  website.publish("members", () => admin.issuer.statusListCredential());

  // Claims go through a relayer (its own key pays the gas), decided claims are paid by a keeper.
  const relayer = await startRelayer({ signer: relayerKey, mutuals: [admin.deployment.mutual] });
  const keeper = new MutualKeeper({ signer: keeperKey, deployment: admin.deployment });

  return {
    admin,
    relayer,
    keeper,
    chain,
    /** Sends stand-in stablecoins and gas to a member's paying account (on a real chain they hold their own). */
    fund: async (to: string, amount: bigint) => {
      await (await token.getFunction("mint")(to, amount)).wait();
      await (await treasury.sendTransaction({ to, value: 10n ** 17n })).wait();
    },
    async close() {
      await relayer.close();
      await website.close();
      await rpc.close();
    },
  };
}

/** The devnet's account `index` (Hardhat's public test mnemonic: never hold real funds with these keys). */
function devnetKey(index: number): HDNodeWallet {
  const mnemonic = Mnemonic.fromPhrase("test test test test test test test test test test test junk");
  return HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${index}`);
}
