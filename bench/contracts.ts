// Gas of every external write of MutuaMutual, its assessment module and the members' governor on a real EVM (EDR)
// with real proofs, fileClaim's ratio to the Groth16 floor, and the member-registry choice: issuer-posted root vs an
// on-chain Poseidon LeanIMT.
import { deployMinimalVerifyNullifier, deployOnChainLeanIMT, ROLES } from "@mutua/contracts";
import { claimBinding, deriveScope, keccakToField, packClaim } from "@mutua/core";
import { MemberTree } from "@mutua/proofs";
import type { Contract, ContractTransactionReceipt, Provider } from "ethers";
import { getBytes } from "ethers";
// The contracts' test fixture: a deployed mutual with members, an open incident and a real prover.
import { GOVERNANCE_DELAY, setupMutual, USD } from "../contracts/test/fixture.ts";
import { median, round } from "./stats.ts";

const PAIRING_4 = 181_000; // EIP-1108 pairing check with 4 pairs: 34,000 × 4 + 45,000
const PER_PUBLIC_INPUT = 6_150; // one ecMul (6,000) + one ecAdd (150)
const PUBLIC_INPUTS = 4;
const BATCHES = [1, 10, 100] as const;

/** EIP-2028 calldata price: 4 gas per zero byte, 16 per non-zero byte. */
function calldataGas(data: string): number {
  return getBytes(data).reduce((gas, byte) => gas + (byte === 0 ? 4 : 16), 0);
}

/** The hash of the latest block's (only) transaction: EDR mines one block per transaction. */
async function lastTx(provider: Provider): Promise<string> {
  const block = await provider.getBlock("latest");
  const hash = block?.transactions.at(-1);
  if (!hash) throw new Error("the latest block has no transaction");
  return hash;
}

async function txData(provider: Provider, receipt: ContractTransactionReceipt): Promise<string> {
  const tx = await provider.getTransaction(receipt.hash);
  if (!tx) throw new Error(`transaction ${receipt.hash} not found`);
  return tx.data;
}

/** Deterministic pseudo-random leaves (what an issuer would append: Poseidon commitments are field elements). */
function leaves(count: number, offset: number): bigint[] {
  return Array.from({ length: count }, (_, i) => (BigInt(offset + i + 1) * 0x9e3779b97f4a7c15n) % 2n ** 250n);
}

