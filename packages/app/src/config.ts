import type { MutualDeployment } from "@mutua/sdk/browser";
import { t } from "./i18n/translate.ts";
import { AppError } from "./ui/app-error.ts";

/** Where one circuit's proving artifacts are served (URLs that name their content, so they can be cached for good). */
export interface CircuitUrls {
  wasm: string;
  zkey: string;
  verificationKey: string;
}

/**
 * What the app needs to know about its mutual, served beside it as mutua.json (the devnet writes it; an operator
 * publishes theirs). Nothing in it is secret.
 */
export interface AppConfig {
  deployment: MutualDeployment;
  /** JSON-RPC endpoint the app reads the chain through (and, on a devnet, sends premiums through). */
  rpc: string;
  /** The evidence node: Kubo RPC dag/import to store, trustless gateway to read. */
  evidenceNode: string;
  /** Bearer token for the evidence node's write API, if it wants one. */
  evidenceToken?: string;
  relayer: string;
  /** The issuer's join desk: joining by a signed request, paying, and receiving the credential, nothing pasted. */
  joinDesk?: string;
  issuerDid: string;
  circuits: { eligibility: CircuitUrls; vote: CircuitUrls };
  /** A devnet: the node's unlocked account the app pays from when the browser has no Ethereum wallet. */
  devnetAccount?: number;
  /** Token display: symbol and decimals. */
  token: { symbol: string; decimals: number };
}

export async function loadConfig(url = "./mutua.json"): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-cache" });
  } catch {
    throw new AppError("CONFIG_UNREACHABLE", t("The app cannot reach its server to learn which mutual it serves. Check your connection."));
  }
  if (!response.ok) throw new AppError("CONFIG_MISSING", t("This app is not set up for a mutual yet (its mutua.json is missing)."));
  const raw = (await response.json()) as AppConfig & { deployment: MutualDeployment & { chainId: string } };
  return { ...raw, deployment: { ...raw.deployment, chainId: BigInt(raw.deployment.chainId) } };
}
