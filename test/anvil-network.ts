// Anvil (Foundry's EVM, from npm) as a separate process: the "real chain" for tests. Same shape as the
// embedded network (chain, token, IPFS node, status-list host), so the same test world runs on either; the
// accounts are wallets that sign locally, as on a public chain (Anvil's unlocked accounts are not used).
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { deployTestToken, ResilientSigner } from "@mutua/contracts";
import type { EmbeddedNetwork } from "@mutua/devnet";
import { startStatusListHost } from "@mutua/devnet";
import { HeliaEvidenceStore } from "@mutua/evidence";
import type { Contract } from "ethers";
import { HDNodeWallet, JsonRpcProvider, Mnemonic } from "ethers";
import { freePort } from "./devnet-process.ts";

/** Anvil's default test mnemonic: its accounts are funded with ETH at genesis. */
const MNEMONIC = "test test test test test test test test test test test junk";

/** Anvil's account `index` as a wallet that signs locally (its private key is in `.privateKey`). */
export function anvilWallet(index: number): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(MNEMONIC), `m/44'/60'/0'/0/${index}`);
}

export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");
}

/** Starts `anvil` on a free loopback port; resolves when it answers JSON-RPC. */
export async function startAnvil(
  options: { chainId?: number } = {},
): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--accounts",
    "20",
    ...(options.chainId ? ["--chain-id", String(options.chainId)] : []),
  ];
  const child = spawn(anvilBinary(), args, { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
    })
      .then((r) => r.ok)
      .catch(() => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { url, process: child, stop };
}

/** A network like startEmbeddedNetwork's, on an Anvil process. */
export async function startAnvilNetwork(options: { chainId?: number } = {}): Promise<EmbeddedNetwork & { rpcUrl: string }> {
  const anvil = await startAnvil(options);
  const provider = new JsonRpcProvider(anvil.url, undefined, { pollingInterval: 50, cacheTimeout: -1 });
  const { chainId } = await provider.getNetwork();
  const signers = Array.from({ length: 20 }, (_, i) => {
    const wallet = anvilWallet(i).connect(provider);
    // Nonces assigned as Mutua's own services assign them on a real chain (one path for every signer): a
    // transaction refused at estimation uses none (ethers' NonceManager counted it, leaving a gap that stalls the
    // account), and the relayer service shares the instance, so its account never races itself.
    return new ResilientSigner(wallet);
  });
  const chain = {
    provider,
    signers,
    chainId,
    async increaseTime(seconds: number | bigint) {
      await provider.send("evm_increaseTime", [Number(seconds)]);
      await provider.send("evm_mine", []);
    },
    async latestTimestamp() {
      return BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    },
    async close() {
      provider.destroy();
      await anvil.stop();
    },
  };
  const [deployer] = signers;
  if (!deployer) throw new Error("no accounts");
  const token = (await deployTestToken(deployer)) as Contract;
  const tokenAddress = await token.getAddress();
  const store = await HeliaEvidenceStore.create({ listen: ["/ip4/127.0.0.1/tcp/0"] });
  const statusLists = await startStatusListHost();
  return {
    chain: chain as unknown as EmbeddedNetwork["chain"],
    rpcUrl: anvil.url,
    tokenAddress,
    store,
    statusLists,
    async mint(to: string, amount: bigint) {
      await (await token.getFunction("mint")(to, amount)).wait();
    },
    async close() {
      await statusLists.close();
      await store.close();
      await chain.close();
    },
  };
}
