import { eligibilityArtifactPaths } from "@mutua/circuits";
import type { PolicyTerms } from "@mutua/core";
import { deriveScope, identityCommitment, memberLeaf } from "@mutua/core";
import type { EligibilityClaim } from "../src/index.ts";
import { MemberTree } from "../src/index.ts";

export const artifactPaths = eligibilityArtifactPaths();
export const NOW = 1_760_000_000n;
export const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
export const terms: PolicyTerms = {
  policyId: 1n,
  coverageLimit: 5_000_000n,
  policyStart: NOW - 86_400n,
  policyExpiry: NOW + 86_400n * 365n,
};

/** A tree of `size` members where member `index` has secret `secret` and the given terms. */
export function treeWithMember(size: number, index: number, secret: bigint, memberTerms: PolicyTerms = terms): MemberTree {
  const leaves = Array.from({ length: size }, (_, i) =>
    i === index ? memberLeaf(identityCommitment(secret), memberTerms) : memberLeaf(identityCommitment(10_000n + BigInt(i)), terms),
  );
  return new MemberTree(leaves);
}

export function claimFor(tree: MemberTree, index: number, secret: bigint, overrides: Partial<EligibilityClaim> = {}): EligibilityClaim {
  return {
    secret,
    terms,
    merkleProof: tree.proof(index),
    claimAmount: 1_000_000n,
    occurredAt: NOW,
    scope: deriveScope({ chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", incidentId: 1 }),
    evidenceHash: 123n,
    recipient: RECIPIENT,
    ...overrides,
  };
}
