// Parametric cover on Anvil: 100 covered members of a region, a data feed crossing its threshold, and every member's
// claim proven and paid through one relayer. Measured: proving (each member proves on their own device, so the
// median is what each waits), the relayer's part from all claims submitted to the last paid (blocks and seconds),
// the member tree as it was at the event (what each wallet rebuilds), and gas per parametric claim.
import { eligibilityArtifactPaths } from "@mutua/circuits";
import {
  DEFAULT_MUTUAL_SETTINGS,
  deployGovernedMutual,
  deployParametricCover,
  encodeParametricProduct,
  flattenProof,
  MockV3AggregatorArtifact,
  ParametricCoverArtifact,
} from "@mutua/contracts";
import { deriveScope, identityCommitment, memberLeaf } from "@mutua/core";
import { EligibilityProver, loadEligibilityArtifacts, MemberTree, toSolidityProof } from "@mutua/proofs";
import { RelayerClient, startRelayer } from "@mutua/relayer";
import { memberTreeAtTime } from "@mutua/sdk";
import type { Contract } from "ethers";
import { ContractFactory, Wallet } from "ethers";
import { startAnvilNetwork } from "../test/anvil-network.ts";
import { fetchFrom } from "../test/source-address-fetch.ts";
import { median, round } from "./stats.ts";

const MEMBERS = 100;
const USDC = 10n ** 6n;
const PAYOUT = 200n * USDC;
const REGION = 7;

