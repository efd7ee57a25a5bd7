// Talking to a real chain (Anvil, a separate process) through endpoints that fail the ways real ones do: one
// that goes away, one that lags behind and answers from an old block, one that refuses wide eth_getLogs
// ranges; and sending with a key whose transaction is dropped from the mempool, whose nonce is used
// elsewhere, or that has no funds.
import { connectChain, deployTestToken, MutuaMutualClient, ResilientSigner } from "@mutua/contracts";
import { MutualAdmin } from "@mutua/sdk";
import type { Contract } from "ethers";
import { JsonRpcProvider, parseEther, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvil } from "./anvil-network.ts";
import { startRpcProxy } from "./rpc-proxy.ts";

let anvil: Awaited<ReturnType<typeof startAnvil>>;
let direct: JsonRpcProvider;

beforeAll(async () => {
  anvil = await startAnvil();
  direct = new JsonRpcProvider(anvil.url, undefined, { cacheTimeout: -1, pollingInterval: 50 });
});
afterAll(async () => {
  direct?.destroy();
  await anvil?.stop();
});

describe("several RPC endpoints", () => {
  it("a stale endpoint is outvoted: reads and the block height follow the two that agree", async () => {
    const funder = anvilWallet(0).connect(direct);
    const target = Wallet.createRandom().address;
    const staleAt = await direct.getBlockNumber();
    await (await funder.sendTransaction({ to: target, value: parseEther("1") })).wait();
    for (let i = 0; i < 5; i++) await direct.send("evm_mine", []);
    const fresh = await Promise.all([startRpcProxy(anvil.url), startRpcProxy(anvil.url)]);
    const stale = await startRpcProxy(anvil.url, { staleAtBlock: staleAt });
    try {
      // Alone, the stale endpoint says the transfer never happened.
      const alone = await connectChain({ urls: [stale.url] });
      expect(await alone.provider.getBalance(target)).toBe(0n);
      expect(await alone.provider.getBlockNumber()).toBe(staleAt);
      // Listed first among three, it is outvoted.
      const { provider, quorum } = await connectChain({ urls: [stale.url, ...fresh.map((f) => f.url)] });
      expect(quorum).toBe(2);
      expect(await provider.getBalance(target)).toBe(parseEther("1"));
      expect(await provider.getBlockNumber()).toBe(await direct.getBlockNumber());
      expect(stale.counts.get("eth_getBalance")).toBeGreaterThan(0); // it was asked, and lost the vote
      provider.destroy();
      alone.provider.destroy();
    } finally {
      for (const p of [...fresh, stale]) await p.kill();
    }
  });

  it("one of three endpoints killed mid-run: every transaction of the run still lands, once", async () => {
    const endpoints = await Promise.all([0, 1, 2].map(() => startRpcProxy(anvil.url)));
    const { provider } = await connectChain({ urls: endpoints.map((e) => e.url) });
    const signer = new ResilientSigner(anvilWallet(1).connect(provider));
    const token = (await deployTestToken(signer)) as Contract;
    const start = await direct.getTransactionCount(anvilWallet(1).address);
    for (let i = 0; i < 6; i++) {
      if (i === 3) await endpoints[2]?.kill();
      await (await token.getFunction("mint")(anvilWallet(1).address, 1_000n + BigInt(i))).wait();
    }
    expect(await direct.getTransactionCount(anvilWallet(1).address)).toBe(start + 6); // none lost, none twice
    expect(await token.getFunction("balanceOf")(anvilWallet(1).address)).toBe(6_015n);
    provider.destroy();
    for (const e of endpoints.slice(0, 2)) await e.kill();
  });

  it("a URL that is not an EVM node, or one on another chain, is refused before anything is sent", async () => {
    const other = await startAnvil({ chainId: 1337 });
    try {
      await expect(connectChain({ urls: ["http://127.0.0.1:9/"] })).rejects.toMatchObject({ code: "CHAIN_UNREACHABLE" });
      const web = await startRpcProxy("http://127.0.0.1:9/"); // answers, but not JSON-RPC (HTTP 502)
      await expect(connectChain({ urls: [web.url] })).rejects.toMatchObject({ code: "RPC_NOT_EVM" });
      await web.kill();
      await expect(connectChain({ urls: [anvil.url, other.url] })).rejects.toMatchObject({ code: "WRONG_CHAIN" });
      await expect(connectChain({ urls: [other.url], chainId: 31337n })).rejects.toMatchObject({ code: "WRONG_CHAIN" });
    } finally {
      await other.stop();
    }
  });

  it("member events are read in pages an endpoint that limits eth_getLogs ranges accepts", async () => {
    const admin = anvilWallet(2).connect(direct);
    const { createIdentityAgent } = await import("@mutua/identity");
    const { agent } = await createIdentityAgent();
    const did = (await agent.didManagerCreate({ alias: "issuer" })).did;
    const token = (await deployTestToken(admin)) as Contract;
    const mutual = await MutualAdmin.deploy({
      signer: new ResilientSigner(admin),
      name: "Paged",
      token: await token.getAddress(),
      issuer: { agent, did, statusListUrl: "http://127.0.0.1:9/status/members" },
      settings: { maxClaimAmount: 1_000_000n, governanceDelay: 86_400 },
    });
    // Three batches of members with empty blocks between them, then an endpoint allowing 4 blocks per query.
    const mutualClient = new MutuaMutualClient(mutual.deployment.mutual, admin);
    for (let batch = 0; batch < 3; batch++) {
      const leaves = [BigInt(batch * 2 + 11), BigInt(batch * 2 + 12)];
      for (const leaf of leaves) {
        await (await token.getFunction("mint")(admin.address, 10n)).wait();
        await (await token.getFunction("approve")(mutual.deployment.mutual, 10n)).wait();
        await mutualClient.payPremium(leaf, 10n);
      }
      const { MemberTree } = await import("@mutua/proofs");
      const tree = new MemberTree();
      const events = await mutualClient.membershipEvents(mutual.deployment.fromBlock);
      for (const e of events) if (e.kind === "added") tree.addMany(e.leaves);
      tree.addMany(leaves);
      await mutualClient.addMembers(leaves, tree.root);
      for (let i = 0; i < 6; i++) await direct.send("evm_mine", []);
    }
    const limited = await startRpcProxy(anvil.url, { maxLogRange: 4 });
    try {
      const { provider } = await connectChain({ urls: [limited.url] });
      const reader = new MutuaMutualClient(mutual.deployment.mutual, provider);
      await expect(reader.membershipEvents(mutual.deployment.fromBlock, { pageBlocks: 100 })).rejects.toThrow(/max block range/);
      const paged = await reader.membershipEvents(mutual.deployment.fromBlock, { pageBlocks: 4 });
      expect(paged.flatMap((e) => (e.kind === "added" ? e.leaves : []))).toEqual([11n, 12n, 13n, 14n, 15n, 16n]);
      expect(limited.counts.get("eth_getLogs")).toBeGreaterThan(6);
      provider.destroy();
    } finally {
      await limited.kill();
    }
  }, 120_000);
});

