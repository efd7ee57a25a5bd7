// pnpm demo (for now): a mutual of five members, one files a claim, the proof is checked off-chain.
// Exits 0 only if the honest claim verifies and every forged variant is rejected.
import { eligibilityArtifactPaths } from "@mutua/circuits";
import { cidToField, deriveScope, identityCommitment, MutuaError, memberLeaf } from "@mutua/core";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { loadEligibilityArtifacts, MemberTree, proveEligibility, verifyEligibility } from "../src/index.ts";

const step = (text: string) => console.log(`\n▶ ${text}`);
const ok = (text: string) => console.log(`  ✓ ${text}`);
let failures = 0;
const fail = (text: string) => {
  failures += 1;
  console.log(`  ✗ ${text}`);
};

const now = BigInt(Math.floor(Date.now() / 1000));
const year = 365n * 86_400n;
const CLAIMS_CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

step("The mutual admits five members (leaf = Poseidon(commitment, policy terms))");
const members = ["Amara", "Bilal", "Chen", "Dana", "Emeka"].map((name, i) => ({
  name,
  secret: BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(31))).toString("hex")}`),
  terms: { policyId: 1n, coverageLimit: BigInt(2_000 + 1_000 * i) * 10n ** 6n, policyStart: now - 30n * 86_400n, policyExpiry: now + year },
}));
const tree = new MemberTree(members.map((m) => memberLeaf(identityCommitment(m.secret), m.terms)));
ok(`member tree: ${tree.size} leaves, depth ${tree.depth}, root ${tree.root.toString(16).slice(0, 16)}…`);

step("Chen's roof is damaged in a storm (incident 7); the evidence is on IPFS");
const chen = members[2] as (typeof members)[number];
const evidence = CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode("photos of the roof, repair quote")));
const scope = deriveScope({ chainId: 31337, contract: CLAIMS_CONTRACT, incidentId: 7 });
ok(`evidence CID ${evidence}`);

step("Chen proves eligibility without revealing which member she is");
const artifacts = await loadEligibilityArtifacts(eligibilityArtifactPaths());
const claim = {
  secret: chen.secret,
  terms: chen.terms,
  merkleProof: tree.proof(2),
  claimAmount: 1_500n * 10n ** 6n,
  occurredAt: now,
  scope,
  evidenceHash: cidToField(evidence),
  recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
};
let started = performance.now();
const proof = await proveEligibility(claim, artifacts);
ok(
  `proof generated in ${(performance.now() - started).toFixed(0)} ms; nullifier ${proof.publicSignals.nullifier.toString(16).slice(0, 16)}…`,
);

step("Anyone verifies the proof against the verification key");
started = performance.now();
if (await verifyEligibility(proof, artifacts.verificationKey)) ok(`valid (${(performance.now() - started).toFixed(0)} ms)`);
else fail("the honest proof did not verify");

step("Forgeries are rejected");
const redirected = { ...proof, publicSignals: { ...proof.publicSignals, recipient: BigInt("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC") } };
if (await verifyEligibility(redirected, artifacts.verificationKey)) fail("a front-runner could redirect the payout");
else ok("payout redirected to another address: proof invalid");
const inflated = { ...proof, publicSignals: { ...proof.publicSignals, claimAmount: 9_999n * 10n ** 6n } };
if (await verifyEligibility(inflated, artifacts.verificationKey)) fail("the amount could be inflated");
else ok("amount inflated after proving: proof invalid");
for (const [label, attempt] of [
  ["a claim over Chen's coverage", { ...claim, claimAmount: 10_000n * 10n ** 6n }],
  ["an outsider's secret", { ...claim, secret: 12345n }],
] as const) {
  try {
    await proveEligibility(attempt, artifacts);
    fail(`${label} was proven`);
  } catch (error) {
    if (error instanceof MutuaError) ok(`${label}: refused before proving (${error.code})`);
    else throw error;
  }
}

console.log(
  failures === 0 ? "\nDemo finished: the claim is eligible and every forgery was rejected." : `\nDemo FAILED: ${failures} check(s) failed.`,
);
process.exitCode = failures === 0 ? 0 : 1;
