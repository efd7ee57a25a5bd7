import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { IdentityAgentHandle, ReplicatedEvidenceStore } from "@mutua/sdk";
import { InvalidArgumentError } from "@mutua/sdk";
import type { Provider, Signer } from "ethers";
import { JsonRpcProvider, VoidSigner, Wallet, ZeroAddress } from "ethers";
import type { ConfigOptions, MutuaConfig } from "./config.ts";
import { assertDeploymentOnChain, slug } from "./deployment-file.ts";
import { userPath } from "./user-path.ts";

export interface GlobalOptions extends ConfigOptions {
  json?: boolean;
  secret?: string;
}

export interface AccountOptions {
  /** Index or address of an account the RPC node unlocks (devnets). */
  account?: string;
  /** A private key (real networks); or MUTUA_PRIVATE_KEY. */
  key?: string;
  /** An encrypted JSON keystore (its password: $MUTUA_KEYSTORE_PASSWORD). */
  keystore?: string;
}

/** A JSON-RPC provider for the devnet's own chain (known to be local, mining instantly). */
export function localProvider(url: string): JsonRpcProvider {
  return new JsonRpcProvider(url, undefined, { cacheTimeout: -1, pollingInterval: 100 });
}

const chains = new Map<MutuaConfig, Promise<Provider>>();

/**
 * The chain of the config: every RPC URL asked its chain id first (not an EVM node, another chain: refused
 * before anything is sent), several URLs behind a quorum, and a deployment file checked against the chain.
 */
export function chainFor(config: MutuaConfig): Promise<Provider> {
  let chain = chains.get(config);
  if (!chain) {
    chain = (async () => {
      const { connectChain } = await import("@mutua/sdk");
      const urls = typeof config.rpc === "string" ? [config.rpc] : config.rpc;
      const { provider } = await connectChain({ urls, chainId: config.deployment.chainId });
      if (config.record) await assertDeploymentOnChain(config.record, provider);
      return provider;
    })();
    chains.set(config, chain);
  }
  return chain;
}

/**
 * The account a command sends from: a key or keystore (signing locally, nonces and fees handled, dropped
 * transactions re-sent), or on a devnet an account its node unlocks.
 */
