// A million members (issue "Beyond one machine", part 4), on Anvil as a separate process:
// - cold sync: every leaf read from the chain in bounded eth_getLogs pages, the tree built and kept on disk;
// - warm: the kept tree caught up with a new batch, the member's Merkle path ready; and with nothing new;
// - the issuer's admission of 1,000 members: computation (tree, credentials) and gas per member.
// `scale` runs at 2^16 members (part of `pnpm bench`); `scale-million` at 2^20 (`pnpm bench --only scale-million`).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectChain, deployMemberEventLog, deployTestToken, MutuaMutualClient, ResilientSigner } from "@mutua/contracts";
import type { PolicyTerms } from "@mutua/core";
import { createIdentityAgent, MembershipIssuer } from "@mutua/identity";
import { MemberTree, StreamingTreeBuilder, SubtreePool } from "@mutua/proofs";
import { MutualAdmin, rebuildMemberTree, syncMemberTree } from "@mutua/sdk";
import type { Contract } from "ethers";
import { JsonRpcProvider, NonceManager } from "ethers";
import { anvilWallet, startAnvil } from "../test/anvil-network.ts";
import { median, round } from "./stats.ts";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const randomLeaf = () => (BigInt(`0x${randomBytes(32).toString("hex")}`) % (R - 1n)) + 1n;
/** Leaves per MembersAdded transaction while setting the chain up (~3.5M gas each). */
const SETUP_BATCH = 4_096;
/** eth_getLogs range for the sync: small enough that a million members take many pages. */
const PAGE_BLOCKS = 32;

export function benchScale(log: (line: string) => void) {
  return benchAt(2 ** 16, log);
}

export function benchScaleMillion(log: (line: string) => void) {
  return benchAt(2 ** 20, log);
}

/** The root of the first `size` leaves, from the levels of a larger tree: only the right edge is rehashed. */
function prefixRoot(levels: readonly (readonly bigint[])[], size: number): bigint {
  const node = (level: number, index: number): bigint => {
    if ((index + 1) * 2 ** level <= size) return levels[level]?.[index] as bigint;
    const left = node(level - 1, 2 * index);
    return (2 * index + 1) * 2 ** (level - 1) >= size ? left : MemberTree.hashPair(left, node(level - 1, 2 * index + 1));
  };
  return size === 0 ? 0n : node(Math.ceil(Math.log2(size)), 0);
}

