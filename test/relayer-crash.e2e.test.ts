// The relayer killed with SIGKILL while claims are in flight, then restarted on its journal: every accepted claim
// ends on-chain exactly once, and clients retrying get their answers. Anvil (a separate process) holds the
// transactions pending meanwhile; two of them are dropped from its pool, as a real node may drop them.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClaimRequest } from "@mutua/contracts";
import { claimCall, MutuaMutualArtifact, MutuaMutualClient } from "@mutua/contracts";
import type { RelayedClaim } from "@mutua/relayer";
import { encodeClaim, RelayerClient } from "@mutua/relayer";
import { Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvilNetwork } from "./anvil-network.ts";
import { freePort, stopProcess } from "./devnet-process.ts";
import type { World } from "./world.ts";
import { createWorld, evidenceFiles, USDC } from "./world.ts";

const CLAIMS = 6;
const cliSource = join(import.meta.dirname, "..", "packages", "cli", "src", "cli.ts");
const relayerKey = anvilWallet(19);
let world: World;
let dir: string;
let config: string;
let journal: string;
let prepared: ClaimRequest[];
let rpc: string;

beforeAll(async () => {
  const network = await startAnvilNetwork();
  rpc = network.rpcUrl;
  world = await createWorld({ memberNames: Array.from({ length: CLAIMS }, (_, i) => `member${i}`), network: async () => network });
  dir = mkdtempSync(join(tmpdir(), "mutua-relayer-crash-"));
  config = join(dir, "config.json");
  journal = join(dir, "relayer.jsonl");
  const { deployment } = world.admin;
  writeFileSync(
    config,
    JSON.stringify({
      rpc,
      deployment: { ...deployment, chainId: deployment.chainId.toString() },
      issuerDid: world.issuerDid,
      statusListUrl: world.net.statusLists.url("members"),
      ipfs: { pinningServices: [] },
      home: join(dir, "home"),
    }),
  );
  prepared = [];
  for (const m of world.members) {
    const filing = {
      incidentId: world.incidentId,
      amount: 50n * USDC,
      recipient: Wallet.createRandom().address,
      files: evidenceFiles(m.name),
    };
    prepared.push((await m.member.prepareClaim(filing)).request);
  }
});
afterAll(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `mutua relayer` as its own process (no launcher in between: SIGKILL reaches the relayer itself). */
async function startRelayerProcess(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      cliSource,
      "--config",
      config,
      "relayer",
      "--key",
      relayerKey.privateKey,
      "--port",
      String(port),
      "--journal",
      journal,
    ],
    { stdio: "ignore", env: { ...process.env, UV_USE_IO_URING: "0" } },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1_200 && child.exitCode === null; i++) {
    if (
      await new RelayerClient(url).health().then(
        () => true,
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGKILL");
  throw new Error("the relayer did not start");
}

/** The journal's records, parsed. */
function records(): { key: string; state?: string; hash?: string }[] {
  if (!existsSync(journal)) return [];
  return readFileSync(journal, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

describe("the relayer after kill -9", () => {
  it("finishes every accepted claim exactly once after a restart; retries get the answers", async () => {
    const provider = world.net.chain.provider;
    const sender = relayerKey.address;
    const nonceBefore = await provider.getTransactionCount(sender, "latest");
    // Blocks stop coming: what the relayer sends stays pending.
    await provider.send("evm_setAutomine", [false]);
    const port = await freePort();
    const first = await startRelayerProcess(port);
    const client = new RelayerClient(`http://127.0.0.1:${port}`, { timeoutMs: 600_000 });
    const interrupted = prepared.map((request) => client.submit(world.admin.deployment.mutual, request).catch((error: unknown) => error));
    for (let i = 0; i < 2_400 && records().filter((r) => r.state === "sent").length < CLAIMS; i++)
      await new Promise((r) => setTimeout(r, 250));
    const sent = records().filter((r) => r.state === "sent");
    expect(sent).toHaveLength(CLAIMS);

    const exited = new Promise((r) => (first.exitCode === null ? first.once("exit", r) : r(undefined)));
    first.kill("SIGKILL");
    await exited;
    // The clients lost their connection mid-request.
    for (const outcome of await Promise.all(interrupted)) expect(outcome).toMatchObject({ code: "RELAYER_UNREACHABLE" });

    // The node drops the last two transactions (a real pool may): only four can ever be mined as sent.
    const byNonce = await Promise.all(
      sent.map(async (r) => ({ hash: r.hash as string, nonce: (await provider.getTransaction(r.hash as string))?.nonce ?? 0 })),
    );
    byNonce.sort((a, b) => a.nonce - b.nonce);
    const dropped = byNonce.slice(-2).map((t) => t.hash);
    for (const hash of dropped) await provider.send("anvil_dropTransaction", [hash]);
    await provider.send("evm_setAutomine", [true]);
    await provider.send("evm_mine", []);

    const second = await startRelayerProcess(port);
    try {
      const answers = (await Promise.all(
        prepared.map((request) => client.submit(world.admin.deployment.mutual, request)),
      )) as RelayedClaim[];
      // The four mined before the restart answer with their own transactions; the two dropped were sent again.
      const kept = byNonce.slice(0, -2).map((t) => t.hash);
      expect(answers.filter((a) => kept.includes(a.transactionHash))).toHaveLength(4);
      expect(answers.filter((a) => dropped.includes(a.transactionHash))).toHaveLength(0);
      // Exactly once on-chain: one ClaimFiled per nullifier, and six transactions from the relayer in all.
      const filed = await new MutuaMutualClient(world.admin.deployment.mutual, provider).filedClaims(world.admin.deployment.fromBlock);
      for (const request of prepared) expect(filed.filter((c) => c.nullifier === request.nullifier)).toHaveLength(1);
      expect(await provider.getTransactionCount(sender, "latest")).toBe(nonceBefore + CLAIMS);
      // A retry after all that: the same answer, no new transaction.
      const again = await client.submit(world.admin.deployment.mutual, prepared[0] as ClaimRequest);
      expect(again.transactionHash).toBe(answers[0]?.transactionHash);
      expect(await provider.getTransactionCount(sender, "latest")).toBe(nonceBefore + CLAIMS);
    } finally {
      await stopProcess(second);
    }
  });

  it("a claim sent in the instant before the crash (journaled as accepted, not as sent) is answered with its own transaction", async () => {
    const provider = world.net.chain.provider;
    const { incidentId } = await world.admin.openIncident(7 * 86_400, 7 * 86_400);
    const member = world.members[0];
    if (!member) throw new Error("no member");
    const filing = { incidentId, amount: 40n * USDC, recipient: Wallet.createRandom().address, files: evidenceFiles("just before") };
    const request = (await member.member.prepareClaim(filing)).request;
    const mutual = world.admin.deployment.mutual;
    // What the crash left: the request accepted in the journal, and its transaction on-chain from the relayer's key.
    const landed = await new MutuaMutualClient(mutual, relayerKey.connect(provider)).fileClaim(request);
    const data = new Interface(MutuaMutualArtifact.abi).encodeFunctionData("fileClaim", [claimCall(request)]);
    const key = `${mutual.toLowerCase()}:${request.incidentId}:${request.nullifier}`;
    const body = JSON.stringify(encodeClaim(mutual, request));
    writeFileSync(journal, `${JSON.stringify({ key, kind: "claim", body, to: mutual, data, state: "accepted" })}\n`);
    const port = await freePort();
    const relayer = await startRelayerProcess(port);
    try {
      const answer = await new RelayerClient(`http://127.0.0.1:${port}`).submit(mutual, request);
      expect(answer).toMatchObject({ transactionHash: landed.receipt.hash, claimId: landed.claimId });
    } finally {
      await stopProcess(relayer);
    }
  });
});
