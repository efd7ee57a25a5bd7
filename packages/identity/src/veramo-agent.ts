// The Veramo agent behind createIdentityAgent (agent.ts), in its own module so that Veramo loads on first use.
import { createAgent } from "@veramo/core";
import type { MinimalImportableIdentifier } from "@veramo/core-types";
import { CredentialProviderJWT } from "@veramo/credential-jwt";
import { CredentialPlugin } from "@veramo/credential-w3c";
import type { VeramoJsonStore } from "@veramo/data-store-json";
import { DataStoreJson, DIDStoreJson, KeyStoreJson, PrivateKeyStoreJson } from "@veramo/data-store-json";
import type { AbstractIdentifierProvider } from "@veramo/did-manager";
import { DIDManager } from "@veramo/did-manager";
import { EthrDIDProvider } from "@veramo/did-provider-ethr";
import { getDidKeyResolver, KeyDIDProvider } from "@veramo/did-provider-key";
import { WebDIDProvider } from "@veramo/did-provider-web";
import { DIDResolverPlugin } from "@veramo/did-resolver";
import { KeyManager } from "@veramo/key-manager";
import { KeyManagementSystem, SecretBox } from "@veramo/kms-local";
import { getResolver as ethrDidResolver } from "ethr-did-resolver";
import type { IdentityAgentHandle, IdentityAgentOptions, IdentityAgentPlugins } from "./agent.ts";
import { didWebResolver } from "./did-web.ts";
import { FileJsonStore } from "./file-json-store.ts";

const KMS = "local";

/** createIdentityAgent's work, in the module that loads Veramo. */
export async function startVeramoAgent(options: IdentityAgentOptions = {}): Promise<IdentityAgentHandle> {
  const storage = options.storage ?? { kind: "memory" };
  const store: VeramoJsonStore & { flush?: () => Promise<void> } =
    storage.kind === "file" ? await FileJsonStore.open(storage.path, storage.secret) : memoryStore();
  // In memory too, so keys never sit in the store in plaintext (and Veramo does not warn).
  const secretBox = store instanceof FileJsonStore ? store.secretBox : new SecretBox(await SecretBox.createSecretKey());

  const privateKeys = new PrivateKeyStoreJson(store, secretBox);
  const ethrNetworks = (options.ethrNetworks ?? []).map((network) => ({
    name: network.name,
    chainId: BigInt(network.chainId),
    provider: network.provider,
    registry: network.registry,
  }));
  const providers: Record<string, AbstractIdentifierProvider> = {
    "did:key": new KeyDIDProvider({ defaultKms: KMS }),
    "did:web": new WebDIDProvider({ defaultKms: KMS }),
  };
  if (ethrNetworks.length > 0) {
    providers["did:ethr"] = new EthrDIDProvider({ defaultKms: KMS, networks: ethrNetworks });
  }

  const agent = createAgent<IdentityAgentPlugins>({
    plugins: [
      new KeyManager({ store: new KeyStoreJson(store), kms: { [KMS]: new KeyManagementSystem(privateKeys) } }),
      new DIDManager({ store: new DIDStoreJson(store), defaultProvider: "did:key", providers }),
      new DIDResolverPlugin({
        ...getDidKeyResolver(),
        // ethr-did-resolver's types come from ethers' CommonJS build, ours from its ESM build: same runtime class.
        ...(ethrNetworks.length > 0 ? ethrDidResolver({ networks: ethrNetworks } as unknown as Parameters<typeof ethrDidResolver>[0]) : {}),
        ...didWebResolver({ insecureHosts: options.didWebInsecureHosts ?? [] }),
      }),
      new CredentialPlugin([new CredentialProviderJWT()]),
      new DataStoreJson(store),
    ],
  });
  async function exportIdentifier(did: string): Promise<MinimalImportableIdentifier> {
    const identifier = await agent.didManagerGet({ did });
    const keys = await Promise.all(
      identifier.keys.map(async (key) => ({ ...key, privateKeyHex: (await privateKeys.getKey({ alias: key.kid })).privateKeyHex })),
    );
    return { ...identifier, keys };
  }
  return { agent, exportIdentifier, flush: () => store.flush?.() ?? Promise.resolve() };
}

function memoryStore(): VeramoJsonStore {
  return {
    notifyUpdate: async () => {},
    dids: {},
    keys: {},
    privateKeys: {},
    credentials: {},
    claims: {},
    presentations: {},
    messages: {},
  };
}
