// Relayer load: 50 claims with real proofs, submitted at once by 50 distinct clients (source addresses
// 127.0.0.2–51) to one relayer over HTTP. Every claim must land once, with contiguous nonces.
import { eligibilityArtifactPaths } from "@mutua/circuits";
import type { ClaimRequest } from "@mutua/contracts";
import { startEmbeddedNetwork } from "@mutua/devnet";
import { agentResolver, createIdentityAgent, MemberWallet } from "@mutua/identity";
import { EligibilityProver, loadEligibilityArtifacts } from "@mutua/proofs";
import { startRelayer } from "@mutua/relayer";
import { Member, MutualAdmin } from "@mutua/sdk";
import { Wallet } from "ethers";
import { submitBurst } from "./claim-burst.ts";

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
      requests.push((await m.prepareClaim({ incidentId, amount: 1_000_000n, recipient: Wallet.createRandom().address, files })).request);
    }
    const burst = await submitBurst({
      relayer,
      mutual: admin.mutual,
      fromBlock: admin.deployment.fromBlock,
      incidentId,
      requests,
      provider: net.chain.provider,
      log,
    });
    await relayer.close();
    return burst;
  } finally {
    await prover.close();
    await net.close();
  }
}
