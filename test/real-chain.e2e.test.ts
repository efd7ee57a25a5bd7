// A mutual on a chain the CLI does not own, as an operator runs one: Anvil as a separate process behind three
// JSON-RPC endpoints (one goes away mid-run), `mutua deploy` with keys that sign locally, three evidence
// nodes as separate processes (two stopped before the assessor reads), a relayer, and every role's command
// against the named deployment. Also: the faults an operator meets first (a URL that is not a node, a key
// without funds, a deployment file for another chain or contract), each refused before anything is sent.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployTestToken } from "@mutua/contracts";
import type { Contract } from "ethers";
import { JsonRpcProvider, parseUnits, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvil } from "./anvil-network.ts";
import { freePort, mutuaRunner, startMutuaService } from "./devnet-process.ts";
import type { RpcProxy } from "./rpc-proxy.ts";
import { startRpcProxy } from "./rpc-proxy.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-chain-"));
const env = { ...process.env, MUTUA_SECRET: "real chain test storage secret" };
const key = (i: number) => anvilWallet(i).privateKey;
const address = (i: number) => anvilWallet(i).address;
const stops: (() => Promise<void>)[] = [];
let anvil: Awaited<ReturnType<typeof startAnvil>>;
let provider: JsonRpcProvider;
let endpoints: RpcProxy[];
let token: string;

const mutua = mutuaRunner({ cwd: dir, env, prefix: ["--config", join(dir, ".mutua", "config.json")] });