async function benchAt(members: number, log: (line: string) => void) {
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.url, undefined, { cacheTimeout: -1, pollingInterval: 20 });
  const dir = mkdtempSync(join(tmpdir(), "mutua-scale-"));
  const pool = new SubtreePool();
  try {
    // The chain: `members` − 1,000 leaves in MembersAdded events with their real roots; a last batch of
    // 1,000 comes later, for the warm catch-up, and brings it to exactly `members`.
    const all = Array.from({ length: members }, randomLeaf);
    const leaves = all.slice(0, members - 1_000);
    let started = performance.now();
    const builder = new StreamingTreeBuilder(pool, MemberTree.hashPair);
    builder.push(all);
    const levels = await builder.finish();
    const issuerBuildMs = performance.now() - started;
    log(`issuer builds the ${members}-member tree: ${round(issuerBuildMs / 1000)} s (${pool.engine} Poseidon, ${pool.threads} at once)`);
    const registry = (await deployMemberEventLog(new NonceManager(anvilWallet(0).connect(provider)))) as Contract;
    const fromBlock = (await provider.getBlockNumber()) - 1;
    // Setup only (not measured): calldata encoded by hand and sent from Anvil's unlocked account, since
    // ethers' encoder and signer take ~0.4 s for each 4,096-leaf transaction.
    const registryAddress = await registry.getAddress();
    const selector = registry.interface.getFunction("addMembers")?.selector ?? "";
    const word = (value: bigint | number) => BigInt(value).toString(16).padStart(64, "0");
    const post = (batch: readonly bigint[], root: bigint) =>
      rawRpc(anvil.url, "eth_sendTransaction", [
        {
          from: anvilWallet(0).address,
          to: registryAddress,
          data: `${selector}${word(64)}${word(root)}${word(batch.length)}${batch.map(word).join("")}`,
          gas: "0x1c9c380",
        },
      ]);
    const hashes: string[] = [];
    for (let first = 0; first < leaves.length; first += SETUP_BATCH) {
      const batch = leaves.slice(first, first + SETUP_BATCH);
      hashes.push(await post(batch, prefixRoot(levels, first + batch.length)));
    }
    for (const hash of hashes) await provider.waitForTransaction(hash);
    log(`chain holds ${leaves.length} members in ${hashes.length} batches`);
    // Read as the CLI and wallets do: through connectChain (its fetch transport, the chain id checked).
    const { provider: reader } = await connectChain({ urls: [anvil.url] });
    const mutual = new MutuaMutualClient(await registry.getAddress(), reader);
    const mine = leaves[Math.floor(leaves.length * 0.37)] as bigint;

    // Cold, first at members − 1,000: nothing kept; every leaf from the chain in pages, hashed on every core
    // while the next pages come, written to the tree file; then the member's own path.
    const coldSync = async () => {
      rmSync(join(dir, "tree"), { recursive: true, force: true });
      const t = performance.now();
      const tree = await syncMemberTree(mutual, fromBlock, join(dir, "tree"), { pool, paging: { pageBlocks: PAGE_BLOCKS } });
      // A wallet's first sync ends with its own Merkle path: its leaf is found once (a scan), then remembered.
      tree.proof(tree.indexOf(mine));
      const ms = performance.now() - t;
      const root = tree.root;
      tree.close();
      return { ms, root };
    };
    const first = await coldSync();
    if (first.root !== prefixRoot(levels, leaves.length)) throw new Error("cold sync built another root");

    // Warm: the last batch of 1,000 on the chain, caught up from the kept tree; then nothing new.
    const reference = MemberTree.fromLevels(levels.map((level) => [...level]));
    await provider.waitForTransaction(await post(all.slice(members - 1_000), reference.root));
    started = performance.now();
    const caughtUp = await syncMemberTree(mutual, fromBlock, join(dir, "tree"), { pool });
    const path = caughtUp.proof(caughtUp.indexOf(mine));
    const warmNewBatchMs = performance.now() - started;
    if (path.root !== reference.root) throw new Error("warm sync built another root");
    caughtUp.close();
    const warm: number[] = [];
    for (let run = 0; run < 7; run++) {
      started = performance.now();
      const tree = await syncMemberTree(mutual, fromBlock, join(dir, "tree"), { pool });
      tree.proof(tree.indexOf(mine));
      warm.push(performance.now() - started);
      tree.close();
    }
    log(
      `warm: Merkle path ready in ${round(median(warm))} ms (nothing new), ${round(warmNewBatchMs)} ms after a new batch of 1,000 (goal ≤ 50 ms)`,
    );
    // Cold again, now at exactly `members`: the headline number.
    const cold: number[] = [];
    for (let run = 0; run < (members > 2 ** 18 ? 1 : 3); run++) {
      const { ms, root } = await coldSync();
      if (root !== reference.root) throw new Error("cold sync built another root");
      cold.push(ms);
    }
    log(`cold sync ${members} members: ${round(median(cold) / 1000)} s (pages of ${PAGE_BLOCKS} blocks; goal at 2^20: ≤ 30 s)`);

    // For comparison: the in-memory rebuild the wallet did before (now also through the workers).
    started = performance.now();
    await rebuildMemberTree(mutual, fromBlock, { pool, paging: { pageBlocks: PAGE_BLOCKS } });
    const inMemoryMs = performance.now() - started;
    log(`in-memory rebuild (issuer's view): ${round(inMemoryMs / 1000)} s`);

    // The issuer's computation for a batch of 1,000 on a tree this size: the new root (the issuer's tree holds
    // members − 1,000; the copy it admits into, and the batch), and the credentials.
    // (the prefix's levels; their right-edge nodes are recomputed by the insert)
    const before = MemberTree.fromLevels(
      levels.map((level, i) => level.slice(0, Math.ceil((members - 1_000) / 2 ** i))).filter((level) => level.length > 0),
    );
    started = performance.now();
    const next = before.copy();
    next.addMany(all.slice(members - 1_000));
    const treeMs = performance.now() - started;
    if (next.root !== reference.root) throw new Error("the issuer's admission built another root");
    const admission = await benchAdmission(anvil.url, log);
    log(`admission of 1,000 at ${members}: tree ${round(treeMs)} ms + credentials ${round(admission.credentialsMs)} ms`);
    return {
      members,
      issuerBuildSeconds: round(issuerBuildMs / 1000),
      coldSyncSeconds: round(median(cold) / 1000),
      coldSyncRuns: cold.map((ms) => round(ms / 1000)),
      warmPathMs: round(median(warm)),
      warmAfterNewBatchMs: round(warmNewBatchMs),
      inMemoryRebuildSeconds: round(inMemoryMs / 1000),
      pageBlocks: PAGE_BLOCKS,
      threads: pool.threads,
      poseidon: pool.engine,
      admission1000: {
        treeMs: round(treeMs),
        credentialsMs: round(admission.credentialsMs),
        computationMs: round(treeMs + admission.credentialsMs),
        wallMs: round(admission.wallMs),
        gasPerMember: admission.gasPerMember,
        gasUsed: admission.gasUsed,
      },
    };
  } finally {
    await pool.close();
    provider.destroy();
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A JSON-RPC call without ethers (bench setup). */
async function rawRpc(url: string, method: string, params: unknown[]): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: string; error?: { message: string } };
  if (!body.result) throw new Error(`${method}: ${body.error?.message ?? "no result"}`);
  return body.result;
}

