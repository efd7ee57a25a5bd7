// A whole mutual on embedded defaults, built only through the public packages: the chain (EDR), IPFS
// (Helia), Veramo agents for the issuer, assessors and members, the contracts, the circuit's prover.
import { eligibilityArtifactPaths, voteArtifactPaths } from "@mutua/circuits";
import type { CoverTerms, PolicyTerms } from "@mutua/core";
import type { EmbeddedNetwork } from "@mutua/devnet";
import { startEmbeddedNetwork } from "@mutua/devnet";
import type { IdentityAgent } from "@mutua/identity";
import { agentResolver, createIdentityAgent, MemberWallet } from "@mutua/identity";
import { EligibilityProver, loadEligibilityArtifacts, VoteProver } from "@mutua/proofs";
import { startRelayer } from "@mutua/relayer";
import type { ClaimDecision } from "@mutua/sdk";
import { Assessor, Member, MemberGovernance, MutualAdmin, Settlement } from "@mutua/sdk";
import type { Signer } from "ethers";

export const USDC = 10n ** 6n;
export const DAY = 86_400;
export const PREMIUM = 250n * USDC;

export interface WorldMember {
  name: string;
  signer: Signer;
  wallet: MemberWallet;
  member: Member;
  credentialId: string;
  terms: PolicyTerms;
}

