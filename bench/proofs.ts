import { statSync } from "node:fs";
import { eligibilityArtifactPaths, voteArtifactPaths } from "@mutua/circuits";
import { ballotScope, deriveScope, identityCommitment, memberLeaf, memberLeafData } from "@mutua/core";
import type { EligibilityClaim } from "@mutua/proofs";
import {
  buildEligibilityInput,
  EligibilityProver,
  loadEligibilityArtifacts,
  MemberTree,
  proveEligibility,
  SubtreePool,
  VoteProver,
  verifyEligibility,
  verifyVote,
} from "@mutua/proofs";
import { LeanIMT } from "@zk-kit/lean-imt";
import { WitnessCalculatorBuilder } from "circom_runtime";
import { poseidon2 } from "poseidon-lite/poseidon2";
import * as snarkjs from "snarkjs";
import { median, peakRssMiB, round, summarize, timeRuns } from "./stats.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const NOW = 1_760_000_000n;
const SECRET = 4242n;
const terms = { policyId: 1n, coverageLimit: 10n ** 24n, policyStart: NOW - 1000n, policyExpiry: NOW + 1000n };

/** A tree of `size` members; the benchmarked member sits in the middle. Other leaves are random field elements. */
export function buildTree(size: number): { tree: MemberTree; index: number; buildMs: number } {
  const index = Math.floor(size / 2);
  const leaves: bigint[] = new Array(size);
  for (let i = 0; i < size; i++) leaves[i] = BigInt(i + 1) * 0x9e3779b97f4a7c15n;
  leaves[index] = memberLeaf(identityCommitment(SECRET), terms);
  const started = performance.now();
  const tree = new MemberTree(leaves);
  return { tree, index, buildMs: round(performance.now() - started) };
}