/** 1,000 members pay their premiums (the queue), then one admission: its gas, and where its time goes. */
async function benchAdmission(rpc: string, log: (line: string) => void) {
  const provider = new JsonRpcProvider(rpc, undefined, { cacheTimeout: -1, pollingInterval: 20 });
  const admin = new ResilientSigner(anvilWallet(1).connect(provider));
  const payer = new NonceManager(anvilWallet(2).connect(provider));
  const { agent } = await createIdentityAgent();
  const did = (await agent.didManagerCreate({ alias: "issuer" })).did;
  const token = (await deployTestToken(admin)) as Contract;
  const mutualAdmin = await MutualAdmin.deploy({
    signer: admin,
    name: "Scale",
    token: await token.getAddress(),
    issuer: { agent, did, statusListUrl: "http://127.0.0.1:9/status/members" },
    settings: { maxClaimAmount: 10n ** 12n, governanceDelay: 86_400 },
  });
  const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
  const terms: PolicyTerms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: now - 60n, policyExpiry: now + 365n * 86_400n };
  const admissions = Array.from({ length: 1_000 }, (_, i) => ({
    memberDid: `did:example:member-${i}`,
    identityCommitment: randomLeaf(),
    terms,
    premium: 300_000_000n,
  }));
  const premiumToken = token.connect(payer) as Contract;
  await (await token.getFunction("mint")(await payer.getAddress(), 300_000_000n * 1_000n)).wait();
  await (await premiumToken.getFunction("approve")(mutualAdmin.deployment.mutual, 300_000_000n * 1_000n)).wait();
  const payments = [];
  const payerMutual = new MutuaMutualClient(mutualAdmin.deployment.mutual, payer).contract;
  for (const admission of admissions)
    payments.push(await payerMutual.getFunction("payPremium")(MutualAdmin.leafOf(admission), admission.premium));
  for (const payment of payments) await payment.wait();
  log("1,000 premiums paid into the queue");
  // Where the issuer's time goes: credentials are signed by its Veramo agent, one JWT each (timed on a
  // second issuer with the same agent, so that the admission below still issues its own).
  const rehearsal = await MembershipIssuer.open(agent, { issuerDid: did, statusListUrl: "http://127.0.0.1:9/status/members" });
  let started = performance.now();
  for (const admission of admissions) {
    await rehearsal.issue({
      memberDid: admission.memberDid,
      identityCommitment: admission.identityCommitment,
      terms,
      mutual: { name: "Scale", chainId: 31337n, contract: mutualAdmin.deployment.mutual },
    });
  }
  const credentialsMs = performance.now() - started;
  started = performance.now();
  const { receipt, credentials } = await mutualAdmin.admitMembers(admissions);
  const wallMs = performance.now() - started;
  const gasUsed = Number(receipt?.gasUsed ?? 0n);
  if (credentials.length !== 1_000) throw new Error("not every member got a credential");
  log(`admitMembers(1,000): ${round(wallMs)} ms wall, ${gasUsed} gas (${Math.round(gasUsed / 1_000)}/member; goal ≤ 1,500)`);
  provider.destroy();
  return { gasUsed, gasPerMember: Math.round(gasUsed / 1_000), wallMs, credentialsMs };
}
