// A mutual for the member app's browser tests: Anvil as a separate process (the browser reaches it over HTTP, as a
// phone reaches a public RPC node), an evidence node (Helia) behind the same HTTP host that serves the built app and
// the circuits, a relayer, and one assessor seat whose wallet is made here and restored into the browser from its
// backup file, as an assessor moving to a new phone would.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eligibilityArtifactPaths, voteArtifactPaths } from "@mutua/circuits";
import { appHandler, circuitFiles, startJoinDesk } from "@mutua/cli";
import { MockV3AggregatorArtifact } from "@mutua/contracts";
import type { PolicyTerms } from "@mutua/core";
import { startStatusListHost } from "@mutua/devnet";
import { evidenceNodeHandler } from "@mutua/evidence";
import { agentResolver, createIdentityAgent, MemberWallet } from "@mutua/identity";
import { EligibilityProver, loadEligibilityArtifacts, VoteProver } from "@mutua/proofs";
import { startRelayer } from "@mutua/relayer";
import type { AdmissionProofPolicy, RateTable } from "@mutua/sdk";
import {
  AdmissionProofs,
  Assessor,
  buildRateTable,
  drawPool,
  Member,
  MemberGovernance,
  MutualAdmin,
  moveCapitalAction,
  offerJson,
  ParametricCoverClient,
  poolExperience,
  quote,
  Settlement,
  setParametricProductAction,
} from "@mutua/sdk";
import type { Contract, Signer } from "ethers";
import { ContractFactory } from "ethers";
import { anvilWallet, startAnvilNetwork } from "./anvil-network.ts";

export const USDC = 10n ** 6n;
export const DAY = 86_400;
export const APP_DIST = join(import.meta.dirname, "..", "packages", "app", "dist");
export const ASSESSOR_PASSPHRASE = "assessor passphrase 2026";
export const REGION = 7;
export const RAIN = 0;
export const RAIN_PAYOUT = 200n * USDC;
/** The class the priced desk sells (the founding rate table's factors: home port × boat). */
export const PRICED_CLASS = { port: "Kilifi", boat: "dhow" };

/** The founding rate table, fitted on a drawn pool's six years (docs/pricing.md): the priced desk's premiums. */
function foundingTable(): RateTable {
  const factors = [
    { name: "port", levels: ["Lamu", "Kilifi"] },
    { name: "boat", levels: ["canoe", "dhow"] },
  ];
  return buildRateTable({
    version: 1,
    product: "boats",
    unit: "boat-year",
    factors,
    experience: poolExperience(
      drawPool({
        seed: 11,
        factors,
        years: 6,
        exposure: [60, 160],
        frequency: 0.18,
        severity: Number(1_200n * USDC),
        severityShape: 2,
        frequencyRelativities: { "port=Kilifi": 1.25 },
        severityRelativities: { "boat=dhow": 1.3 },
      }),
    ),
    snapshot: { fromBlock: 0, toBlock: 0, blockHash: "0x00" },
    loadings: { expenseRatio: 0.1, solvencyMargin: 0.05 },
  });
}

export async function startAppWorld() {
  const net = await startAnvilNetwork();
  try {
    return await buildAppWorld(net);
  } catch (error) {
    // A failed setup must not leave Anvil running.
    await net.close();
    throw error;
  }
}