export async function benchContracts(log: (line: string) => void) {
  const f = await setupMutual({ memberCount: 8 });
  try {
    const { mutual, signers, incidentId, chain } = f;
    const gas: Record<string, number> = {};
    const record = (name: string, receipt: ContractTransactionReceipt) => {
      gas[name] = Number(receipt.gasUsed);
      log(`${name.padEnd(34)} ${receipt.gasUsed.toString().padStart(9)} gas`);
    };

    // Pool.
    const mintable = f.token.connect(signers.admin) as Contract;
    await (await mintable.getFunction("mint")(signers.admin.address, 10_000n * USD)).wait();
    await (await mintable.getFunction("approve")(mutual.address, 10_000n * USD)).wait();
    record("payPremium (a place in the queue)", await mutual.payPremium(123n, 1_000n * USD));
    // Refused (leaf 123 is no real policy), so that later admissions find the queue's head where they expect it.
    record("refusePremiums (1)", await f.asIssuer.refusePremiums([123n]));
    record("withdrawRefund", await mutual.withdrawRefund());
    record("depositCapital", await mutual.depositCapital(5_000n * USD));

    // Claims: three real claims so every vote/finalize/settle path is measured once with warm storage.
    const [first, second] = [f.members[1], f.members[2]];
    if (!first || !second) throw new Error("fixture has too few members");
    const approved = await f.proveClaim(first, { amount: 700n * USD });
    const filed = await mutual.connect(signers.relayer).fileClaim(approved);
    const claimData = await txData(chain.provider, filed.receipt);
    record("fileClaim", filed.receipt);
    const rejected = await f.proveClaim(second, { amount: 300n * USD });
    record("fileClaim (second claim)", (await mutual.connect(signers.relayer).fileClaim(rejected)).receipt);
    // The peer: the same proof through a Semaphore-style contract that only checks the root, verifies the same
    // public inputs (given to it, none computed) and records the nullifier.
    const peerSignals = await claimSignals(f, approved);
    const peer = (await deployMinimalVerifyNullifier(signers.admin, approved.root)) as Contract;
    const peerReceipt = await (await peer.getFunction("submit")(peerSignals, approved.proof)).wait();
    record("peer: minimal verify + nullifier", peerReceipt);

    // Sealed assessor ballots (seat proof + commitment), their reveals, the decision.
    const commitSamples: number[] = [];
    const sealed = [];
    for (const [seat, claim, amount] of [
      [0, approved, 650n * USD],
      [1, approved, 700n * USD],
      [2, approved, undefined],
      [0, rejected, undefined],
      [1, rejected, undefined],
    ] as const) {
      sealed.push(await f.commitVote(seat, { incidentId, nullifier: claim.nullifier }, amount));
      commitSamples.push(Number((await chain.provider.getTransactionReceipt(await lastTx(chain.provider)))?.gasUsed ?? 0));
    }
    gas["commitVote (sealed assessor ballot, median)"] = median(commitSamples);
    log(
      `${"commitVote (sealed ballot, median)".padEnd(34)} ${String(median(commitSamples)).padStart(9)} gas (max ${Math.max(...commitSamples)})`,
    );
    await f.endVoting(incidentId);
    record("revealVote (approve)", await f.revealVote(sealed[0] as never));
    record("revealVote (second approval)", await f.revealVote(sealed[1] as never));
    record("revealVote (reject)", await f.revealVote(sealed[2] as never));
    for (const vote of sealed.slice(3)) await f.revealVote(vote);
    await f.endReveal(incidentId);
    record("finalize (approved)", await f.assessment.finalize(incidentId, approved.nullifier));
    record("finalize (rejected)", await f.assessment.finalize(incidentId, rejected.nullifier));
    // The rejected claim's recipient appeals (within the settlement delay); a member's sealed ballot on it.
    record("appeal (opens the members' round)", await f.assessment.connect(signers.payout).appeal(incidentId, rejected.nullifier));
    await f.commitVote(f.memberVoter(3), { incidentId, nullifier: rejected.nullifier }, 300n * USD, { round: 1 });
    const appealBallot = await chain.provider.getTransactionReceipt(await lastTx(chain.provider));
    gas["commitVote (appeal, member)"] = Number(appealBallot?.gasUsed ?? 0);
    log(`${"commitVote (appeal, member)".padEnd(34)} ${String(appealBallot?.gasUsed ?? 0).padStart(9)} gas`);
    await chain.increaseTime(3_601n);
    record("settle (ERC-20 payout)", await mutual.connect(signers.outsider).settle(incidentId, approved.nullifier));

    // Administration.
    const now = await chain.latestTimestamp();
    record("openIncident", (await f.openIncident(now + 86_400n, now + 2n * 86_400n)).receipt);
    const pauser = mutual.connect(signers.pauser);
    record("setPaused", await pauser.setPaused(true));
    await pauser.setPaused(false);
    // Governance: schedule, wait out the timelock's delay, execute (the gas of the execution includes the call).
    // Member governance: a proposal, anonymous member votes (proof of a member leaf, relayed), queue, execute.
    const action = {
      target: mutual.address,
      value: 0n,
      calldata: mutual.contract.interface.encodeFunctionData("setParameters", [
        { maxClaimAmount: 5_000n * USD, quorum: 2, settlementDelay: 3_600 },
      ]),
    };
    const proposal = await f.governor.propose([action], "bench: set parameters");
    record("propose (member governor)", proposal.receipt);
    await chain.increaseTime(1n);
    const memberVotes: number[] = [];
    for (const index of [0, 1, 2, 3, 4]) memberVotes.push(Number((await f.voteOnProposal(index, proposal.proposalId, 1)).gasUsed));
    gas["castAnonymousVote (member, median)"] = median(memberVotes);
    log(`${"castAnonymousVote (median)".padEnd(34)} ${String(median(memberVotes)).padStart(9)} gas (max ${Math.max(...memberVotes)})`);
    await f.travelPast((await f.governor.timing(proposal.proposalId)).deadline);
    record("queue (governor → timelock)", await f.governor.queue([action], "bench: set parameters"));
    await chain.increaseTime(GOVERNANCE_DELAY + 1n);
    record("execute: setParameters", await f.governor.execute([action], "bench: set parameters"));
    const operations = {
      setRootWindow: await f.governance.schedule(mutual.address, "setRootWindow", [32]),
      "grantRole (pauser)": await f.governance.schedule(mutual.address, "grantRole", [ROLES.pauser, signers.outsider.address]),
    };
    record("timelock schedule", operations.setRootWindow.receipt);
    await chain.increaseTime(GOVERNANCE_DELAY + 1n);
    for (const [name, operation] of Object.entries(operations)) record(`timelock execute: ${name}`, await f.governance.execute(operation));

    const floorParts = {
      base: 21_000,
      calldata: calldataGas(claimData),
      pairing: PAIRING_4,
      publicInputs: PER_PUBLIC_INPUT * PUBLIC_INPUTS,
    };
    const floor = floorParts.base + floorParts.calldata + floorParts.pairing + floorParts.publicInputs;
    const peerGas = gas["peer: minimal verify + nullifier"] as number;
    const fileClaim = {
      gasUsed: gas.fileClaim as number,
      goal: 270_000,
      floor,
      floorParts,
      ratio: round((gas.fileClaim as number) / floor, 3),
      peerGas,
      overPeer: round((gas.fileClaim as number) / peerGas, 3),
    };
    log(`fileClaim / floor = ${fileClaim.gasUsed} / ${floor} = ${fileClaim.ratio} (calldata ${floorParts.calldata} gas)`);
    log(`fileClaim / peer = ${fileClaim.gasUsed} / ${peerGas} = ${fileClaim.overPeer} (goal: fileClaim ≤ ${fileClaim.goal})`);

    const registry = await benchRegistry(f, log);
    record("removeMember", registry.removeReceipt);
    return { gas, fileClaim, registry: registry.results };
  } finally {
    await f.close();
  }
}

