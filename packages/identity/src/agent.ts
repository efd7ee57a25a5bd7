import type {
  ICredentialPlugin,
  IDataStore,
  IDataStoreORM,
  IDIDManager,
  IKeyManager,
  IResolver,
  MinimalImportableIdentifier,
  TAgent,
} from "@veramo/core-types";
import type { Provider } from "ethers/providers";

/** The Veramo plugins an identity agent has: DIDs, keys, resolution, credentials, and its data store. */
export type IdentityAgentPlugins = IDIDManager & IKeyManager & IResolver & ICredentialPlugin & IDataStore & IDataStoreORM;

/** The Veramo agent type every part of @mutua/identity works with. */
export type IdentityAgent = TAgent<IdentityAgentPlugins>;

/** An ERC-1056 (ethr-did-registry) deployment: did:ethr identifiers on this chain resolve through it. */
export interface EthrNetwork {
  /** The DID's network segment, e.g. "mainnet", "sepolia" or "devnet": did:ethr:<name>:0x… */
  name: string;
  chainId: bigint | number;
  provider: Provider;
  registry: string;
}

/** Where an identity agent keeps its keys, and which DID methods and networks it resolves. */
export interface IdentityAgentOptions {
  /** Where keys, DIDs and credentials live. Default: memory (gone when the process ends). */
  storage?: { kind: "memory" } | { kind: "file"; path: string; secret: string };
  /** did:ethr networks to create and resolve DIDs on. */
  ethrNetworks?: readonly EthrNetwork[];
  /** Hosts whose did:web documents may be fetched over plain http (loopback in tests); all others need https. */
  didWebInsecureHosts?: readonly string[];
}

/** A created agent, with what the wallet needs beside it: key export for backups and flushing writes. */
export interface IdentityAgentHandle {
  agent: IdentityAgent;
  /** A DID with its private keys, as `didManagerImport` takes it: for encrypted backups only. */
  exportIdentifier(did: string): Promise<MinimalImportableIdentifier>;
  /** Waits until every change has been persisted (file storage); a no-op in memory. */
  flush(): Promise<void>;
}

/**
 * A Veramo 7 agent with did:key (default), did:ethr and did:web, JWT credentials (did-jwt), and a JSON
 * data store kept in memory or in one file whose private keys are encrypted with the user's secret.
 * Veramo and its plugins (~400 modules) load here, on the first agent, not when the package is imported.
 */
export async function createIdentityAgent(options: IdentityAgentOptions = {}): Promise<IdentityAgentHandle> {
  const { startVeramoAgent } = await import("./veramo-agent.ts");
  return startVeramoAgent(options);
}