beforeAll(async () => {
  anvil = await startAnvil();
  stops.push(() => anvil.stop());
  provider = new JsonRpcProvider(anvil.url, undefined, { cacheTimeout: -1, pollingInterval: 50 });
  // Three endpoints of the same chain, each refusing eth_getLogs over more than 1,000 blocks.
  endpoints = await Promise.all([0, 1, 2].map(() => startRpcProxy(anvil.url, { maxLogRange: 1_000 })));
  const faucet = anvilWallet(0).connect(provider);
  const usdc = (await deployTestToken(faucet)) as Contract;
  token = await usdc.getAddress();
  for (const i of [0, 1]) await (await usdc.getFunction("mint")(address(i), parseUnits("10000", 6))).wait();
}, 120_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  for (const endpoint of endpoints ?? []) await endpoint.kill().catch(() => {});
  provider?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("a mutual on a real chain, through the CLI", () => {
  it("deploys, admits, claims, replicates evidence, assesses and pays with an RPC endpoint and two evidence nodes lost", async () => {
    const rpc = endpoints.map((e) => e.url).join(",");
    const [nodeHttp, relayerPort] = await Promise.all([freePort(), freePort()]);
    // Two evidence nodes in other "places" (processes with their own disks); the first also serves the status list.
    const nodes = [];
    for (const n of [2, 3]) {
      const node = await startMutuaService(["node", "--http-port", "0", "--ipfs-port", "0", "--dir", join(dir, `node${n}`)], {
        cwd: dir,
        env,
      });
      stops.push(node.stop);
      nodes.push(node);
    }
    const nodeUrls = [`http://127.0.0.1:${nodeHttp}`, ...nodes.map((n) => n.info.url as string)];

    // Refused before any transaction: a URL that is not an EVM node, and a key without funds.
    const deployArgs = (rpcUrls: string, deployerKey: string) => [
      "--rpc",
      rpcUrls,
      "deploy",
      "--key",
      deployerKey,
      "--name",
      "Harbour Mutual",
      "--token",
      token,
      "--status-list-url",
      `${nodeUrls[0]}/status/members`,
      "--pinning-service",
      ...nodeUrls,
      "--issuer",
      address(7),
      "--incident-opener",
      address(8),
      "--relayer",
      `http://127.0.0.1:${relayerPort}`,
      "--settlement-delay",
      "3600",
      "--governance-delay",
      "86400",
      "--voting-period",
      "86400",
      "--reveal-window",
      "3600",
    ];
    await expect(mutua(...deployArgs(nodeUrls[1] as string, key(0)))).rejects.toMatchObject({ code: "RPC_NOT_EVM" });
    const broke = Wallet.createRandom();
    await expect(mutua(...deployArgs(rpc, broke.privateKey))).rejects.toMatchObject({
      code: "INSUFFICIENT_FUNDS",
      message: expect.stringContaining(broke.address),
    });
    expect(await provider.getTransactionCount(broke.address)).toBe(0);
    expect(existsSync(join(dir, "deployments"))).toBe(false);

    const deployed = await mutua(...deployArgs(rpc, key(0)));
    const file = join(dir, "deployments", "31337", "harbour-mutual.json");
    expect(deployed.file).toBe(file);
    const record = JSON.parse(readFileSync(file, "utf8"));
    expect(record).toMatchObject({ chainId: "31337", token, roles: { issuer: address(7), incidentOpener: address(8) } });
    for (const contract of [record.governance, record.governor, record.assessment]) expect(await provider.getCode(contract)).not.toBe("0x");
    expect(await provider.getCode(record.mutual)).not.toBe("0x");

    // Every later command names the deployment and the endpoints; no config file is involved.
    const on = (...args: string[]) => mutua("--deployment", "31337/harbour-mutual", "--rpc", rpc, ...args);
    const first = await startMutuaService(
      [
        "--deployment",
        "harbour-mutual",
        "--rpc",
        rpc,
        "node",
        "--status-list",
        "--http-port",
        String(nodeHttp),
        "--ipfs-port",
        "0",
        "--dir",
        join(dir, "node1"),
      ],
      { cwd: dir, env },
    );
    stops.push(first.stop);
    const relayer = await startMutuaService(
      ["--deployment", "harbour-mutual", "--rpc", rpc, "relayer", "--key", key(9), "--port", String(relayerPort)],
      { cwd: dir, env },
    );
    stops.push(relayer.stop);

    await on("member", "init", "--name", "alice");
    const request = await on("member", "request", "--name", "alice");
    const offer = JSON.stringify(await on("issuer", "offer", "--request", JSON.stringify(request), "--key", key(7)));
    await on("member", "pay-premium", "--name", "alice", "--offer", offer, "--key", key(1));
    const admitted = await on("issuer", "admit", "--offer", offer, "--key", key(7));
    await on("member", "accept", "--name", "alice", "--credential", admitted.credential as string);
    await on("issuer", "deposit-capital", "--amount", "5000", "--key", key(0));

    // One of the three endpoints goes away; the remaining two still make the quorum.
    await endpoints[1]?.kill();

    // The members seat two assessors: a proposal (any account), Alice's anonymous vote through the relayer,
    // the voting period, the timelock's delay. Time moves on Anvil (a devnet-only call, sent to the node itself).
    const travel = (seconds: number) =>
      mutua("--deployment", "harbour-mutual", "--rpc", anvil.url, "time-travel", "--seconds", String(seconds));
    const [ana, bruno] = [await on("assessor", "init", "--name", "ana"), await on("assessor", "init", "--name", "bruno")];
    const proposed = await on(
      "governance",
      "propose",
      "--description",
      "Seat Ana and Bruno",
      "--add-seat",
      String(ana.seat),
      String(bruno.seat),
      "--key",
      key(0),
    );
    const proposal = String(proposed.proposalId);
    await on("governance", "vote", "--name", "alice", "--proposal", proposal, "--for");
    await travel(86_401);
    await on("governance", "execute", "--proposal", proposal, "--key", key(0));
    await travel(86_401);
    expect(await on("governance", "execute", "--proposal", proposal, "--key", key(0))).toMatchObject({ state: "Executed" });

    const { incidentId } = await on(
      "issuer",
      "open-incident",
      "--description",
      "Storm at the moorings",
      "--region",
      "KE-14",
      "--key",
      key(8),
    );
    writeFileSync(join(dir, "photo.jpg"), "jpeg bytes of a broken mooring");
    const recipient = Wallet.createRandom().address;
    const filed = await on(
      "member",
      "claim",
      "--name",
      "alice",
      "--incident",
      String(incidentId),
      "--amount",
      "1200",
      "--recipient",
      recipient,
      "--file",
      join(dir, "photo.jpg"),
    );
    const claim = await provider.getTransaction(filed.transactionHash as string);
    expect(claim?.from).toBe(address(9)); // the relayer sent it, not Alice's account

    // Three stores hold it and each one's blocks verify.
    const status = await on("evidence", "status", filed.evidenceCid as string);
    expect(status.verified).toBe(3);
    expect(status.copies).toHaveLength(3);

    // Two of the three evidence nodes are lost (Alice's own node went away with her command): it still opens.
    for (const node of nodes) await node.stop();
    const opened = await on("assessor", "open", "--name", "ana", "--claim", filed.claimId as string, "--out", join(dir, "ana"));
    expect(opened.files).toHaveLength(1);
    expect(readFileSync(join(dir, "ana", "photo.jpg"), "utf8")).toBe("jpeg bytes of a broken mooring");
    const afterLoss = await on("evidence", "status", filed.evidenceCid as string);
    expect(afterLoss.verified).toBe(1);

    // Sealed ballots through the relayer: no assessor's account sends anything.
    await on(
      "assessor",
      "vote",
      "--name",
      "ana",
      "--claim",
      filed.claimId as string,
      "--approve",
      "--reason",
      "mooring snapped in the storm",
    );
    await on(
      "assessor",
      "vote",
      "--name",
      "bruno",
      "--claim",
      filed.claimId as string,
      "--approve",
      "--amount",
      "1000",
      "--reason",
      "a used mooring",
    );
    await travel(14 * 86_400 + 1);
    await on("assessor", "reveal", "--name", "ana");
    await on("assessor", "reveal", "--name", "bruno");
    await travel(3601);
    await on("settle", "--claim", filed.claimId as string, "--key", key(0));
    await travel(3601);
    expect(await on("settle", "--claim", filed.claimId as string, "--key", key(0))).toMatchObject({ status: "Paid", recipient });
    expect(endpoints[1]?.counts.get("eth_chainId")).toBeGreaterThan(0); // it was in use before it went away
  }, 600_000);

  it("refuses a deployment file that does not match the chain it is used with", async () => {
    const file = join(dir, "deployments", "31337", "harbour-mutual.json");
    const record = JSON.parse(readFileSync(file, "utf8"));
    mkdirSync(join(dir, "elsewhere"), { recursive: true });
    const otherChain = join(dir, "elsewhere", "other-chain.json");
    writeFileSync(otherChain, JSON.stringify({ ...record, chainId: "8453" }));
    await expect(mutua("--deployment", otherChain, "--rpc", anvil.url, "status")).rejects.toMatchObject({ code: "WRONG_CHAIN" });
    const noContract = join(dir, "elsewhere", "no-contract.json");
    writeFileSync(noContract, JSON.stringify({ ...record, mutual: Wallet.createRandom().address }));
    await expect(mutua("--deployment", noContract, "--rpc", anvil.url, "status")).rejects.toMatchObject({ code: "DEPLOYMENT_MISMATCH" });
    const otherMutual = join(dir, "elsewhere", "other-token.json");
    writeFileSync(otherMutual, JSON.stringify({ ...record, token: record.governance }));
    await expect(mutua("--deployment", otherMutual, "--rpc", anvil.url, "status")).rejects.toMatchObject({ code: "DEPLOYMENT_MISMATCH" });
    await expect(mutua("--deployment", "harbour-mutual", "status")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" }); // no --rpc
    await expect(mutua("--deployment", "nobody", "--rpc", anvil.url, "status")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    copyFileSync(file, join(dir, "copy.json"));
    expect(await mutua("--deployment", join(dir, "copy.json"), "--rpc", anvil.url, "status")).toMatchObject({
      mutual: expect.objectContaining({ mutual: record.mutual }),
    });
  }, 120_000);
});