type Fixture = Awaited<ReturnType<typeof setupMutual>>;

/** The claim's four public signals, as MutuaMutual computes them (indemnity, class 0: the fixture's members). */
async function claimSignals(f: Fixture, request: Awaited<ReturnType<Fixture["proveClaim"]>>): Promise<bigint[]> {
  const scope = deriveScope({ chainId: f.chain.chainId, contract: f.mutual.address, incidentId: request.incidentId });
  const { occurredAt } = await f.mutual.getIncident(request.incidentId);
  const evidenceHash = keccakToField(getBytes(request.evidenceCid)); // cidToField of the binary CID
  return [
    request.root,
    request.nullifier,
    packClaim(request.amount, occurredAt, scope),
    claimBinding(scope, evidenceHash, request.recipient),
  ];
}

/** addMembers in batches of 1/10/100 with both designs, on top of a registry that already holds members. */
async function benchRegistry(f: Fixture, log: (line: string) => void) {
  const { mutual, signers } = f;
  const tree = new MemberTree([...f.tree.leaves]);
  const issuer = mutual.connect(signers.issuer);
  const onChain = (await deployOnChainLeanIMT(signers.admin)) as Contract;
  // Give the on-chain tree the same starting size so both pay for similar depths.
  await (await onChain.getFunction("addMembers")([...f.tree.leaves])).wait();

  const results: Record<
    string,
    { batch: number; issuerPosted: number; onChainLeanIMT: number; perMemberIssuerPosted: number; perMemberOnChain: number }
  > = {};
  let offset = 10_000;
  for (const batch of BATCHES) {
    const issuerSamples: number[] = [];
    const onChainSamples: number[] = [];
    for (let run = 0; run < 3; run++) {
      const batchLeaves = leaves(batch, offset);
      offset += batch;
      tree.addMany(batchLeaves);
      await f.payPremiums(batchLeaves);
      issuerSamples.push(Number((await issuer.addMembers(batchLeaves, tree.root)).gasUsed));
      const receipt = await (await onChain.getFunction("addMembers")(batchLeaves)).wait();
      onChainSamples.push(Number(receipt?.gasUsed ?? 0));
      const onChainRoot = (await onChain.getFunction("root")()) as bigint;
      if (onChainRoot !== tree.root) throw new Error("on-chain LeanIMT root differs from @mutua/proofs' tree");
    }
    const issuerPosted = median(issuerSamples);
    const onChainLeanIMT = median(onChainSamples);
    results[`batch${batch}`] = {
      batch,
      issuerPosted,
      onChainLeanIMT,
      perMemberIssuerPosted: Math.round(issuerPosted / batch),
      perMemberOnChain: Math.round(onChainLeanIMT / batch),
    };
    log(
      `addMembers ×${String(batch).padEnd(3)} issuer-posted ${issuerPosted} gas (${Math.round(issuerPosted / batch)}/member), ` +
        `on-chain LeanIMT ${onChainLeanIMT} gas (${Math.round(onChainLeanIMT / batch)}/member)`,
    );
  }
  tree.remove(3);
  const removeReceipt = await issuer.removeMember(3, tree.root);
  return { results: { startingMembers: f.tree.size, batches: results }, removeReceipt };
}
