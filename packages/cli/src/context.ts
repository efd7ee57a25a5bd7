import { join } from "node:path";
import { InvalidArgumentError } from "@mutua/core";
import type { HeliaEvidenceStore } from "@mutua/evidence";
import type { IdentityAgentHandle } from "@mutua/identity";
import type { Signer } from "ethers";
import { JsonRpcProvider, Network, Wallet } from "ethers";
import type { MutuaConfig } from "./config.ts";

export interface GlobalOptions {
  config: string;
  json?: boolean;
  secret?: string;
}

export interface AccountOptions {
  /** Index or address of an account the RPC node unlocks (devnets). */
  account?: string;
  /** A private key (real networks); or MUTUA_PRIVATE_KEY. */
  key?: string;
}

export function providerFor(config: Pick<MutuaConfig, "rpc"> & { deployment?: { chainId: bigint } }, rpc?: string): JsonRpcProvider {
  // The config knows the chain: with it static, ethers never probes the network (a dead RPC fails the first
  // request at once instead of being retried every second). Local chains mine instantly: no caching, quick polling.
  const chainId = config.deployment?.chainId;
  const network = chainId === undefined ? undefined : Network.from(chainId);
  return new JsonRpcProvider(rpc ?? config.rpc, network, { cacheTimeout: -1, pollingInterval: 100, staticNetwork: network ?? true });
}

export async function signerFor(provider: JsonRpcProvider, options: AccountOptions, fallbackAccount: number): Promise<Signer> {
  const key = options.key ?? process.env.MUTUA_PRIVATE_KEY;
  if (key) return new Wallet(key, provider);
  const account = options.account ?? String(fallbackAccount);
  return /^\d+$/.test(account) ? provider.getSigner(Number(account)) : provider.getSigner(account);
}

/** The storage secret for a role's agent and vault: --secret or MUTUA_SECRET. */
export function storageSecret(global: GlobalOptions): string {
  const secret = global.secret ?? process.env.MUTUA_SECRET;
  if (!secret) throw new InvalidArgumentError("--secret", "set MUTUA_SECRET (or pass --secret): it encrypts the keys kept on disk");
  return secret;
}

export function roleHome(config: MutuaConfig, role: string, name: string): string {
  return join(config.home, role, name);
}

/** A role's Veramo agent kept in its home directory, keys encrypted with the storage secret. */
export async function openAgent(home: string, secret: string): Promise<IdentityAgentHandle> {
  // Veramo loads only for commands that need an agent.
  const { createIdentityAgent } = await import("@mutua/identity");
  return createIdentityAgent({ storage: { kind: "file", path: join(home, "agent.json"), secret } });
}

/** This process's own IPFS node (kept in the role's home), connected to the devnet's node. */
export async function openStore(config: MutuaConfig, home: string): Promise<HeliaEvidenceStore> {
  // Helia and libp2p load only for commands that move evidence.
  const [{ HeliaEvidenceStore }, { multiaddr }] = await Promise.all([import("@mutua/evidence"), import("@multiformats/multiaddr")]);
  const store = await HeliaEvidenceStore.create({ directory: join(home, "ipfs"), listen: ["/ip4/127.0.0.1/tcp/0"] });
  await store.connect(multiaddr(config.ipfs.peer));
  return store;
}
