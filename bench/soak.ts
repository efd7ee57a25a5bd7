// Soak (issue "Nothing lost when the chain reorganises, a service is killed or a stranger floods it"): Anvil, and a
// relayer and an evidence node as their own processes, under a steady mix of claims (evidence sealed to the node over
// HTTP, proven, relayed), governance ballots, premium payments and reads, while every minute one of the two services
// is killed with SIGKILL and restarted. Reported: requests served, errors by kind, p50/p99 latency per kind, each
// service's RSS over time, and that every accepted claim and ballot ended on-chain exactly once.
// MUTUA_SOAK_MINUTES sets the length (default 10).
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClaimRequest } from "@mutua/contracts";
import { MutuaMutualClient } from "@mutua/contracts";
import { HttpEvidenceStore } from "@mutua/evidence";
import { agentResolver, createIdentityAgent } from "@mutua/identity";
import { RelayerClient } from "@mutua/relayer";
import { erc20, Member, MemberGovernance, setPausedAction } from "@mutua/sdk";
import { Wallet } from "ethers";
import { anvilWallet, startAnvilNetwork } from "../test/anvil-network.ts";
import { freePort } from "../test/devnet-process.ts";
import { createWorld, evidenceFiles, PREMIUM, USDC } from "../test/world.ts";
import { round } from "./stats.ts";

const cliSource = join(import.meta.dirname, "..", "packages", "cli", "src", "cli.ts");
const TOKEN = "soak";

/** A service run as its own process from the CLI's source (SIGKILL reaches it, no launcher in between). */
class Service {
  child: ChildProcess | undefined;
  restarts = 0;
  readonly rss: { atSeconds: number; mib: number }[] = [];
  readonly name: string;
  readonly args: string[];
  readonly ready: () => Promise<boolean>;
  constructor(name: string, args: string[], ready: () => Promise<boolean>) {
    this.name = name;
    this.args = args;
    this.ready = ready;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, ["--conditions=source", cliSource, ...this.args], {
      stdio: "ignore",
      env: { ...process.env, UV_USE_IO_URING: "0" },
    });
    for (let i = 0; i < 1_200; i++) {
      if (await this.ready().catch(() => false)) return;
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited while starting`);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.name} did not start`);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  sampleRss(atSeconds: number): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
      if (kb) this.rss.push({ atSeconds, mib: round(kb / 1024, 1) });
    } catch {
      // between a kill and a restart
    }
  }
}