describe("a key that signs locally (ResilientSigner)", () => {
  it("re-sends a transaction dropped from the mempool, with higher fees, and it lands once", async () => {
    const provider = new JsonRpcProvider(anvil.url, undefined, { cacheTimeout: -1, pollingInterval: 50 });
    const signer = new ResilientSigner(anvilWallet(3).connect(provider), { resendAfterMs: 1_000 });
    const to = Wallet.createRandom().address;
    await direct.send("evm_setAutomine", [false]);
    try {
      const sent = await signer.sendTransaction({ to, value: 7n });
      await direct.send("anvil_dropTransaction", [sent.hash]);
      expect(await direct.getTransaction(sent.hash)).toBeNull(); // gone from the node
      const confirming = signer.confirm(sent);
      // Blocks keep coming; the re-sent copy is in one of them.
      const miner = setInterval(() => void direct.send("evm_mine", []).catch(() => {}), 300);
      const receipt = await confirming.finally(() => clearInterval(miner));
      expect(receipt.status).toBe(1);
      expect(receipt.hash).not.toBe(sent.hash);
      expect(await direct.getBalance(to)).toBe(7n);
    } finally {
      await direct.send("evm_setAutomine", [true]);
      provider.destroy();
    }
  });

  it("continues after the chain's nonce when the key sent something elsewhere", async () => {
    const provider = new JsonRpcProvider(anvil.url, undefined, { cacheTimeout: -1, pollingInterval: 50 });
    const signer = new ResilientSigner(anvilWallet(4).connect(provider));
    const to = Wallet.createRandom().address;
    await signer.confirm(await signer.sendTransaction({ to, value: 1n }));
    // The same key, in another program.
    await (await anvilWallet(4).connect(direct).sendTransaction({ to, value: 1n })).wait();
    const receipt = await signer.confirm(await signer.sendTransaction({ to, value: 1n }));
    expect(receipt.status).toBe(1);
    expect(await direct.getBalance(to)).toBe(3n);
    provider.destroy();
  });

  it("a key without funds is a clear error naming the account, and nothing is sent", async () => {
    const broke = Wallet.createRandom().connect(direct);
    const signer = new ResilientSigner(broke);
    await expect(signer.sendTransaction({ to: broke.address, value: 1n })).rejects.toMatchObject({
      code: "INSUFFICIENT_FUNDS",
      message: expect.stringContaining(broke.address),
    });
    expect(await direct.getTransactionCount(broke.address)).toBe(0);
  });
});