/** `network`: where the world runs; default the embedded chain (EDR) and Helia, or e.g. an Anvil process. */
export async function createWorld(
  options: {
    memberNames?: string[];
    /** Cover terms of the first members' policies (rating class, region, parametric products); default none. */
    cover?: CoverTerms;
    rootWindow?: number;
    network?: () => Promise<EmbeddedNetwork>;
    /** Deploys ParametricCover with the mutual; the function may deploy an optimistic oracle first (it gets the network and the deployer). */
    parametric?: (
      net: EmbeddedNetwork,
      deployer: Signer,
    ) => Promise<{ optimisticOracle?: string; minPolicies?: number; assertionBond?: bigint }>;
  } = {},
) {
  const net: EmbeddedNetwork = await (options.network ?? startEmbeddedNetwork)();
  const accounts = [...net.chain.signers];
  const take = () => {
    const signer = accounts.shift();
    if (!signer) throw new Error("out of accounts");
    return signer;
  };
  const adminSigner = take();
  const relayer = take();
  const assessorSigners = [take(), take(), take()];

  // Assessors: a DID to read evidence, and a wallet whose identity makes their seat (appointed at deployment).
  const assessorIdentities: { agent: IdentityAgent; did: string; wallet: MemberWallet; signer: Signer }[] = [];
  for (const signer of assessorSigners) {
    const handle = await createIdentityAgent();
    const { did } = await handle.agent.didManagerCreate();
    assessorIdentities.push({ agent: handle.agent, did, wallet: await MemberWallet.open(handle), signer });
  }
  const issuerAgent = (await createIdentityAgent()).agent;
  const issuerDid = (await issuerAgent.didManagerCreate({ alias: "mutual" })).did;
  const admin = await MutualAdmin.deploy({
    signer: adminSigner,
    name: "Harbor Fishers Mutual",
    token: net.tokenAddress,
    issuer: { agent: issuerAgent, did: issuerDid, statusListUrl: net.statusLists.url("members") },
    assessorSeats: (mutual) => assessorIdentities.map((a) => Assessor.seatOf(a.wallet, mutual, a.did)),
    settings: { maxClaimAmount: 10_000n * USDC, quorum: 2, settlementDelay: 3_600, rootWindow: options.rootWindow ?? 16 },
    ...(options.parametric ? { parametric: await options.parametric(net, adminSigner) } : {}),
  });
  net.statusLists.publish("members", () => admin.issuer.statusListCredential());
  // Members file, and everyone votes, through a real relayer service over HTTP, from its own account.
  const relayerService = await startRelayer({
    signer: relayer,
    mutuals: [admin.deployment.mutual],
    ballotBoxes: [
      admin.deployment.governor,
      admin.deployment.assessment,
      admin.deployment.keeper ?? "",
      ...(admin.deployment.parametricCover ? [admin.deployment.parametricCover] : []),
    ],
  });

  const prover = new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
  const voteProver = new VoteProver(await loadEligibilityArtifacts(voteArtifactPaths()));
  const assessors = assessorIdentities.map((a) => ({
    ...a,
    assessor: new Assessor({ ...a, deployment: admin.deployment, store: net.store, relayer: relayerService.url, prover: voteProver }),
  }));
  const governance = new MemberGovernance({
    deployment: admin.deployment,
    signer: relayer,
    relayer: relayerService.url,
    prover: voteProver,
  });
  const block = await net.chain.provider.getBlock("latest");
  const now = BigInt(block?.timestamp ?? 0);
  const terms: PolicyTerms = {
    policyId: 1n,
    coverageLimit: 5_000n * USDC,
    policyStart: now - BigInt(DAY),
    policyExpiry: now + 365n * BigInt(DAY),
    ...options.cover,
  };

  async function newMember(name: string) {
    const handle = await createIdentityAgent();
    const wallet = await MemberWallet.open(handle);
    const signer = take();
    const member = new Member({
      wallet,
      signer,
      deployment: admin.deployment,
      store: net.store,
      resolver: agentResolver(handle.agent),
      relayer: relayerService.url,
      prover,
    });
    return { name, signer, wallet, member, handle };
  }

  /** Each pays the premium for `policy` from their own account, then all are admitted in one batch. */
  async function admit(people: Awaited<ReturnType<typeof newMember>>[], policy = terms): Promise<WorldMember[]> {
    const requests = await Promise.all(
      people.map(async (p) => ({ ...(await p.member.requestMembership()), terms: policy, premium: PREMIUM })),
    );
    for (const p of people) {
      await net.mint(await p.signer.getAddress(), PREMIUM);
      await p.member.payPremium({ terms: policy, premium: PREMIUM });
    }
    const { credentials } = await admin.admitMembers(requests);
    return Promise.all(
      people.map(async (p, i) => {
        const issued = credentials[i];
        if (!issued) throw new Error("missing credential");
        await p.wallet.accept(issued.jwt);
        return { name: p.name, signer: p.signer, wallet: p.wallet, member: p.member, credentialId: issued.id, terms: policy };
      }),
    );
  }

  const members = await admit(await Promise.all((options.memberNames ?? ["alice", "bob", "carol"]).map(newMember)));
  /** The admitted member called `name`. */
  const member = (name: string): WorldMember => {
    const found = members.find((m) => m.name === name);
    if (!found) throw new Error(`no member ${name}`);
    return found;
  };
  for (const m of members) await net.mint(await m.signer.getAddress(), 1_000n * USDC);
  await net.mint(await adminSigner.getAddress(), 50_000n * USDC);
  await admin.depositCapital(20_000n * USDC);
  const { incidentId } = await admin.openIncident(7 * DAY, 7 * DAY);
  const settlement = new Settlement({ signer: relayer, deployment: admin.deployment });

  /** Moves chain time to just after `timestamp`. */
  async function travelPast(timestamp: bigint) {
    const now = BigInt((await net.chain.provider.getBlock("latest"))?.timestamp ?? 0);
    if (timestamp >= now) await net.chain.increaseTime(Number(timestamp - now + 1n));
  }

  /**
   * The assessors decide a claim: assessor i votes decisions[i] (sealed, through the relayer), voting closes, all
   * reveal, the reveal window closes, anyone finalizes.
   */
  async function decide(claim: { claimId: string; incidentId: bigint; nullifier: bigint }, decisions: ClaimDecision[]) {
    const listed = await assessors[0]?.assessor.listClaims(claim.incidentId);
    const filed = listed?.find((c) => c.claimId === claim.claimId);
    if (!filed) throw new Error("the claim is not listed");
    for (const [i, decision] of decisions.entries()) await assessors[i]?.assessor.vote(filed, decision);
    const round = await assessors[0]?.assessor.listClaims(claim.incidentId);
    const state = round?.find((c) => c.claimId === claim.claimId)?.round;
    const incident = await admin.mutual.getIncident(claim.incidentId);
    await travelPast(state?.opened ? state.commitEndsAt : incident.votingEndsAt);
    for (const { assessor } of assessors) await assessor.reveal();
    const after = (await assessors[0]?.assessor.listClaims(claim.incidentId))?.find((c) => c.claimId === claim.claimId)?.round;
    await travelPast(after?.revealEndsAt ?? 0n);
    return settlement.finalize(claim.incidentId, claim.nullifier);
  }

  return {
    net,
    admin,
    adminSigner,
    relayer,
    relayerService,
    issuerDid,
    assessors,
    governance,
    voteProver,
    decide,
    travelPast,
    members,
    member,
    incidentId,
    terms,
    settlement,
    prover,
    take,
    newMember,
    admit,
    async close() {
      await relayerService.close();
      await prover.close();
      await voteProver.close();
      await net.close();
    },
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;

export function evidenceFiles(text = "storm damage to the hull, 2026-11-20") {
  return [
    { name: "hull.jpg", mediaType: "image/jpeg", content: new Uint8Array(300_000).map((_, i) => (i * 7) % 256) },
    { name: "claim-form.json", mediaType: "application/json", content: new TextEncoder().encode(JSON.stringify({ description: text })) },
  ];
}
