import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { MutualDeployment } from "@mutua/sdk";
import { InvalidArgumentError, writeFileAtomic } from "@mutua/sdk";
import type { DeploymentRecord } from "./deployment-file.ts";
import { findDeploymentFile, readDeploymentFile, toMutualDeployment } from "./deployment-file.ts";
import { userPath } from "./user-path.ts";

/** What `mutua devnet` writes and every other command reads (`--config`, default .mutua/config.json). */
export interface MutuaConfig {
  /** One JSON-RPC URL, or several of the same chain (a quorum of them must agree). */
  rpc: string | string[];
  deployment: MutualDeployment;
  issuerDid: string;
  statusListUrl: string;
  /**
   * Where evidence goes: the devnet's IPFS node (a libp2p address to connect to) and IPFS Pinning Service API
   * endpoints that replicate it (the devnet's own, or an operator's services).
   */
  ipfs: { peer?: string; pinningServices: string[]; gateways?: string[] };
  /** The relayer service claims go through (started by `mutua devnet`, or `mutua relayer`). */
  relayer?: string;
  /** The issuer's join desk (`mutua issuer desk`, started by `mutua devnet`): `member join` asks there. */
  joinDesk?: string;
  /** The issuer's OpenID4VCI endpoint (`<origin>/oid4vci`), where standard wallets get the membership. */
  credentialIssuer?: string;
  /** Where role homes (agents, wallets) live. */
  home: string;
  /** A deployment file this config came from: checked against the chain before anything is sent. */
  record?: DeploymentRecord;
  /** Blocks to wait after inclusion before a transaction counts as done. */
  confirmations?: number;
}

/** The options every command takes that choose the mutual and the chain. */
export interface ConfigOptions {
  config: string;
  deployment?: string;
  rpc?: string[];
  confirmations?: string;
}

export { DEFAULT_CONFIG_PATH } from "./user-path.ts";

export function writeConfig(path: string, config: MutuaConfig): void {
  writeFileAtomic(path, `${JSON.stringify(config, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
}

export function readConfig(path: string): MutuaConfig {
  if (!existsSync(path))
    throw new InvalidArgumentError(
      "--config",
      `${path} does not exist: start \`mutua devnet\` first, or name a deployment with --deployment and --rpc`,
    );
  const raw = JSON.parse(readFileSync(path, "utf8")) as MutuaConfig & { deployment: { chainId: string } };
  return { ...raw, deployment: { ...raw.deployment, chainId: BigInt(raw.deployment.chainId) } };
}

/**
 * The mutual and chain a command works with: a named deployment (`--deployment`, from deployments/) with
 * `--rpc` URLs (or $MUTUA_RPC, comma-separated), or the config `mutua devnet` wrote; `--rpc` overrides
 * the config's chain either way.
 */
export function loadConfig(options: ConfigOptions): MutuaConfig {
  const rpc = options.rpc?.length ? options.rpc : process.env.MUTUA_RPC ? process.env.MUTUA_RPC.split(",") : undefined;
  const confirmations = options.confirmations === undefined ? undefined : Number(options.confirmations);
  if (confirmations !== undefined && (!Number.isInteger(confirmations) || confirmations < 1 || confirmations > 64)) {
    throw new InvalidArgumentError("--confirmations", `"${options.confirmations}" is not a number of blocks from 1 to 64`);
  }
  const extra = confirmations === undefined ? {} : { confirmations };
  if (options.deployment) {
    const record = readDeploymentFile(findDeploymentFile(userPath("."), options.deployment));
    if (!rpc) throw new InvalidArgumentError("--rpc", `say which RPC node(s) serve chain ${record.chainId}: --rpc <url> (or $MUTUA_RPC)`);
    return {
      rpc,
      deployment: toMutualDeployment(record),
      issuerDid: record.issuerDid,
      statusListUrl: record.statusListUrl,
      ipfs: { pinningServices: record.pinningServices },
      ...(record.relayer ? { relayer: record.relayer } : {}),
      ...(record.joinDesk ? { joinDesk: record.joinDesk } : {}),
      home: dirname(options.config),
      record,
      ...extra,
    };
  }
  const config = readConfig(options.config);
  return { ...config, ...(rpc ? { rpc } : {}), ...extra };
}