export function claim(tree: MemberTree, index: number): EligibilityClaim {
  return {
    secret: SECRET,
    terms,
    merkleProof: tree.proof(index),
    claimAmount: 10n ** 18n,
    occurredAt: NOW,
    scope: deriveScope({ chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", incidentId: 1 }),
    evidenceHash: 1234n,
    recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  };
}

export async function benchProofs(log: (line: string) => void) {
  const paths = eligibilityArtifactPaths();
  const info = await snarkjs.r1cs.info(paths.r1cs);
  const artifacts = await loadEligibilityArtifacts(paths);
  const prover = new EligibilityProver(artifacts);
  const results: Record<string, unknown> = {
    circuit: { maxDepth: paths.maxDepth, constraints: info.nConstraints, publicSignals: info.nPubInputs + info.nOutputs },
    artifactBytes: {
      wasm: statSync(paths.wasm).size,
      zkey: statSync(paths.zkey).size,
      verificationKey: statSync(paths.verificationKey).size,
    },
  };
  log(`circuit: ${info.nConstraints} constraints, depth ${paths.maxDepth}; zkey ${(statSync(paths.zkey).size / 2 ** 20).toFixed(2)} MiB`);

  try {
    const small = buildTree(2 ** 10);
    const smallClaim = claim(small.tree, small.index);
    const prove10 = summarize(await timeRuns(() => prover.prove(smallClaim), RUNS));
    const peakAfterProving = peakRssMiB();
    log(`prove, 2^10 members (tree depth ${small.tree.depth}): median ${prove10.medianMs} ms over ${RUNS} runs`);

    // Where the time goes: witness generation (wasm) versus the Groth16 prover (MSMs and FFTs).
    const { input } = buildEligibilityInput(smallClaim, paths.maxDepth);
    const calculator = await WitnessCalculatorBuilder(artifacts.wasm);
    let witness: Uint8Array = new Uint8Array();
    const witnessTimes = await timeRuns(async () => {
      witness = await calculator.calculateWTNSBin(input, true);
    }, RUNS);
    const groth16Times = await timeRuns(() => snarkjs.groth16.prove(artifacts.zkey, witness), RUNS);
    log(`  of which witness ${summarize(witnessTimes).medianMs} ms, groth16 prove ${summarize(groth16Times).medianMs} ms`);

    // One-shot calls pay for compiling the wasm and building the curve's worker threads every time.
    const oneShot = summarize(await timeRuns(() => proveEligibility(smallClaim, artifacts), 3, 0));
    log(`one-shot proveEligibility (cold curve and wasm each call): median ${oneShot.medianMs} ms`);

    const proof = await prover.prove(smallClaim);
    const verify = summarize(await timeRuns(() => verifyEligibility(proof, artifacts.verificationKey), RUNS));
    log(`verify off-chain: median ${verify.medianMs} ms`);

    const trees = await benchTrees(log);
    const large = buildTree(2 ** 20);
    log(`member tree of 2^20 built in ${(large.buildMs / 1000).toFixed(1)} s (new MemberTree(leaves))`);
    // The wallet's two look-ups before every claim: where its leaf is, and its Merkle path. zk-kit's LeanIMT
    // (measured beside ours on the same 2^20 leaves) scans for the leaf and copies the leaf level per proof.
    const leaf = large.tree.leaves[large.index] as bigint;
    // 100 look-ups per sample, reported in microseconds: one of ours takes a few.
    const perLookupUs = async (lookup: () => unknown) => {
      const samples = await timeRuns(async () => {
        for (let i = 0; i < 100; i++) lookup();
      }, RUNS);
      return round(median(samples.map((ms) => ms * 10)), 1);
    };
    const oursUs = await perLookupUs(() => large.tree.proof(large.tree.indexOf(leaf)));
    const reference = LeanIMT.import((a: bigint, b: bigint) => poseidon2([a, b]), large.tree.export());
    const zkKitUs = await perLookupUs(() => reference.generateProof(reference.indexOf(leaf)));
    log(`find + prove a leaf at 2^20: median ${oursUs} µs (ours), ${zkKitUs} µs (@zk-kit/lean-imt)`);
    const largeClaim = claim(large.tree, large.index);
    const prove20 = summarize(await timeRuns(() => prover.prove(largeClaim), RUNS));
    log(`prove, 2^20 members (tree depth ${large.tree.depth}): median ${prove20.medianMs} ms over ${RUNS} runs`);

    const vote = await benchVoteProof(large.tree, large.index, log);

    Object.assign(results, {
      trees,
      vote,
      prove2pow10: { treeDepth: small.tree.depth, ...prove10 },
      proveOneShot: oneShot,
      proveBreakdown: { witnessMedianMs: summarize(witnessTimes).medianMs, groth16ProveMedianMs: summarize(groth16Times).medianMs },
      verifyOffChain: verify,
      prove2pow20: { treeDepth: large.tree.depth, treeBuildMs: large.buildMs, ...prove20 },
      merklePath2pow20: { oursMedianUs: oursUs, zkKitLeanImtMedianUs: zkKitUs },
      peakRssMiB: { afterProving2pow10: peakAfterProving, afterBuilding2pow20Tree: peakRssMiB() },
    });
  } finally {
    await prover.close();
  }
  return results;
}

/**
 * Member trees on each engine beside the peer, zk-kit's LeanIMT hashing with circomlibjs's Poseidon (the same
 * tree, the same roots): one append at 2^16 (a wallet catching up), and whole trees at 2^20 built three ways:
 * `MemberTree.build` (native hasher on every core), `new MemberTree(leaves)` (the synchronous path: native on
 * one core when built), and the peer.
 */
async function benchTrees(log: (line: string) => void) {
  const { buildPoseidon } = await import("circomlibjs");
  const circomlib = await buildPoseidon();
  const peerHash = (a: bigint, b: bigint) => circomlib.F.toObject(circomlib([a, b])) as bigint;
  const appendUs = async (append: (leaf: bigint) => void) => {
    let next = 1n;
    const samples = await timeRuns(async () => {
      for (let i = 0; i < 20; i++) append(next++ * 0x51afd7ed558ccdn);
    }, RUNS);
    return round(median(samples.map((ms) => (ms * 1000) / 20)), 0);
  };
  const leaves16 = Array.from({ length: 2 ** 16 }, (_, i) => BigInt(i + 1) * 0x9e3779b97f4a7c15n);
  const ours16 = new MemberTree(leaves16);
  const peer16 = new LeanIMT(peerHash, leaves16);
  const append = { oursUs: await appendUs((leaf) => ours16.add(leaf)), circomlibjsZkKitUs: await appendUs((leaf) => peer16.insert(leaf)) };
  if (ours16.root !== peer16.root) throw new Error("the member tree and the peer disagree after the same appends");
  log(`append at 2^16: ${append.oursUs} µs (ours), ${append.circomlibjsZkKitUs} µs (zk-kit LeanIMT + circomlibjs)`);

  const leaves20 = Array.from({ length: 2 ** 20 }, (_, i) => BigInt(i + 1) * 0x9e3779b97f4a7c15n);
  const seconds = async (build: () => unknown) => {
    const started = performance.now();
    await build();
    return round((performance.now() - started) / 1000, 1);
  };
  const pool = new SubtreePool();
  let built: MemberTree | undefined;
  const build2pow20 = {
    engine: pool.engine,
    buildS: await seconds(async () => {
      built = await MemberTree.build(leaves20, { pool });
    }).finally(() => pool.close()),
    constructorS: await seconds(() => new MemberTree(leaves20)),
    circomlibjsZkKitS: await seconds(() => {
      const peer = new LeanIMT(peerHash, leaves20);
      if (peer.root !== built?.root) throw new Error("the member tree and the peer disagree at 2^20");
    }),
  };
  log(
    `2^20 tree: MemberTree.build ${build2pow20.buildS} s (${build2pow20.engine}, ${pool.threads} threads), ` +
      `new MemberTree(leaves) ${build2pow20.constructorS} s, zk-kit LeanIMT + circomlibjs ${build2pow20.circomlibjsZkKitS} s`,
  );
  return { append2pow16: append, build2pow20 };
}

/** The vote circuit (anonymous ballots): constraints, proof time for a member of a 2^20 tree, verification. */
async function benchVoteProof(tree: MemberTree, index: number, log: (line: string) => void) {
  const paths = voteArtifactPaths();
  const info = await snarkjs.r1cs.info(paths.r1cs);
  const artifacts = await loadEligibilityArtifacts(paths);
  const prover = new VoteProver(artifacts);
  try {
    const ballot = {
      secret: SECRET,
      leafData: memberLeafData(terms),
      merkleProof: tree.proof(index),
      scope: ballotScope({ chainId: 31337, contract: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", ballotId: 1 }),
      message: 1n,
    };
    const prove = summarize(await timeRuns(() => prover.prove(ballot), RUNS));
    const proof = await prover.prove(ballot);
    const verify = summarize(await timeRuns(() => verifyVote(proof, artifacts.verificationKey), RUNS));
    log(`vote circuit: ${info.nConstraints} constraints; prove (2^20 members) median ${prove.medianMs} ms, verify ${verify.medianMs} ms`);
    return {
      constraints: info.nConstraints,
      artifactBytes: { wasm: statSync(paths.wasm).size, zkey: statSync(paths.zkey).size },
      prove2pow20: prove,
      verifyOffChain: verify,
    };
  } finally {
    await prover.close();
  }
}

/**
 * The vote proof's median time as a command pays it: a fresh prover that loads the circuit and proves once (the
 * circuit's depth is fixed, so a small tree costs what a large one does).
 */
export async function coldVoteProofMs(runs = 3): Promise<number> {
  const tree = new MemberTree([memberLeaf(identityCommitment(SECRET), terms)]);
  const ballot = {
    secret: SECRET,
    leafData: memberLeafData(terms),
    merkleProof: tree.proof(0),
    scope: ballotScope({ chainId: 31337, contract: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", ballotId: 1 }),
    message: 1n,
  };
  const samples = await timeRuns(async () => {
    const prover = new VoteProver(await loadEligibilityArtifacts(voteArtifactPaths()));
    try {
      await prover.prove(ballot);
    } finally {
      await prover.close();
    }
  }, runs);
  return round(summarize(samples).medianMs, 0);
}