async function buildAppWorld(net: Awaited<ReturnType<typeof startAnvilNetwork>>) {
  const [deployer, relayerSigner] = net.chain.signers;
  if (!deployer || !relayerSigner) throw new Error("no accounts");

  const assessorHandle = await createIdentityAgent();
  const assessorWallet = await MemberWallet.open(assessorHandle);
  const assessorDid = await assessorWallet.did();
  // The quorum is at least 2: a second assessor votes from Node, through the SDK.
  const secondHandle = await createIdentityAgent();
  const secondWallet = await MemberWallet.open(secondHandle);
  const secondDid = await secondWallet.did();

  const issuerAgent = (await createIdentityAgent()).agent;
  const issuerDid = (await issuerAgent.didManagerCreate({ alias: "mutual" })).did;
  const circuits = circuitFiles();
  let appConfig: unknown = {};
  const evidence = evidenceNodeHandler(net.store);
  const app = appHandler({ directory: APP_DIST, config: () => appConfig, circuits: circuits.files });
  let joinDesk: ReturnType<typeof startJoinDesk> | undefined;
  const host = await startStatusListHost({
    extra: async (request, response) =>
      (await joinDesk?.handler(request, response)) || (await app(request, response)) || evidence(request, response),
  });

  const table = foundingTable();
  const admin = await MutualAdmin.deploy({
    signer: deployer,
    name: "Harbor Fishers Mutual",
    token: net.tokenAddress,
    issuer: { agent: issuerAgent, did: issuerDid, statusListUrl: host.url("members") },
    assessorSeats: (mutual) => [Assessor.seatOf(assessorWallet, mutual, assessorDid), Assessor.seatOf(secondWallet, mutual, secondDid)],
    settings: { maxClaimAmount: 10_000n * USDC, quorum: 2, settlementDelay: 3_600, revealWindow: 3_600 },
    parametric: { minPolicies: 5 },
    rateTable: table,
  });
  host.publish("members", () => admin.issuer.statusListCredential());
  // The issuer's join desk, as `mutua issuer desk` runs it: the standing offer, paid offers admitted every 2 s.
  const openDesk = (admissionProofs?: AdmissionProofs, priced = false) =>
    startJoinDesk({
      admin,
      agent: issuerAgent,
      url: `${host.origin}/join`,
      // Every policy sold here is on the lakeshore (region 7) with the rain product (parametric product 0).
      product: {
        policyId: 1n,
        coverageLimit: 5_000n * USDC,
        premium: 250n * USDC,
        days: 365,
        cover: { region: REGION, parametricProducts: [RAIN] },
        // Priced: the premium is the members' founding table's for one class, and the wallet recomputes it.
        ...(priced ? { premium: quote(table, PRICED_CLASS, 1).premium, pricing: { table, levels: PRICED_CLASS } } : {}),
      },
      recordsFile: join(mkdtempSync(join(tmpdir(), "mutua-app-desk-")), "join-desk.json"),
      ...(admissionProofs ? { admissionProofs } : {}),
    });
  joinDesk = openDesk();
  const relayer = await startRelayer({
    signer: relayerSigner,
    mutuals: [admin.deployment.mutual],
    ballotBoxes: [
      admin.deployment.governor,
      admin.deployment.assessment,
      admin.deployment.keeper ?? "",
      admin.deployment.parametricCover ?? "",
    ],
  });
  await net.mint(await deployer.getAddress(), 50_000n * USDC);
  await admin.depositCapital(20_000n * USDC);
  // The members' browser wallets pay from Anvil's accounts 5 and 6 (Anvil unlocks them: the injected EIP-1193
  // provider forwards eth_sendTransaction to it, as a wallet extension would sign and send).
  const payers = [anvilWallet(5).address, anvilWallet(6).address];
  for (const payer of payers) await net.mint(payer, 1_000n * USDC);

  appConfig = {
    deployment: admin.deployment,
    rpc: net.rpcUrl,
    evidenceNode: host.origin,
    relayer: relayer.url,
    joinDesk: `${host.origin}/join`,
    issuerDid,
    circuits: circuits.urls,
    token: { symbol: "USDC", decimals: 6 },
  };
  const settlement = new Settlement({ signer: deployer, deployment: admin.deployment });
  const voteProver = new VoteProver(await loadEligibilityArtifacts(voteArtifactPaths()));
  const secondAssessor = new Assessor({
    agent: secondHandle.agent,
    did: secondDid,
    wallet: secondWallet,
    signer: deployer,
    deployment: admin.deployment,
    store: net.store,
    relayer: relayer.url,
    prover: voteProver,
  });
  const now = async () => BigInt((await net.chain.provider.getBlock("latest"))?.timestamp ?? 0);

  /** The offer the issuer makes for a request the app showed (what `mutua issuer offer --json` prints). */
  async function offerFor(requestText: string, coverage = 5_000n * USDC) {
    const request = JSON.parse(requestText) as { memberDid: string; identityCommitment: string };
    const start = await now();
    const terms: PolicyTerms = {
      policyId: 1n,
      coverageLimit: coverage,
      policyStart: start - 60n,
      policyExpiry: start + 365n * BigInt(DAY),
    };
    const premium = 250n * USDC;
    const admission = { memberDid: request.memberDid, identityCommitment: BigInt(request.identityCommitment), terms, premium };
    return { text: JSON.stringify(offerJson(admission)), admission };
  }

  return {
    net,
    admin,
    host,
    relayer,
    settlement,
    payers,
    /** An account no one else here uses: the keeper's (anyone may run it). */
    keeperSigner: net.chain.signers[10] as Signer,
    appUrl: `${host.origin}/app/`,
    assessor: { wallet: assessorWallet, did: assessorDid, backup: await assessorWallet.exportBackup(ASSESSOR_PASSPHRASE) },
    secondAssessor,
    offerFor,
    /** Stops the join desk's admission rounds (a desk that is down, or slow); `admitJoins` then runs one by hand. */
    async pauseAdmissions() {
      await joinDesk?.stop();
    },
    admitJoins() {
      if (!joinDesk) throw new Error("no join desk");
      return joinDesk.desk.admitPaid();
    },
    /** Replaces the join desk with one that asks for a credential first (`issuer desk --require-proof`), or not. */
    async requireProof(policy?: AdmissionProofPolicy) {
      await joinDesk?.stop();
      joinDesk = openDesk(policy && new AdmissionProofs(policy, { responseUri: `${host.origin}/join/proof-response` }));
    },
    /** Replaces the join desk with one whose premium comes from the founding rate table (`issuer desk --rate-table`), or back. */
    async priceFromTable(priced: boolean) {
      await joinDesk?.stop();
      joinDesk = openDesk(undefined, priced);
    },
    /**
     * Rain cover voted in: five members admitted from Node (their wallets here) vote the rain product (feed-triggered,
     * 200 USDC) and a reserve into force through the timelock. Returns the feed, to move it over the threshold.
     */
    async rainCover(): Promise<{ feed: Contract; trigger(): Promise<bigint> }> {
      const cover = admin.deployment.parametricCover as string;
      const feed = (await (
        await new ContractFactory(MockV3AggregatorArtifact.abi, MockV3AggregatorArtifact.bytecode, deployer).deploy(1, 100)
      ).waitForDeployment()) as Contract;
      const prover = new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
      const voters = [];
      for (const index of [12, 13, 14, 15, 16]) {
        const handle = await createIdentityAgent();
        const wallet = await MemberWallet.open(handle);
        const signer = net.chain.signers[index] as Signer;
        const member = new Member({ wallet, signer, deployment: admin.deployment, resolver: agentResolver(handle.agent), prover });
        const start = await now();
        const terms: PolicyTerms = {
          policyId: 1n,
          coverageLimit: 5_000n * USDC,
          policyStart: start - 60n,
          policyExpiry: start + 365n * BigInt(DAY),
          region: REGION,
          parametricProducts: [RAIN],
        };
        await net.mint(await signer.getAddress(), 250n * USDC);
        await member.payPremium({ terms, premium: 250n * USDC });
        const [issued] = (await admin.admitMembers([{ ...(await member.requestMembership()), terms, premium: 250n * USDC }])).credentials;
        await wallet.accept(issued?.jwt ?? "");
        voters.push(wallet);
      }
      const governance = new MemberGovernance({ deployment: admin.deployment, signer: deployer, relayer: relayer.url, prover: voteProver });
      const start = await now();
      const { proposalId } = await governance.propose(
        [
          setParametricProductAction(admin.deployment, RAIN, {
            region: REGION,
            coverStart: start,
            coverEnd: start + 120n * BigInt(DAY),
            claimWindow: 14 * DAY,
            maxFeedAge: 3_600,
            liveness: 7_200n,
            bands: [{ threshold: 1_200n, payout: RAIN_PAYOUT }],
            feed: await feed.getAddress(),
            maxPlausible: 10_000n,
            description: "Rain over the lakeshore (24 h, tenths of a mm)",
          }),
          moveCapitalAction(admin.deployment, cover, 5_000n * USDC),
        ],
        "Rain cover for the lakeshore",
      );
      await net.chain.increaseTime(1);
      for (const wallet of voters.slice(0, 3)) await governance.vote(wallet, proposalId, "for");
      const proposal = await governance.proposal(proposalId);
      const current = await now();
      await net.chain.increaseTime(Number(proposal.deadline - current + 1n));
      await governance.queue(proposalId);
      await net.chain.increaseTime(2 * DAY + 1);
      await governance.execute(proposalId);
      await prover.close();
      return {
        feed,
        /** The feed crosses the threshold and a keeper opens the event (the policies sold recorded first). */
        async trigger() {
          await admin.recordParametricPolicies(RAIN, Number(await admin.mutual.activeMemberCount()));
          await (await feed.getFunction("updateAnswer")(1_500)).wait();
          return (await new ParametricCoverClient(cover, net.chain.signers[10] as Signer).triggerFromFeed(RAIN)).eventId;
        },
      };
    },
    /** Moves chain time to just after `timestamp`. */
    async travelPast(timestamp: bigint) {
      const current = await now();
      if (timestamp >= current) await net.chain.increaseTime(Number(timestamp - current + 1n));
    },
    async close() {
      await joinDesk?.stop();
      await voteProver.close();
      await relayer.close();
      await host.close();
      await net.close();
    },
  };
}

export type AppWorld = Awaited<ReturnType<typeof startAppWorld>>;