export async function benchParametric(log: (line: string) => void) {
  const net = await startAnvilNetwork();
  const prover = new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
  try {
    const [admin, issuer, opener, pauser, relayerAccount, keeper] = net.chain.signers;
    if (!admin || !issuer || !opener || !pauser || !relayerAccount || !keeper) throw new Error("accounts missing");
    // The bench's admin may propose to the timelock (extraProposers), so that products are set without a members'
    // vote: what is measured starts at the event.
    const governed = await deployGovernedMutual(
      admin,
      {
        token: net.tokenAddress,
        roles: { issuer: await issuer.getAddress(), incidentOpener: await opener.getAddress(), pauser: await pauser.getAddress() },
        parameters: { maxClaimAmount: 10_000n * USDC, quorum: 2, settlementDelay: 3_600 },
        rootWindow: 16,
        maxRootAge: 3_600,
        governance: DEFAULT_MUTUAL_SETTINGS,
      },
      { extraProposers: [await admin.getAddress()] },
    );
    const mutual = governed.mutual;
    const cover = await deployParametricCover(admin, {
      mutual: mutual.address,
      token: net.tokenAddress,
      minPolicies: 5,
      assertionBond: 0n,
    });
    const feed = (await (
      await new ContractFactory(MockV3AggregatorArtifact.abi, MockV3AggregatorArtifact.bytecode, admin).deploy(1, 100)
    ).waitForDeployment()) as Contract;

    const now = BigInt((await net.chain.provider.getBlock("latest"))?.timestamp ?? 0);
    const terms = {
      policyId: 1n,
      coverageLimit: 1_000n * USDC,
      policyStart: now - 86_400n,
      policyExpiry: now + 365n * 86_400n,
      region: REGION,
      parametricProducts: [0],
    };
    const secrets = Array.from({ length: MEMBERS }, (_, i) => 5_000_000n + BigInt(i) * 104_729n);
    const leaves = secrets.map((secret) => memberLeaf(identityCommitment(secret), terms));
    const tree = new MemberTree(leaves);
    const premium = 10n * USDC;
    await net.mint(await admin.getAddress(), premium * BigInt(MEMBERS) + BigInt(MEMBERS) * PAYOUT);
    const token = new (await import("ethers")).Contract(
      net.tokenAddress,
      ["function approve(address,uint256) returns (bool)", "function transfer(address,uint256) returns (bool)"],
      admin,
    );
    await (await token.getFunction("approve")(mutual.address, premium * BigInt(MEMBERS))).wait();
    for (const leaf of leaves) await mutual.payPremium(leaf, premium);
    await mutual.connect(issuer).addMembers(leaves, tree.root);

    const op = await governed.timelock.schedule(
      cover.address,
      "setProduct",
      [
        0,
        encodeParametricProduct({
          region: REGION,
          coverStart: now,
          coverEnd: now + 90n * 86_400n,
          claimWindow: 7 * 86_400,
          maxFeedAge: 3_600,
          liveness: 7_200n,
          bands: [{ threshold: 1_200n, payout: PAYOUT }],
          feed: await feed.getAddress(),
          maxPlausible: 10_000n,
          description: "24 h rainfall, tenths of a millimetre",
        }),
      ],
      ParametricCoverArtifact.abi,
    );
    await net.chain.increaseTime(DEFAULT_MUTUAL_SETTINGS.governanceDelay + 1);
    await governed.timelock.execute(op);
    await (await token.getFunction("transfer")(cover.address, BigInt(MEMBERS) * PAYOUT)).wait();
    await cover.connect(issuer).recordPolicies(0, MEMBERS);
    const relayer = await startRelayer({ signer: relayerAccount, mutuals: [mutual.address], ballotBoxes: [cover.address], maxQueue: 128 });

    // The feed crosses the threshold; a keeper opens the event.
    await (await feed.getFunction("updateAnswer")(1_500)).wait();
    const crossed = performance.now();
    const { eventId, receipt: opened } = await cover.connect(keeper).triggerFromFeed(0);
    const event = await cover.getEvent(eventId);
    if (!event) throw new Error("no event");

    // Each member: the tree as it was at the event (the wallet's read), then the proof.
    const treeStarted = performance.now();
    const atEvent = await memberTreeAtTime(mutual, 0, event.occurredAt);
    const treeMs = performance.now() - treeStarted;
    if (atEvent.root !== tree.root) throw new Error("the tree at the event is not the admitted one");
    const scope = deriveScope({ chainId: net.chain.chainId, contract: cover.address, incidentId: eventId });
    const proofMs: number[] = [];
    const calls: string[] = [];
    for (const [index, secret] of secrets.entries()) {
      const recipient = Wallet.createRandom().address;
      const t = performance.now();
      const proof = await prover.prove({
        secret,
        terms,
        merkleProof: atEvent.proof(index),
        claimAmount: event.payout,
        occurredAt: event.occurredAt,
        scope,
        evidenceHash: 0n,
        recipient,
        parametricProduct: 0,
      });
      proofMs.push(performance.now() - t);
      const request = {
        eventId,
        root: proof.publicSignals.root,
        nullifier: proof.publicSignals.nullifier,
        recipient,
        proof: flattenProof(toSolidityProof(proof)),
      };
      calls.push(cover.contract.interface.encodeFunctionData("claim", [request]));
    }
    const proved = performance.now();

    // All claims at once, each from its own client address, through the relayer.
    const submitted = performance.now();
    const sent = await Promise.all(
      calls.map(async (data, i) => {
        const client = new RelayerClient(relayer.url, { fetch: fetchFrom(`127.0.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}`) });
        for (;;) {
          try {
            return await client.submitBallot(cover.address, data);
          } catch (error) {
            const { code, details } = error as { code?: string; details?: { retryAfterSeconds?: number } };
            if (code !== "QUEUE_FULL") throw error;
            await new Promise((r) => setTimeout(r, (details?.retryAfterSeconds ?? 1) * 1000));
          }
        }
      }),
    );
    const relayedMs = performance.now() - submitted;
    const paid = await cover.claimsPaid(eventId, opened.blockNumber);
    const lastBlock = Math.max(...sent.map((s) => s.blockNumber));
    const gas = sent.map((s) => Number(s.gasUsed));
    await relayer.close();
    if (paid.size !== MEMBERS) throw new Error(`${paid.size} of ${MEMBERS} were paid`);

    const result = {
      members: MEMBERS,
      paid: paid.size,
      triggerGas: Number(opened.gasUsed),
      claimGasMedian: median(gas),
      claimGasMax: Math.max(...gas),
      treeAtEventMs: round(treeMs),
      proofMedianMs: round(median(proofMs)),
      relayedSeconds: round(relayedMs / 1000),
      blocksFromTriggerToLastPaid: lastBlock - opened.blockNumber,
      // What a member waits: the tree and their own proof (on their device, in parallel with everyone else), then the relayer's queue.
      memberWaitsSeconds: round((treeMs + median(proofMs) + relayedMs) / 1000),
      thisRunSeconds: round((performance.now() - crossed) / 1000),
      provedAllSequentiallySeconds: round((proved - treeStarted) / 1000),
    };
    log(
      `${paid.size}/${MEMBERS} paid ${round(Number(PAYOUT) / 1e6)} USDC each; trigger ${result.triggerGas} gas; claim gas median ${result.claimGasMedian} (max ${result.claimGasMax})`,
    );
    log(
      `tree at the event ${result.treeAtEventMs} ms; proof median ${result.proofMedianMs} ms; all ${MEMBERS} relayed in ${result.relayedSeconds} s over ${result.blocksFromTriggerToLastPaid} blocks after the trigger`,
    );
    log(
      `a member's wait from the crossing to being paid ≈ ${result.memberWaitsSeconds} s (this run proved all ${MEMBERS} on one machine: ${result.thisRunSeconds} s end to end)`,
    );
    return result;
  } finally {
    await prover.close();
    await net.close();
  }
}
