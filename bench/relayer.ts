// Relayer load: 50 claims with real proofs, submitted at once by 50 distinct clients (source addresses
// 127.0.0.2–51) to one relayer over HTTP. Every claim must land once, with contiguous nonces.
import { eligibilityArtifactPaths } from "@mutua/circuits";
import { startEmbeddedNetwork } from "@mutua/cli";
import type { ClaimRequest } from "@mutua/contracts";
import { agentResolver, createIdentityAgent, MemberWallet } from "@mutua/identity";
import { EligibilityProver, loadEligibilityArtifacts } from "@mutua/proofs";
import { RelayerClient, startRelayer } from "@mutua/relayer";
import { Member, MutualAdmin } from "@mutua/sdk";
import { Wallet } from "ethers";
import { fetchFrom } from "../test/source-address-fetch.ts";
import { median, round } from "./stats.ts";

const CLAIMS = 50;

export async function benchRelayer(log: (line: string) => void) {
  const net = await startEmbeddedNetwork();
  const prover = new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
  try {
    const [operator, reader, relayerAccount] = net.chain.signers;
    if (!operator || !reader || !relayerAccount) throw new Error("accounts missing");
    const agent = (await createIdentityAgent()).agent;
    const did = (await agent.didManagerCreate()).did;
    const admin = await MutualAdmin.deploy({
      signer: operator,
      assessors: [await reader.getAddress()],
      name: "Load Mutual",
      token: net.tokenAddress,
      issuer: { agent, did, statusListUrl: net.statusLists.url("load") },
      settings: { maxClaimAmount: 10n ** 12n },
    });
    const relayer = await startRelayer({
      signer: relayerAccount,
      mutuals: [admin.deployment.mutual],
      rateLimit: { requests: 10, windowMs: 60_000 },
    });
    const now = BigInt((await net.chain.provider.getBlock("latest"))?.timestamp ?? 0);
    const terms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: now - 86_400n, policyExpiry: now + 31_536_000n };
    const members: Member[] = [];
    for (let i = 0; i < CLAIMS; i++) {
      const handle = await createIdentityAgent();
      const wallet = await MemberWallet.open(handle);
      members.push(
        new Member({
          wallet,
          signer: reader,
          deployment: admin.deployment,
          store: net.store,
          resolver: agentResolver(handle.agent),
          prover,
        }),
      );
    }
    const premium = 1_000_000n;
    await net.mint(await reader.getAddress(), premium * BigInt(CLAIMS));
    for (const m of members) await m.payPremium({ terms, premium });
    const { credentials } = await admin.admitMembers(
      await Promise.all(members.map(async (m) => ({ ...(await m.requestMembership()), terms, premium }))),
    );
    for (const [i, m] of members.entries()) await m.wallet.accept(credentials[i]?.jwt ?? "");
    const { incidentId } = await admin.openIncident(7 * 86_400, 7 * 86_400);
    log(`proving ${CLAIMS} claims (not timed here: see proofs)`);
    const requests: ClaimRequest[] = [];
    for (const m of members) {
      const files = [{ name: "photo.jpg", mediaType: "image/jpeg", content: new Uint8Array(10_000) }];
      requests.push(
        (await m.prepareClaim({ incidentId, amount: 1_000_000n, recipient: Wallet.createRandom().address, files, assessors: [] })).request,
      );
    }
    const nonceBefore = await net.chain.provider.getTransactionCount(relayer.address);
    const latencies: number[] = [];
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      requests.map(async (request, i) => {
        const t = performance.now();
        const result = await new RelayerClient(relayer.url, { fetch: fetchFrom(`127.0.0.${i + 2}`) }).submit(
          admin.deployment.mutual,
          request,
        );
        latencies.push(performance.now() - t);
        return result;
      }),
    );
    const totalMs = performance.now() - started;
    const landed = outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value);
    const failures = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === "rejected")
      .map((o) => String((o.reason as Error).message));
    const nonces = (
      await Promise.all(landed.map(async (r) => (await net.chain.provider.getTransaction(r.transactionHash))?.nonce ?? -1))
    ).sort((a, b) => a - b);
    const contiguous = nonces.every((n, i) => n === nonceBefore + i);
    const unique = new Set(landed.map((r) => r.transactionHash)).size === landed.length;
    const filed = (await admin.mutual.filedClaims(admin.deployment.fromBlock, incidentId)).length;
    log(
      `${landed.length}/${CLAIMS} landed, ${failures.length} refused; nonces contiguous ${contiguous}, no duplicates ${unique}, filed on-chain ${filed}`,
    );
    log(
      `all ${CLAIMS} in ${round(totalMs)} ms: ${round((landed.length * 1000) / totalMs)} claims/s; latency median ${round(median(latencies))} ms, max ${round(Math.max(...latencies))} ms`,
    );
    await relayer.close();
    return {
      claims: CLAIMS,
      landed: landed.length,
      failures,
      contiguousNonces: contiguous,
      noDuplicates: unique,
      filedOnChain: filed,
      totalMs: round(totalMs),
      claimsPerSecond: round((landed.length * 1000) / totalMs),
      latencyMedianMs: round(median(latencies)),
      latencyMaxMs: round(Math.max(...latencies)),
    };
  } finally {
    await prover.close();
    await net.close();
  }
}
