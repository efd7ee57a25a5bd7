import { builtCircuitArtifacts } from "@mutua/circuits";
import { deriveScope, identityCommitment, memberLeaf } from "@mutua/core";
import { EligibilityProver, loadEligibilityArtifacts, MemberTree, verifyEligibility } from "@mutua/proofs";

/** A member proves, in zero knowledge, that they hold cover for a loss: the verifier learns the root, not the member. */
export async function readmeExample() {
  const now = BigInt(Math.floor(Date.now() / 1000));
  const terms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: now - 86_400n, policyExpiry: now + 31_536_000n };
  const secret = 123_456_789n;
  const tree = new MemberTree([1n, 2n, 3n, secret].map((s) => memberLeaf(identityCommitment(s), terms)));

  const artifacts = await loadEligibilityArtifacts(builtCircuitArtifacts("eligibility"));
  const prover = new EligibilityProver(artifacts);
  try {
    const proof = await prover.prove({
      secret,
      terms,
      merkleProof: tree.proof(3),
      claimAmount: 250_000_000n,
      occurredAt: now - 3_600n,
      scope: deriveScope({ chainId: 8453, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", incidentId: 7 }),
      evidenceHash: 42n,
      recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    });
    return { root: tree.root, publicSignals: proof.publicSignals, verified: await verifyEligibility(proof, artifacts.verificationKey) };
  } finally {
    await prover.close();
  }
}
