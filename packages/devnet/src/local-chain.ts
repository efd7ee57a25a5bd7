import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JsonRpcSigner } from "ethers";
import { BrowserProvider } from "ethers";

/** An in-process EVM (Hardhat's EDR): the embedded default chain for tests and the demo. */
export interface LocalChain {
  provider: BrowserProvider;
  /** The chain's funded accounts (20 of them). */
  signers: JsonRpcSigner[];
  chainId: bigint;
  /** Moves block time forward and mines a block. */
  increaseTime(seconds: number | bigint): Promise<void>;
  /** The latest block's timestamp. */
  latestTimestamp(): Promise<bigint>;
  /** Stops the chain. */
  close(): Promise<void>;
}

/** Hardhat is loaded only when a local chain is started: clients of a remote chain never pay for it. */
async function hardhatRuntime() {
  const { createHardhatRuntimeEnvironment } = await import("hardhat/hre");
  return createHardhatRuntimeEnvironment({}, {}, join(dirname(fileURLToPath(import.meta.url)), ".."));
}

/** `chainId`: pretend to be another chain (default Hardhat's 31337), e.g. to test what is refused on real chains. */
export async function startLocalChain(options: { chainId?: number } = {}): Promise<LocalChain> {
  const hre = await hardhatRuntime();
  const connection = await hre.network.connect(options.chainId ? ({ override: { chainId: options.chainId } } as never) : undefined);
  // ethers caches identical requests for 250 ms by default: on a chain that mines instantly, a repeated
  // estimateGas would return the previous (stale) answer.
  const provider = new BrowserProvider(connection.provider, undefined, { pollingInterval: 50, cacheTimeout: -1 });
  const accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
  const signers = await Promise.all(accounts.map((account) => provider.getSigner(account)));
  const { chainId } = await provider.getNetwork();
  return {
    provider,
    signers,
    chainId,
    async increaseTime(seconds) {
      await connection.provider.request({ method: "evm_increaseTime", params: [Number(seconds)] });
      await connection.provider.request({ method: "evm_mine", params: [] });
    },
    async latestTimestamp() {
      const block = await provider.getBlock("latest");
      return BigInt(block?.timestamp ?? 0);
    },
    async close() {
      provider.destroy();
      await connection.close();
    },
  };
}

/**
 * Hardhat's EDR chain served over JSON-RPC (HTTP and WebSocket), for other processes: `mutua devnet`.
 * Its 20 accounts are unlocked (eth_sendTransaction works for them) and funded.
 */
export async function startLocalRpcServer(options: { host?: string; port?: number } = {}) {
  const hre = await hardhatRuntime();
  const server = await hre.network.createServer(undefined, options.host ?? "127.0.0.1", options.port ?? 0);
  const { address, port } = await server.listen();
  return {
    url: `http://${address}:${port}`,
    port,
    /** Stops the server and the chain behind it. */
    close: () => server.close(),
  };
}
