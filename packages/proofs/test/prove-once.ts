// Run by process-exit.test.ts in a child process: prove and verify once, then let the event loop drain.
import { loadEligibilityArtifacts, proveEligibility, verifyEligibility } from "../src/index.ts";
import { artifactPaths, claimFor, treeWithMember } from "./fixtures.ts";

const tree = treeWithMember(8, 3, 555n);
const artifacts = await loadEligibilityArtifacts(artifactPaths);
const proof = await proveEligibility(claimFor(tree, 3, 555n), artifacts);
console.log(`verified: ${await verifyEligibility(proof, artifacts.verificationKey)}`);
