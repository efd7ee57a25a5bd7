// The issuer killed with SIGKILL between the chain's admission and the credential: its process sent `addMembers`
// (Anvil, a separate process, holds it pending), then died; the chain mines it. A rerun completes exactly what is
// missing: the leaf is not posted or charged again, the credential is issued once, and a third run returns the same
// credential instead of a second one.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Admission } from "@mutua/sdk";
import { offerJson } from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilWallet, startAnvilNetwork } from "./anvil-network.ts";
import { openIssuer } from "./issuer-home.ts";
import type { World } from "./world.ts";
import { createWorld, PREMIUM } from "./world.ts";

const issuerKey = anvilWallet(0); // the world's deployer holds the issuer role
let world: World;
let rpc: string;
let home: string;

beforeAll(async () => {
  const network = await startAnvilNetwork();
  rpc = network.rpcUrl;
  world = await createWorld({ memberNames: ["alice"], network: async () => network });
  home = mkdtempSync(join(tmpdir(), "mutua-issuer-crash-"));
}, 600_000);
afterAll(async () => {
  await world?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("the issuer after kill -9", () => {
  it("a rerun issues the credential for a leaf the chain took before the crash, once, without charging again", async () => {
    const provider = world.net.chain.provider;
    const dora = await world.newMember("dora");
    const admission: Admission = { ...(await dora.member.requestMembership()), terms: world.terms, premium: PREMIUM };
    await world.net.mint(await dora.signer.getAddress(), PREMIUM);
    await dora.member.payPremium({ terms: world.terms, premium: PREMIUM });
    const membersBefore = await world.admin.mutual.memberCount();

    // Blocks stop coming: the issuer's addMembers stays pending until the process is dead.
    await provider.send("evm_setAutomine", [false]);
    const deployment = { ...world.admin.deployment, chainId: world.admin.deployment.chainId.toString() };
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        join(import.meta.dirname, "admit-process.ts"),
        rpc,
        JSON.stringify(deployment),
        home,
        JSON.stringify(offerJson(admission)),
        issuerKey.privateKey,
        world.net.statusLists.url("members"),
      ],
      { stdio: "ignore" },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const pendingFromIssuer = async () => {
      const pool = (await provider.send("txpool_content", [])) as { pending: Record<string, Record<string, unknown>> };
      return Object.keys(pool.pending).some((from) => from.toLowerCase() === issuerKey.address.toLowerCase());
    };
    for (let i = 0; i < 2_400 && child.exitCode === null && !(await pendingFromIssuer()); i++) await new Promise((r) => setTimeout(r, 250));
    expect(await pendingFromIssuer()).toBe(true);
    child.kill("SIGKILL");
    await exited;
    await provider.send("evm_setAutomine", [true]);
    await provider.send("evm_mine", []);

    // The chain took the leaf and used the premium up; no credential was written.
    expect(await world.admin.mutual.memberCount()).toBe(membersBefore + 1);
    expect(await world.admin.pendingPayments()).toEqual([]);
    const log = join(home, "issued.jsonl");
    expect(existsSync(log) ? readFileSync(log, "utf8") : "").not.toMatch(/"issued"/);

    // The rerun (as `mutua issuer admit` run again): no transaction, the credential issued now.
    const nonce = await provider.getTransactionCount(issuerKey.address);
    const rerun = await openIssuer({
      rpc,
      deployment: world.admin.deployment,
      home,
      key: issuerKey.privateKey,
      statusListUrl: world.net.statusLists.url("members"),
    });
    const completed = await rerun.admitMembers([admission]);
    expect(completed.receipt).toBeUndefined();
    expect(await provider.getTransactionCount(issuerKey.address)).toBe(nonce);
    expect(await world.admin.mutual.memberCount()).toBe(membersBefore + 1);
    const [credential] = completed.credentials;
    await dora.wallet.accept(credential?.jwt as string);
    expect(dora.wallet.memberships()).toHaveLength(1);

    // Run once more: the same credential, not a second one.
    const again = await (
      await openIssuer({
        rpc,
        deployment: world.admin.deployment,
        home,
        key: issuerKey.privateKey,
        statusListUrl: world.net.statusLists.url("members"),
      })
    ).admitMembers([admission]);
    expect(again.credentials[0]?.id).toBe(credential?.id);
    expect(readFileSync(log, "utf8").match(/"issued"/g)).toHaveLength(1);
  });
});