export async function benchSoak(log: (line: string) => void) {
  const minutes = Number(process.env.MUTUA_SOAK_MINUTES ?? 10);
  const network = await startAnvilNetwork();
  const names = Array.from({ length: 12 }, (_, i) => `member${i}`);
  const world = await createWorld({ memberNames: names, network: async () => network });
  const dir = mkdtempSync(join(tmpdir(), "mutua-soak-"));
  const relayerKey = anvilWallet(19);
  const [relayerPort, nodePort] = [await freePort(), await freePort()];
  const config = join(dir, "config.json");
  const { deployment } = world.admin;
  writeFileSync(
    config,
    JSON.stringify({
      rpc: network.rpcUrl,
      deployment: { ...deployment, chainId: deployment.chainId.toString() },
      issuerDid: world.issuerDid,
      statusListUrl: world.net.statusLists.url("members"),
      ipfs: { pinningServices: [] },
      home: join(dir, "home"),
    }),
  );
  const relayerUrl = `http://127.0.0.1:${relayerPort}`;
  const nodeUrl = `http://127.0.0.1:${nodePort}`;
  const relayerService = new Service(
    "relayer",
    // Every simulated member is this one process's address: the per-address limit would measure itself.
    [
      "--config",
      config,
      "relayer",
      "--key",
      relayerKey.privateKey,
      "--port",
      String(relayerPort),
      "--journal",
      join(dir, "relayer.jsonl"),
      "--rate-limit",
      "1000",
    ],
    () => new RelayerClient(relayerUrl).health().then(() => true),
  );
  const nodeService = new Service(
    "evidence node",
    ["node", "--http-port", String(nodePort), "--ipfs-port", "0", "--dir", join(dir, "node"), "--token", TOKEN],
    () => fetch(`${nodeUrl}/pins`).then(() => true),
  );
  await relayerService.start();
  await nodeService.start();

  const store = new HttpEvidenceStore(nodeUrl, { token: TOKEN });
  const resolver = agentResolver((await createIdentityAgent()).agent);
  const members = world.members.map(
    (m) =>
      new Member({
        wallet: m.wallet,
        signer: m.signer,
        deployment,
        store,
        resolver,
        relayer: relayerUrl,
        prover: world.prover,
      }),
  );
  const client = new RelayerClient(relayerUrl, { timeoutMs: 120_000 });
  const voter = new MemberGovernance({ deployment, signer: world.relayer, relayer: relayerUrl, prover: world.voteProver });
  const provider = world.net.chain.provider;
  const mutual = new MutuaMutualClient(deployment.mutual, provider);

  const latencies: Record<string, number[]> = { claim: [], ballot: [], premium: [], read: [] };
  /** Requests that took over 5 s, with when (seconds into the soak): set against the kills. */
  const slow: { kind: string; atSeconds: number; ms: number }[] = [];
  const errors: Record<string, number> = {};
  const noteError = (error: unknown) => {
    const code = (error as { code?: string }).code ?? (error as Error).name ?? "UNKNOWN";
    errors[code] = (errors[code] ?? 0) + 1;
  };
  /** Retries `fn` through the services' restarts (a refusal the service gives is final), timing the whole. */
  const served = async <T>(
    kind: string,
    fn: () => Promise<T>,
    final: (error: unknown) => boolean = () => false,
  ): Promise<T | undefined> => {
    const started = performance.now();
    for (let attempt = 0; attempt < 120; attempt++) {
      try {
        const result = await fn();
        const ms = performance.now() - started;
        latencies[kind]?.push(ms);
        if (ms > 5_000) slow.push({ kind, atSeconds: Math.round(elapsed()), ms: Math.round(ms) });
        return result;
      } catch (error) {
        noteError(error);
        if (final(error)) return undefined;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    throw new Error(`${kind}: no answer after 120 attempts`);
  };

  const claims: { incidentId: bigint; nullifier: bigint }[] = [];
  const votes = new Map<bigint, number>();
  let incidentId = world.incidentId;
  let claimant = 0;
  let proposal: bigint | undefined;
  let voterIndex = 0;
  let premiums = 0;
  const soakStarted = performance.now();
  const elapsed = () => (performance.now() - soakStarted) / 1000;
  const endAt = minutes * 60;
  let nextKill = 60;
  let killRelayer = true;
  let lastSample = -1;
  const kills: { service: string; atSeconds: number }[] = [];
  const cids: string[] = [];

  while (elapsed() < endAt) {
    // Every minute one service dies (SIGKILL) and comes back.
    if (elapsed() >= nextKill) {
      const service = killRelayer ? relayerService : nodeService;
      await service.kill();
      await new Promise((r) => setTimeout(r, 1_500));
      await service.start();
      service.restarts += 1;
      kills.push({ service: service.name, atSeconds: Math.round(elapsed()) });
      killRelayer = !killRelayer;
      nextKill += 60;
    }
    if (Math.floor(elapsed() / 15) !== lastSample) {
      lastSample = Math.floor(elapsed() / 15);
      for (const service of [relayerService, nodeService]) service.sampleRss(Math.round(elapsed()));
    }
    // A claim: sealed (the node may be down: retried), proven once, relayed until answered (the same request).
    if (claimant === members.length) {
      incidentId = (await world.admin.openIncident(7 * 86_400, 7 * 86_400)).incidentId;
      claimant = 0;
    }
    const member = members[claimant] as Member;
    claimant += 1;
    const started = performance.now();
    const prepared = await served("claim-prepare", () =>
      member.prepareClaim({ incidentId, amount: 10n * USDC, recipient: Wallet.createRandom().address, files: evidenceFiles() }),
    );
    if (prepared) {
      const answer = await served("claim-relay", () => client.submit(deployment.mutual, prepared.request as ClaimRequest));
      if (answer) {
        latencies.claim?.push(performance.now() - started);
        claims.push({ incidentId, nullifier: prepared.request.nullifier });
        cids.push(prepared.evidenceCid.toString());
      }
    }
    // A ballot on the current proposal (a new one when everyone voted); a retry after a restart may find its first
    // copy accepted (then the relayer refuses the second as already sent: counted once either way).
    if (proposal === undefined || voterIndex === members.length) {
      proposal = (await world.governance.propose([setPausedAction(deployment, false)], `Soak ${votes.size + 1}`)).proposalId;
      await world.net.chain.increaseTime(1);
      votes.set(proposal, 0);
      voterIndex = 0;
    }
    const wallet = world.members[voterIndex]?.wallet;
    voterIndex += 1;
    if (wallet) {
      const currentProposal = proposal;
      // VoteNullifierUsed on a retry: its first copy was accepted before the restart (and lands once).
      await served(
        "ballot",
        () => voter.vote(wallet, currentProposal, "for"),
        (error) => (error as { code?: string }).code === "VoteNullifierUsed",
      );
      votes.set(currentProposal, (votes.get(currentProposal) ?? 0) + 1);
    }
    // A premium payment from a newcomer's fresh account.
    await served("premium", async () => {
      const payer = Wallet.createRandom().connect(provider);
      await provider.send("anvil_setBalance", [payer.address, "0x8AC7230489E80000"]);
      await world.net.mint(payer.address, PREMIUM);
      await (await erc20(deployment.token, payer).getFunction("approve")(deployment.mutual, PREMIUM)).wait();
      await new MutuaMutualClient(deployment.mutual, payer).payPremium(BigInt(premiums + 1) * 7n, PREMIUM);
      premiums += 1;
    });
    // Reads: the relayer's health, an earlier claim's evidence from the node's gateway, the pool's books.
    const cid = cids[Math.floor(Math.random() * cids.length)];
    await served("read", async () => {
      await client.health();
      if (cid) await fetch(`${nodeUrl}/ipfs/${cid}?format=raw`).then((r) => r.arrayBuffer());
      await mutual.accounts();
    });
  }

  // Exactly once: every answered claim filed once (one ClaimFiled per nullifier), every ballot counted once.
  await new Promise((r) => setTimeout(r, 2_000));
  const filed = await mutual.filedClaims(deployment.fromBlock);
  const perClaim = new Map<string, number>();
  for (const f of filed) perClaim.set(`${f.incidentId}:${f.nullifier}`, (perClaim.get(`${f.incidentId}:${f.nullifier}`) ?? 0) + 1);
  const claimsExactlyOnce = claims.every((c) => perClaim.get(`${c.incidentId}:${c.nullifier}`) === 1) && filed.length === claims.length;
  let ballotsExactlyOnce = true;
  for (const [id, cast] of votes) if ((await voter.proposal(id)).box.forVotes !== cast) ballotsExactlyOnce = false;
  const relayerTransactions = await provider.getTransactionCount(relayerKey.address);
  const ballotsCast = [...votes.values()].reduce((a, b) => a + b, 0);

  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0, 0);
  };
  const latency = Object.fromEntries(
    Object.entries(latencies).map(([kind, values]) => [
      kind,
      { served: values.length, p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) },
    ]),
  );
  const results = {
    minutes,
    latency,
    errors,
    restarts: { relayer: relayerService.restarts, evidenceNode: nodeService.restarts },
    kills,
    slow,
    rssMiB: { relayer: relayerService.rss, evidenceNode: nodeService.rss },
    claims: claims.length,
    ballots: ballotsCast,
    premiums,
    relayerTransactions,
    claimsExactlyOnce,
    ballotsExactlyOnce,
  };
  for (const [kind, l] of Object.entries(latency)) log(`${kind}: ${l.served} served, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms`);
  log(`errors seen before a retry succeeded: ${JSON.stringify(errors)}`);
  log(`requests over 5 s: ${JSON.stringify(slow)}; kills: ${JSON.stringify(kills)}`);
  log(`restarts: relayer ${relayerService.restarts}, evidence node ${nodeService.restarts} (each after a SIGKILL)`);
  const rssRange = (samples: { mib: number }[]) =>
    samples.length ? `${Math.min(...samples.map((s) => s.mib))}–${Math.max(...samples.map((s) => s.mib))} MiB` : "no sample";
  log(`RSS: relayer ${rssRange(relayerService.rss)}, evidence node ${rssRange(nodeService.rss)}`);
  log(
    `exactly once: ${claims.length} claims (${claimsExactlyOnce ? "each filed once" : "NOT each once"}), ${ballotsCast} ballots (${ballotsExactlyOnce ? "each counted once" : "NOT each once"}); the relayer sent ${relayerTransactions} transactions`,
  );
  await relayerService.kill();
  await nodeService.kill();
  await world.close();
  rmSync(dir, { recursive: true, force: true });
  if (!claimsExactlyOnce || !ballotsExactlyOnce) throw new Error("a request did not end exactly once");
  return results;
}
