// Load on a real chain (issue "Beyond one machine", part 5), Anvil as a separate process:
// - 10,000 members admitted in batches of 1,000 (each paid into the premium queue first);
// - 200 claims with real proofs submitted at once through one relayer (its key signing locally: nonces,
//   fees, re-sends), from 200 client addresses. Every claim must land once or fail with a clear reason;
//   no nonce gaps. A client told QUEUE_FULL waits the Retry-After it was given and tries again.
import { randomBytes } from "node:crypto";
import { eligibilityArtifactPaths } from "@mutua/circuits";
import type { ClaimRequest } from "@mutua/contracts";
import { MutuaMutualClient, ResilientSigner } from "@mutua/contracts";
import type { PolicyTerms } from "@mutua/core";
import { agentResolver, createIdentityAgent, MemberWallet } from "@mutua/identity";
import { EligibilityProver, loadEligibilityArtifacts } from "@mutua/proofs";
import { startRelayer } from "@mutua/relayer";
import { erc20, Member, MutualAdmin } from "@mutua/sdk";
import { Wallet } from "ethers";
import { anvilWallet, startAnvilNetwork } from "../test/anvil-network.ts";
import { submitBurst } from "./claim-burst.ts";
import { median, round } from "./stats.ts";

const CLAIMS = 200;
const MEMBERS = 10_000;
const BATCH = 1_000;
const PREMIUM = 1_000_000n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export async function benchLoad(log: (line: string) => void) {
  const net = await startAnvilNetwork();
  const prover = new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
  try {
    const provider = net.chain.provider;
    const [operator, assessor, ...payers] = net.chain.signers.slice(0, 8);
    if (!operator || !assessor || payers.length < 4) throw new Error("accounts missing");
    const agent = (await createIdentityAgent()).agent;
    const did = (await agent.didManagerCreate()).did;
    const admin = await MutualAdmin.deploy({
      signer: operator,
      name: "Load Mutual",
      token: net.tokenAddress,
      issuer: { agent, did, statusListUrl: net.statusLists.url("load") },
      settings: { maxClaimAmount: 10n ** 12n, governanceDelay: 86_400 },
    });
    const relayerKey = new ResilientSigner(anvilWallet(19).connect(provider));
    const relayer = await startRelayer({ signer: relayerKey, mutuals: [admin.deployment.mutual] });
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const terms: PolicyTerms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: now - 86_400n, policyExpiry: now + 31_536_000n };

    // The claimants: real wallets. The other members: commitments of wallets that will not claim here.
    const claimants: Member[] = [];
    for (let i = 0; i < CLAIMS; i++) {
      const handle = await createIdentityAgent();
      claimants.push(
        new Member({
          wallet: await MemberWallet.open(handle),
          signer: assessor,
          deployment: admin.deployment,
          store: net.store,
          resolver: agentResolver(handle.agent),
          prover,
        }),
      );
    }
    const admissions = [
      ...(await Promise.all(claimants.map(async (m) => ({ ...(await m.requestMembership()), terms, premium: PREMIUM })))),
      ...Array.from({ length: MEMBERS - CLAIMS }, (_, i) => ({
        memberDid: `did:example:member-${i}`,
        identityCommitment: (BigInt(`0x${randomBytes(32).toString("hex")}`) % (R - 1n)) + 1n,
        terms,
        premium: PREMIUM,
      })),
    ];

    // Premiums: 10,000 payments into the queue, from four payer accounts at once.
    let started = performance.now();
    for (const payer of payers.slice(0, 4)) await net.mint(await payer.getAddress(), PREMIUM * BigInt(MEMBERS));
    for (const payer of payers.slice(0, 4)) {
      await (await erc20(admin.deployment.token, payer).getFunction("approve")(admin.deployment.mutual, PREMIUM * BigInt(MEMBERS))).wait();
    }
    const leaves = admissions.map((a) => MutualAdmin.leafOf(a));
    const sent = [];
    for (const [i, leaf] of leaves.entries()) {
      const payer = payers[i % 4] as (typeof payers)[number];
      sent.push(await new MutuaMutualClient(admin.deployment.mutual, payer).contract.getFunction("payPremium")(leaf, PREMIUM));
    }
    for (const tx of sent) await tx.wait();
    const paymentsMs = performance.now() - started;
    log(`${MEMBERS} premiums paid in ${round(paymentsMs / 1000)} s (${round((MEMBERS * 1000) / paymentsMs)} payments/s)`);

    // Admission in payment order, batches of 1,000.
    const byPayment = new Map(leaves.map((leaf, i) => [leaf, admissions[i]]));
    const pending = await admin.pendingPayments();
    const admissionTimes: number[] = [];
    const gas: number[] = [];
    const credentials = new Map<string, string>();
    for (let first = 0; first < pending.length; first += BATCH) {
      const batch = pending.slice(first, first + BATCH).map((p) => byPayment.get(p.leaf) as (typeof admissions)[number]);
      const t = performance.now();
      const admitted = await admin.admitMembers(batch);
      admissionTimes.push(performance.now() - t);
      gas.push(Number(admitted.receipt?.gasUsed ?? 0n) / batch.length);
      for (const credential of admitted.credentials) credentials.set(credential.membership.memberDid, credential.jwt);
    }
    log(
      `${MEMBERS} members admitted in ${admissionTimes.length} batches: ${round(median(admissionTimes))} ms per batch of ${BATCH} (median), ${round(median(gas))} gas/member`,
    );
    for (const m of claimants) await m.wallet.accept(credentials.get(await m.wallet.did()) ?? "");
    const { incidentId } = await admin.openIncident(7 * 86_400, 7 * 86_400);

    log(`proving ${CLAIMS} claims (not timed here: see proofs)`);
    started = performance.now();
    const requests: ClaimRequest[] = [];
    for (const m of claimants) {
      const files = [{ name: "photo.jpg", mediaType: "image/jpeg", content: new Uint8Array(4_000) }];
      requests.push((await m.prepareClaim({ incidentId, amount: 1_000_000n, recipient: Wallet.createRandom().address, files })).request);
    }
    const provingMs = performance.now() - started;

    // The burst: every claim at once, each client from its own address.
    const burst = await submitBurst({
      relayer,
      mutual: admin.mutual,
      fromBlock: admin.deployment.fromBlock,
      incidentId,
      requests,
      provider,
      log,
    });
    log(`(proving beforehand: ${round(provingMs / CLAIMS)} ms a claim)`);
    await relayer.close();
    return {
      members: MEMBERS,
      premiumPaymentsPerSecond: round((MEMBERS * 1000) / paymentsMs),
      admissionBatchMs: round(median(admissionTimes)),
      admissionGasPerMember: round(median(gas)),
      provingMsPerClaim: round(provingMs / CLAIMS),
      ...burst,
    };
  } finally {
    await prover.close();
    await net.close();
  }
}
