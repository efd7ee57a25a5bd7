import { claimNullifier, deriveScope, identityCommitment, memberLeaf } from "@mutua/core";

/** A member's leaf and the nullifier of their claim on one incident: what the circuit proves, computed in the clear. */
export function readmeExample() {
  const secret = 123_456_789n; // the member's identity secret: it never leaves their wallet
  const commitment = identityCommitment(secret); // all the issuer ever sees of it
  const terms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: 1_767_225_600n, policyExpiry: 1_798_761_600n };
  const leaf = memberLeaf(commitment, terms); // what the mutual's member tree holds
  const scope = deriveScope({ chainId: 8453, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", incidentId: 7 });
  // One claim per member per incident: the same secret and incident always give the same nullifier.
  const nullifier = claimNullifier(secret, scope);
  return { commitment, leaf, nullifier };
}
