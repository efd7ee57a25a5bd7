import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { InvalidArgumentError } from "@mutua/core";
import type { MutualDeployment } from "@mutua/sdk";

/** What `mutua devnet` writes and every other command reads (`--config`, default .mutua/config.json). */
export interface MutuaConfig {
  rpc: string;
  deployment: MutualDeployment;
  issuerDid: string;
  statusListUrl: string;
  /** The devnet's IPFS node: a libp2p address to fetch from, and its pinning endpoint. */
  ipfs: { peer: string; pinApi: string };
  /** The relayer service claims go through (started by `mutua devnet`, or `mutua relayer`). */
  relayer?: string;
  /** Where role homes (agents, wallets) live. */
  home: string;
}

export { DEFAULT_CONFIG_PATH } from "./user-path.ts";

export function writeConfig(path: string, config: MutuaConfig): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(config, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
}

export function readConfig(path: string): MutuaConfig {
  if (!existsSync(path))
    throw new InvalidArgumentError("--config", `${path} does not exist: start \`mutua devnet\` first or pass --config`);
  const raw = JSON.parse(readFileSync(path, "utf8")) as MutuaConfig & { deployment: { chainId: string } };
  return { ...raw, deployment: { ...raw.deployment, chainId: BigInt(raw.deployment.chainId) } };
}