export async function signerFor(config: MutuaConfig, options: AccountOptions, fallbackAccount: number): Promise<Signer> {
  const provider = await chainFor(config);
  const { ResilientSigner } = await import("@mutua/sdk");
  const resilient = (wallet: Signer) => new ResilientSigner(wallet, { confirmations: config.confirmations ?? 1 });
  const key = options.key ?? process.env.MUTUA_PRIVATE_KEY;
  if (key) {
    try {
      return resilient(new Wallet(key, provider));
    } catch {
      throw new InvalidArgumentError("--key", "is not a private key (0x and 64 hex digits)");
    }
  }
  if (options.keystore) {
    const password = process.env.MUTUA_KEYSTORE_PASSWORD;
    if (password === undefined) throw new InvalidArgumentError("--keystore", "set MUTUA_KEYSTORE_PASSWORD to the keystore's password");
    const path = userPath(options.keystore);
    if (!existsSync(path)) throw new InvalidArgumentError("--keystore", `there is no keystore file ${path}`);
    const json = readFileSync(path, "utf8");
    const wallet = await Wallet.fromEncryptedJson(json, password).catch(() => {
      throw new InvalidArgumentError("--keystore", `${options.keystore} does not open with MUTUA_KEYSTORE_PASSWORD`);
    });
    return resilient(wallet.connect(provider));
  }
  if (!(provider instanceof JsonRpcProvider)) {
    throw new InvalidArgumentError("--key", "several RPC endpoints have no shared unlocked accounts: pass --key or --keystore");
  }
  // Outside a devnet, a node's unlocked account is never taken silently: without --key, --keystore or --account the
  // command reads the chain, and anything it would sign is refused with the flags that would sign it.
  if (config.record && options.account === undefined) return new KeylessSigner(provider);
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

/** Where a member's wallet keeps its copy of a mutual's member tree (claims and status sync it). */
export function memberTreeDirectory(config: MutuaConfig, walletHome: string): string {
  return join(walletHome, "member-tree", `${config.deployment.chainId}-${config.deployment.mutual.toLowerCase()}`);
}

/** The issuer's home of a named deployment: its agent (DID keys), issued-credential log and status list. */
export function issuerHome(home: string, chainId: bigint, name: string): string {
  return join(home, "issuer", `${chainId}-${slug(name)}`);
}

/** The issuer's home for this config: a named deployment's own, or the devnet's. */
export function issuerHomeOf(config: MutuaConfig): string {
  return config.record ? issuerHome(config.home, config.deployment.chainId, config.deployment.name) : roleHome(config, "issuer", "mutual");
}

/** A role's Veramo agent kept in its home directory, keys encrypted with the storage secret. */
export async function openAgent(home: string, secret: string): Promise<IdentityAgentHandle> {
  // Veramo loads only for commands that need an agent (the SDK loads it on the first agent).
  const { createIdentityAgent } = await import("@mutua/sdk");
  return createIdentityAgent({ storage: { kind: "file", path: join(home, "agent.json"), secret } });
}

/**
 * The role's agent, opened only when something calls it: a command that reads the wallet's vault and never signs
 * (a vote: the proof is made from the vault's secret) skips the agent store's key derivation and the agent's
 * set-up. Every agent method is asynchronous, so a call simply waits for the opening.
 */
export function openAgentWhenUsed(home: string, secret: string): IdentityAgentHandle {
  let opened: Promise<IdentityAgentHandle> | undefined;
  const real = () => {
    opened ??= openAgent(home, secret);
    return opened;
  };
  const agent = new Proxy({} as IdentityAgentHandle["agent"], {
    // "then" stays undefined: the proxy must not look like a promise to `await`.
    get: (_target, method) =>
      method === "then"
        ? undefined
        : async (...args: unknown[]) => {
            const handle = await real();
            return (handle.agent as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[method]?.(...args);
          },
  });
  return {
    agent,
    exportIdentifier: async (did) => (await real()).exportIdentifier(did),
    flush: async () => {
      if (opened) await (await opened).flush();
    },
  };
}

/**
 * This process's own IPFS node (kept in the role's home), connected to the devnet's node, with the mutual's
 * pinning services: evidence added here is pinned by them before a claim is filed, and reads fall back
 * across their trustless gateways, verifying every block. $MUTUA_PINNING_TOKEN is sent as a bearer token.
 */
export async function openStore(config: MutuaConfig, home: string | undefined): Promise<ReplicatedEvidenceStore> {
  // Helia and libp2p load only for commands that move evidence.
  const [{ HeliaEvidenceStore, PinningServiceClient, ReplicatedEvidenceStore }, { multiaddr }] = await Promise.all([
    import("@mutua/sdk"),
    import("@multiformats/multiaddr"),
  ]);
  const local = await HeliaEvidenceStore.create({ ...(home ? { directory: join(home, "ipfs") } : {}), listen: ["/ip4/127.0.0.1/tcp/0"] });
  if (config.ipfs.peer) await local.connect(multiaddr(config.ipfs.peer)).catch(() => {});
  const token = process.env.MUTUA_PINNING_TOKEN;
  const services = config.ipfs.pinningServices.map((endpoint) => new PinningServiceClient({ endpoint, ...(token ? { token } : {}) }));
  return new ReplicatedEvidenceStore(local, { services, ...(config.ipfs.gateways ? { gateways: config.ipfs.gateways } : {}) });
}

/** Reads the chain; refuses to sign, naming the flags that give it a key (a real deployment without one). */
class KeylessSigner extends VoidSigner {
  constructor(provider: Provider) {
    super(ZeroAddress, provider);
  }

  override connect(provider: Provider | null): KeylessSigner {
    return new KeylessSigner(provider ?? (this.provider as Provider));
  }

  override sendTransaction(): never {
    throw keyNeeded();
  }

  override signTransaction(): never {
    throw keyNeeded();
  }

  override signMessage(): never {
    throw keyNeeded();
  }

  override signTypedData(): never {
    throw keyNeeded();
  }
}

function keyNeeded(): InvalidArgumentError {
  return new InvalidArgumentError(
    "--key",
    "this step signs on a real deployment: pass --key, --keystore or $MUTUA_PRIVATE_KEY (or --account to use an account the node unlocks)",
  );
}
