// The `mutua` command as people use it: a devnet in one process, every role's command in its own process,
// talking through the devnet's JSON-RPC, IPFS and HTTP endpoints and the config file.
import type { ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { multiaddr } from "@multiformats/multiaddr";
import { HeliaEvidenceStore } from "@mutua/evidence";
import { agentResolver, createIdentityAgent } from "@mutua/identity";
import { collectPublicRecord, findInRecord, identifierForms } from "@mutua/sdk";
import { JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutuaBin, startDevnetProcess, stopProcess } from "./devnet-process.ts";

const run = promisify(execFile);
const cli = mutuaBin;
const dir = mkdtempSync(join(tmpdir(), "mutua-cli-"));
const config = join(dir, ".mutua", "config.json");
const env = { ...process.env, MUTUA_SECRET: "cli test storage secret" };
let devnet: ChildProcess;

/** Runs `mutua --json …`; resolves the parsed output, or rejects with the parsed error. */
async function mutua(...args: string[]): Promise<Record<string, unknown>> {
  try {
    // A command that hangs is killed after 10 minutes and fails its test, instead of stalling the suite (a guard,
    // not a performance check: commands take seconds, more on a loaded machine).
    const { stdout } = await run(process.execPath, [cli, "--config", config, "--json", ...args], {
      env,
      cwd: dir,
      maxBuffer: 2 ** 24,
      timeout: 600_000,
      killSignal: "SIGKILL",
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) as string);
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? "";
    const line = stdout.trim().split("\n").at(-1);
    throw line ? JSON.parse(line).error : error;
  }
}

beforeAll(async () => {
  devnet = await startDevnetProcess({ config, cwd: dir, env });
});
afterAll(async () => {
  await stopProcess(devnet);
  rmSync(dir, { recursive: true, force: true });
});

describe("mutua CLI", () => {
  let relayerAddress = "";

  it("admits a member, files a claim with evidence, assessors decrypt and vote, and the claim is paid", async () => {
    const alice = await mutua("member", "init", "--name", "alice");
    const request = await mutua("member", "request", "--name", "alice");
    const offer = JSON.stringify(
      await mutua("issuer", "offer", "--request", JSON.stringify(request), "--coverage", "5000", "--premium", "300"),
    );
    // Unpaid, the policy cannot be admitted; paid from Alice's account, it can.
    await expect(mutua("issuer", "admit", "--offer", offer)).rejects.toMatchObject({ code: "PREMIUM_NOT_PAID" });
    await mutua("member", "pay-premium", "--name", "alice", "--offer", offer, "--account", "1");
    const admitted = await mutua("issuer", "admit", "--offer", offer);
    await mutua("member", "accept", "--name", "alice", "--credential", admitted.credential as string);
    await mutua("issuer", "deposit-capital", "--amount", "5000");

    // Before the members appoint any assessor, a claim is refused at once: nobody could ever open its evidence.
    const early = await mutua("issuer", "open-incident", "--description", "Squall at the harbour mouth", "--region", "KE-01");
    writeFileSync(join(dir, "early.txt"), "a loss before any assessor");
    await expect(
      mutua(
        "member",
        "claim",
        "--name",
        "alice",
        "--incident",
        String(early.incidentId),
        "--amount",
        "10",
        "--recipient",
        "0x5E64c038d60dEBF7242471093Ef7B26f6396cE6D",
        "--file",
        join(dir, "early.txt"),
      ),
    ).rejects.toMatchObject({ code: "NO_ASSESSORS" });

    // Assessors: a DID each, and a seat. Carol's seat is made from Alice's member identity.
    const [ana, bruno, carol] = [
      await mutua("assessor", "init", "--name", "ana"),
      await mutua("assessor", "init", "--name", "bruno"),
      await mutua("assessor", "init", "--name", "carol", "--member", "alice"),
    ];
    // The members appoint them, and raise the cap: a proposal, Alice's anonymous vote, the timelock's delay.
    const proposed = await mutua(
      "governance",
      "propose",
      "--description",
      "Seat Ana, Bruno and Carol; raise the cap to 12,000 USDC",
      "--add-seat",
      String(ana.seat),
      String(bruno.seat),
      String(carol.seat),
      "--max-claim",
      "12000",
    );
    const proposal = String(proposed.proposalId);
    const voted = await mutua("governance", "vote", "--name", "alice", "--proposal", proposal, "--for");
    relayerAddress = await (await new JsonRpcProvider(JSON.parse(readFileSync(config, "utf8")).rpc).getSigner(9)).getAddress();
    expect(voted.from).toBe(relayerAddress);
    await expect(mutua("governance", "vote", "--name", "alice", "--proposal", proposal, "--against")).rejects.toMatchObject({
      code: "ALREADY_VOTED",
    });
    expect(await mutua("governance", "status", "--proposal", proposal)).toMatchObject({
      proposals: [expect.objectContaining({ state: "Active", for: 1, against: 0, quorum: 1 })],
    });
    await expect(mutua("governance", "execute", "--proposal", proposal)).rejects.toMatchObject({ code: "NOT_QUEUED" });
    await mutua("time-travel", "--seconds", "86401");
    expect(await mutua("governance", "execute", "--proposal", proposal)).toMatchObject({ state: "Queued" });
    await expect(mutua("governance", "execute", "--proposal", proposal)).rejects.toMatchObject({ code: "TIMELOCK_NOT_READY" });
    await mutua("time-travel", "--seconds", "86401");
    expect(await mutua("governance", "execute", "--proposal", proposal)).toMatchObject({ state: "Executed" });

    const { incidentId } = await mutua("issuer", "open-incident", "--description", "Storm surge at Kilifi harbour", "--region", "KE-14");
    writeFileSync(join(dir, "photo.jpg"), "jpeg bytes of a broken hull");
    writeFileSync(join(dir, "form.json"), JSON.stringify({ damage: "hull breach" }));
    const recipient = "0x5E64c038d60dEBF7242471093Ef7B26f6396cE6D";
    const filed = await mutua(
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
      join(dir, "form.json"),
      "--account",
      "1",
    );
    expect(filed.gasUsed).toBeDefined();

    // The on-chain observer, against the devnet as anyone could: the claim's transaction, logs and every block
    // of its evidence (from a fresh IPFS node holding no key) show no identifier of Alice, who paid premiums
    // from account 1. The relayer (account 9) sent it.
    const settings = JSON.parse(readFileSync(config, "utf8"));
    const provider = new JsonRpcProvider(settings.rpc, undefined, { staticNetwork: true });
    const observer = await HeliaEvidenceStore.create();
    try {
      await observer.connect(multiaddr(settings.ipfs.peer));
      const deployment = { ...settings.deployment, chainId: BigInt(settings.deployment.chainId) };
      const [record] = await collectPublicRecord({ provider, deployment, observer });
      if (!record) throw new Error("the claim is not on-chain");
      expect(record.transaction.from).toBe(await (await provider.getSigner(9)).getAddress());
      expect(record.evidence.blocks.length).toBeGreaterThan(3);
      const forms = await identifierForms({
        did: alice.did as string,
        resolver: agentResolver((await createIdentityAgent()).agent),
        addresses: [await (await provider.getSigner(1)).getAddress()],
      });
      expect(forms.length).toBeGreaterThan(10);
      expect(findInRecord([record], forms)).toEqual([]);
    } finally {
      await observer.close();
      provider.destroy();
    }

    const listed = await mutua("assessor", "list", "--name", "ana");
    expect(listed.claims).toEqual([expect.objectContaining({ claimId: filed.claimId, status: "Filed", evidenceCid: filed.evidenceCid })]);
    // Alice's process and IPFS node are gone: Bruno fetches the evidence from the devnet's pinned copy.
    const opened = await mutua("assessor", "open", "--name", "bruno", "--claim", filed.claimId as string, "--out", join(dir, "bruno"));
    expect(opened.files).toHaveLength(2);
    expect(opened.signals).toEqual([]); // "photo.jpg" is text, not an image the desk reads: no signal, no error
    expect(JSON.parse(readFileSync(join(dir, "bruno", "form.json"), "utf8"))).toEqual({ damage: "hull breach" });

    const claimId = filed.claimId as string;
    const vote = (name: string, ...rest: string[]) => mutua("assessor", "vote", "--name", name, "--claim", claimId, ...rest);
    await vote("ana", "--approve", "--amount", "1000", "--reason", "the photo shows the breach; the quote is high");
    await vote("bruno", "--approve", "--reason", "consistent with the storm");
    await expect(vote("bruno", "--approve", "--reason", "again")).rejects.toMatchObject({ code: "ALREADY_VOTED" });
    // Carol's seat is Alice's identity: she cannot judge Alice's claim.
    await expect(vote("carol", "--approve", "--reason", "mine")).rejects.toMatchObject({ code: "OWN_CLAIM" });
    await expect(mutua("settle", "--claim", claimId)).rejects.toMatchObject({ code: "RoundStillOpen" });
    await mutua("time-travel", "--seconds", String(14 * 86_400 + 1));
    expect(await mutua("assessor", "reveal", "--name", "ana")).toMatchObject({ revealed: 1 });
    expect(await mutua("assessor", "reveal", "--name", "bruno")).toMatchObject({ revealed: 1 });
    await mutua("time-travel", "--seconds", "3601"); // the reveal window
    await mutua("settle", "--claim", claimId); // decided; the cooldown is still running
    await mutua("time-travel", "--seconds", "3601");
    expect(await mutua("settle", "--claim", claimId)).toMatchObject({ status: "Paid", approvedAmount: "1000000000", recipient });
    // The class experience anyone rebuilds from the chain: the claim disclosed its class (the pool's one class here).
    expect(await mutua("pricing", "claims")).toEqual({
      classes: [{ ratingClass: 0, filed: 1, paid: 1, paidAmount: "1000.0", name: "the pool as one class" }],
    });
    // Every member is in class 0 here: the chain holds no class exposure a table's factors name.
    await expect(mutua("pricing", "fit", "--from-chain", "--factor", "port:Kilifi,Lamu", "--out", "chain.json")).rejects.toMatchObject({
      code: "NO_EXPERIENCE",
    });
    // A table fitted on a file, checked as any member would: the same numbers from the same file, but never adopted.
    const fixture = readFileSync(join(import.meta.dirname, "..", "packages", "pricing", "test", "fixtures", "experience.csv"), "utf8");
    writeFileSync(join(dir, "experience.csv"), fixture.replace('"year"', '"period"'));
    const factors = ["--factor", "region:KE-01,KE-13,KE-14,TZ-02", "length:small,medium,large"];
    await mutua("pricing", "fit", "--experience", "experience.csv", ...factors, "--table-version", "7", "--out", "table.json");
    await expect(mutua("pricing", "verify", "--table", "table.json")).rejects.toMatchObject({ code: "EXPERIENCE_FILE_NEEDED" });
    await expect(mutua("pricing", "verify", "--table", "table.json", "--experience", "experience.csv")).rejects.toMatchObject({
      code: "TABLE_NOT_VERIFIED",
      message: expect.stringMatching(/never adopted[\s\S]*SHA-256 matches[\s\S]*every number is the same/),
    });
    const reasons = (await mutua("member", "reasons", "--name", "alice", "--claim", claimId)).reasons as { reason: string }[];
    expect(reasons.map((r) => r.reason).sort()).toEqual(["consistent with the storm", "the photo shows the breach; the quote is high"]);
  });

  it("a rejected claim is appealed to the members, once, by its payout account, disclosing the evidence", async () => {
    // A second claim, rejected: Alice appeals it to the members (signed by her payout account, 5, sent by the
    // relayer), after agreeing that the appeal discloses her evidence; she cannot vote on her own appeal.
    const second = await mutua("issuer", "open-incident", "--description", "Collision in the channel");
    const payout = await (await new JsonRpcProvider(JSON.parse(readFileSync(config, "utf8")).rpc).getSigner(5)).getAddress();
    const rejected = await mutua(
      "member",
      "claim",
      "--name",
      "alice",
      "--incident",
      String(second.incidentId),
      "--amount",
      "300",
      "--recipient",
      payout,
      "--file",
      join(dir, "form.json"),
    );
    const rejectedId = rejected.claimId as string;
    for (const name of ["ana", "bruno"]) {
      await mutua("assessor", "vote", "--name", name, "--claim", rejectedId, "--reject", "--reason", `${name}: no photo of the damage`);
    }
    await mutua("time-travel", "--seconds", String(14 * 86_400 + 1));
    for (const name of ["ana", "bruno"]) await mutua("assessor", "reveal", "--name", name);
    await mutua("time-travel", "--seconds", "3601");
    expect(await mutua("settle", "--claim", rejectedId)).toMatchObject({ status: "Rejected" });
    await expect(mutua("member", "appeal", "--name", "alice", "--claim", rejectedId, "--account", "5")).rejects.toMatchObject({
      code: "DISCLOSURE_NOT_CONFIRMED",
    });
    await expect(
      mutua("member", "appeal", "--name", "alice", "--claim", rejectedId, "--account", "4", "--disclose-evidence"),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("only the claim's payout address") });
    const appealed = await mutua("member", "appeal", "--name", "alice", "--claim", rejectedId, "--account", "5", "--disclose-evidence");
    expect(appealed.from).toBe(relayerAddress);
    await expect(
      mutua("member", "appeal-vote", "--name", "alice", "--claim", rejectedId, "--approve", "--reason", "it is mine"),
    ).rejects.toMatchObject({ code: "OWN_CLAIM" });
    await expect(
      mutua("member", "appeal", "--name", "alice", "--claim", rejectedId, "--account", "5", "--disclose-evidence"),
    ).rejects.toMatchObject({
      code: "ALREADY_APPEALED",
    });
    expect(await mutua("member", "reveal", "--name", "alice")).toMatchObject({ revealed: 0 });
  }, 1_200_000);

  // About 17 processes, each loading the CLI; on a loaded 2-core machine that can take minutes.
  it("parametric cover on the devnet: no product until the members vote one in; a trigger or claim for nothing is refused in words", async () => {
    expect(await mutua("parametric", "products")).toEqual({ products: [] });
    expect(await mutua("member", "parametric", "--name", "alice")).toEqual({ events: [] });
    await expect(mutua("parametric", "trigger", "--product", "0")).rejects.toMatchObject({
      code: "InvalidProduct",
      message: expect.stringContaining("no such product"),
    });
    await expect(mutua("parametric", "trigger", "--product", "64")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(mutua("parametric", "record-policies", "--product", "0", "--count", "5")).rejects.toMatchObject({
      code: "InvalidProduct",
    });
    await expect(
      mutua("member", "parametric-claim", "--name", "alice", "--event", "1", "--recipient", "0x000000000000000000000000000000000000dEaD"),
    ).rejects.toMatchObject({ code: "INCIDENT_NOT_OPEN", message: expect.stringContaining("no such parametric event") });
  });

  it("says clearly what is wrong, before doing anything, in the units the user typed", async () => {
    await expect(mutua("issuer", "revoke", "--credential", "urn:uuid:nope")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(mutua("member", "accept", "--name", "alice", "--credential", "not-a-jwt")).rejects.toMatchObject({
      code: "MALFORMED_JWT",
    });
    await expect(mutua("member", "request", "--name", "nobody")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining('there is no wallet "nobody"'),
    });
    const claim = (...overrides: string[]) => {
      const base = {
        "--incident": "1",
        "--amount": "100",
        "--recipient": "0x000000000000000000000000000000000000dEaD",
        "--file": "photo.jpg",
      };
      const args = new Map(Object.entries(base));
      for (let i = 0; i < overrides.length; i += 2) args.set(overrides[i] as string, overrides[i + 1] as string);
      return mutua(
        "member",
        "claim",
        "--name",
        "alice",
        "--account",
        "1",
        ...[...args].flatMap(([k, v]) => (k.includes("=") ? [k] : [k, v])),
      );
    };
    const cases: [string[], string][] = [
      [["--amount", "abc"], "is not an amount"],
      [["--amount", "1e3"], "is not an amount"],
      [["--amount", "1.1234567"], "has 7 decimals"],
      [["--amount", "0"], "more than 0"],
      [["--amount", "99999999999999999999"], "more than this tool accepts"],
      [["--recipient", "0x123"], "is not a payout address"],
      [["--incident", "abc"], "is not a whole number"],
      [["--file", "missing.jpg"], "missing.jpg does not exist"],
    ];
    for (const [override, expected] of cases) {
      await expect(claim(...override), override.join(" ")).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringContaining(expected),
      });
    }
    await expect(mutua("time-travel", "--seconds", "abc")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(mutua("issuer", "open-incident", "--description", "x", "--claims-days", "abc")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    // An incident's words are checked before it opens: never an incident open whose note was then refused.
    await expect(mutua("issuer", "open-incident", "--description", "Storm", "--region", "Kilifi county")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining("--region"),
    });
    await expect(mutua("issuer", "open-incident", "--description", "x".repeat(281))).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining("--description"),
    });
    await expect(mutua("governance", "propose", "--description", "x", "--max-claim", "abc")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining("is not an amount"),
    });
    await expect(mutua("governance", "propose", "--description", "quorum one", "--quorum", "1")).rejects.toMatchObject({
      code: "PARAMETER_OUT_OF_BOUNDS",
    });
    await expect(mutua("governance", "vote", "--name", "alice", "--proposal", "1", "--for", "--against")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    // An assessor without a seat is told so before anything is proven or sent.
    await mutua("assessor", "init", "--name", "eve");
    const [listed] = (await mutua("assessor", "list", "--name", "ana")).claims as { claimId: string }[];
    await expect(
      mutua("assessor", "vote", "--name", "eve", "--claim", listed?.claimId as string, "--reject", "--reason", "no"),
    ).rejects.toMatchObject({ code: "NOT_IN_ROUND", message: expect.stringContaining("hold no assessor seat") });
    // A relative --file resolves from the directory the user ran the command in (pnpm passes it as INIT_CWD).
    const fromRoot = await run(
      process.execPath,
      [
        cli,
        "--config",
        config,
        "--json",
        "member",
        "claim",
        "--name",
        "alice",
        "--incident",
        "1",
        "--amount",
        "5",
        "--recipient",
        "0x000000000000000000000000000000000000dEaD",
        "--file",
        "nope.jpg",
      ],
      { env: { ...env, INIT_CWD: dir }, cwd: join(import.meta.dirname, "..") },
    ).catch((e: { stdout: string }) => JSON.parse(e.stdout).error);
    expect(fromRoot.message).toContain(join(dir, "nope.jpg"));
    // No devnet behind the config: said so, not a stack trace.
    const dead = join(dir, "dead.json");
    writeFileSync(dead, readFileSync(config, "utf8").replace(/"rpc": "http:\/\/127\.0\.0\.1:\d+"/, '"rpc": "http://127.0.0.1:9"'));
    const unreachable = await run(process.execPath, [cli, "--config", dead, "--json", "issuer", "deposit-capital", "--amount", "1"], {
      env,
    }).catch((e: { stdout: string }) => JSON.parse(e.stdout).error);
    expect(unreachable.code).toBe("CHAIN_UNREACHABLE");
  }, 1_200_000);

  it("one SIGTERM to the launcher stops the devnet and frees its ports (no orphan)", async () => {
    const { rpc } = JSON.parse(readFileSync(config, "utf8")) as { rpc: string };
    const exited = new Promise((resolve) => devnet.once("exit", resolve));
    devnet.kill("SIGTERM");
    await exited;
    const port = Number(new URL(rpc).port);
    let free = false;
    for (let i = 0; i < 50 && !free; i++) {
      free = await new Promise<boolean>((resolve) => {
        const socket = connect(port, "127.0.0.1");
        socket.once("connect", () => {
          socket.destroy();
          resolve(false);
        });
        socket.once("error", () => resolve(true));
      });
      if (!free) await new Promise((r) => setTimeout(r, 100));
    }
    expect(free).toBe(true);
  });

  it("a devnet does not start over an earlier one's state; a port in use is named", async () => {
    const again = await run(process.execPath, [cli, "--config", config, "--json", "devnet"], { env, cwd: dir }).catch(
      (e: { stdout: string }) => JSON.parse(e.stdout.trim().split("\n").at(-1) as string).error,
    );
    expect(again).toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("--reset") });
    expect(existsSync(config)).toBe(true); // nothing was deleted without --reset
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const clash = await run(process.execPath, [cli, "--config", config, "--json", "devnet", "--reset", "--rpc-port", String(taken)], {
        env,
        cwd: dir,
      }).catch((e: { stdout: string }) => JSON.parse(e.stdout.trim().split("\n").at(-1) as string).error);
      expect(clash).toMatchObject({ code: "PORT_IN_USE", message: expect.stringContaining("--rpc-port") });
      expect(existsSync(config)).toBe(true); // checked before --reset deleted anything
    } finally {
      blocker.close();
    }
  });

  it("status --wait stops at once when the devnet it waits for has died, and says why", async () => {
    const other = mkdtempSync(join(tmpdir(), "mutua-dead-devnet-"));
    const otherConfig = join(other, ".mutua", "config.json");
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const taken = (blocker.address() as { port: number }).port;
    const parsed = (e: { stdout: string }) => JSON.parse(e.stdout.trim().split("\n").at(-1) as string).error;
    try {
      const failed = await run(process.execPath, [cli, "--config", otherConfig, "--json", "devnet", "--rpc-port", String(taken)], {
        env,
        cwd: other,
      }).catch(parsed);
      expect(failed).toMatchObject({ code: "PORT_IN_USE" });
      const started = Date.now();
      const waited = await run(process.execPath, [cli, "--config", otherConfig, "--json", "status", "--wait", "300"], {
        env,
        cwd: other,
      }).catch(parsed);
      expect(waited).toMatchObject({ code: "DEVNET_FAILED", message: expect.stringContaining("--rpc-port") });
      // At once, not at the end of its 300 s: the bound is loose, for a busy machine.
      expect(Date.now() - started).toBeLessThan(120_000);
    } finally {
      blocker.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("every flag of every command says what it is for", async () => {
    const commands = [
      "devnet",
      "status",
      "relayer",
      "settle",
      "time-travel",
      "issuer offer",
      "issuer admit",
      "issuer revoke",
      "issuer open-incident",
      "issuer deposit-capital",
      "governance propose",
      "governance vote",
      "governance execute",
      "governance status",
      "member init",
      "member request",
      "member accept",
      "member pay-premium",
      "member claim",
      "member status",
      "assessor init",
      "assessor list",
      "assessor open",
      "assessor vote",
      "assessor reveal",
      "member appeal",
      "member reasons",
      "member appeal-vote",
      "member reveal",
      "deploy",
      "node",
      "evidence status",
      "issuer queue",
      "issuer refuse",
      "member withdraw-refund",
      "keeper",
      "deploy-test-token",
      "member parametric",
      "member parametric-claim",
      "parametric products",
      "parametric trigger",
      "parametric record-policies",
    ];
    for (const command of commands) {
      const { stdout } = await run(process.execPath, [cli, ...command.split(" "), "--help"], { env });
      const bare = stdout.split("\n").filter((line) => /^ {2}(-\w, )?--[\w-]+( <[^>]+>)?\s*$/.test(line));
      expect(bare, `${command}: flags without a description`).toEqual([]);
    }
  });
});
