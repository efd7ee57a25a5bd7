import { deployTestToken } from "@mutua/devnet";
import { connectChain, InvalidArgumentError, MutuaError } from "@mutua/sdk";
import type { Contract } from "ethers";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { signerFor } from "../context.ts";
import { parseAccountAddress, parseUsdc } from "../inputs.ts";
import { report } from "../output.ts";

/** Chains where value is real: a test token anyone can mint does not belong there. */
const MAINNETS = new Set([1n, 10n, 56n, 100n, 137n, 8453n, 42161n, 43114n]);

/**
 * Deploys a test stablecoin (6 decimals, anyone may mint: for test networks only) to the chain behind --rpc and
 * mints `--amount` to each `--mint` address, so a mutual can be tried on a public testnet before real money.
 * Prints the token's address for `mutua deploy --token`.
 */
export async function deployTestTokenCommand(
  global: GlobalOptions,
  options: AccountOptions & { mint: string[]; amount: string },
): Promise<void> {
  const urls = global.rpc?.length ? global.rpc : process.env.MUTUA_RPC?.split(",");
  if (!urls?.length) throw new InvalidArgumentError("--rpc", "say which chain: --rpc <url>");
  if (!options.key && !options.keystore && !process.env.MUTUA_PRIVATE_KEY && options.account === undefined) {
    throw new InvalidArgumentError("--key", "deploying needs a key: --key, --keystore or $MUTUA_PRIVATE_KEY");
  }
  const recipients = options.mint.map((address) => parseAccountAddress(address, "--mint"));
  const amount = parseUsdc(options.amount, "--amount");
  const { chainId } = await connectChain({ urls });
  if (MAINNETS.has(chainId)) {
    throw new MutuaError("NOT_A_TEST_NETWORK", `chain ${chainId} is a main network: a token anyone can mint must not be deployed there`);
  }
  const config = {
    rpc: urls,
    deployment: { chainId, mutual: "", token: "", governance: "", governor: "", assessment: "", fromBlock: 0, name: "" },
    issuerDid: "",
    statusListUrl: "",
    ipfs: { pinningServices: [] },
    home: ".mutua",
  };
  const signer = await signerFor(config, options, 0);
  const token = (await deployTestToken(signer)) as Contract;
  const address = await token.getAddress();
  for (const to of recipients) await (await token.getFunction("mint")(to, amount)).wait();
  report(global.json, { token: address, chainId: chainId.toString(), minted: recipients }, [
    `test token (mUSD, 6 decimals, anyone may mint) at ${address} on chain ${chainId}`,
    ...recipients.map((to) => `  minted ${options.amount} to ${to}`),
    `deploy a mutual on it: mutua --rpc <url> deploy --token ${address} …`,
  ]);
}
