import type { ChainConnection } from "@mutua/sdk/browser";
import { connectChain } from "@mutua/sdk/browser";
import type { Signer } from "ethers";
import { BrowserProvider, JsonRpcProvider } from "ethers";
import type { AppConfig } from "../config.ts";
import { t } from "../i18n/translate.ts";
import { AppError } from "../ui/app-error.ts";

/** The chain, read through the mutual's RPC endpoint (checked to be the mutual's chain first). */
export function readChain(config: AppConfig): Promise<ChainConnection> {
  return connectChain({ urls: [config.rpc], chainId: config.deployment.chainId, pollingIntervalMs: 500 });
}

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/**
 * The account that pays premiums: the browser's Ethereum wallet (EIP-1193, `window.ethereum`), checked to be on the
 * mutual's chain; on a devnet without one, the node's built-in account the devnet names.
 */
export async function payingAccount(config: AppConfig): Promise<{ signer: Signer; source: "browser wallet" | "devnet account" }> {
  const ethereum = (globalThis as { ethereum?: Eip1193 }).ethereum;
  if (ethereum) {
    const provider = new BrowserProvider(ethereum);
    try {
      await provider.send("eth_requestAccounts", []);
    } catch {
      throw new AppError(
        "WALLET_REFUSED",
        t("Your Ethereum wallet did not share an account: allow this site in the wallet, then try again."),
      );
    }
    const { chainId } = await provider.getNetwork();
    if (chainId !== config.deployment.chainId) {
      throw new AppError(
        "WRONG_CHAIN",
        t("Your Ethereum wallet is on chain {theirs}; switch it to chain {ours}, the mutual's.", {
          theirs: chainId.toString(),
          ours: config.deployment.chainId.toString(),
        }),
      );
    }
    return { signer: await provider.getSigner(), source: "browser wallet" };
  }
  if (config.devnetAccount !== undefined) {
    const provider = new JsonRpcProvider(config.rpc, Number(config.deployment.chainId), { staticNetwork: true, cacheTimeout: -1 });
    return { signer: await provider.getSigner(config.devnetAccount), source: "devnet account" };
  }
  throw new AppError(
    "NO_ETHEREUM_WALLET",
    t("Paying needs an Ethereum wallet in this browser (a wallet extension or a wallet app's browser)."),
  );
}

/** The paying account's kind, in words, as in "Asking your browser wallet to pay". */
export function accountWords(source: "browser wallet" | "devnet account"): string {
  return source === "browser wallet" ? t("browser wallet") : t("devnet account");
}
