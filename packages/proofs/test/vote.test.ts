import { voteArtifactPaths } from "@mutua/circuits";
import {
  ASSESSOR_SEAT_DATA,
  ballotScope,
  computeNullifier,
  deriveScope,
  identityCommitment,
  leafOf,
  memberLeafData,
  nullifierScope,
} from "@mutua/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ballot, VoteArtifacts } from "../src/index.ts";
import { LeafNotInTreeError, loadEligibilityArtifacts, MemberTree, OwnClaimError, VoteProver, verifyVote } from "../src/index.ts";
import { terms, treeWithMember } from "./fixtures.ts";

const SECRET = 424242n;
const GOVERNOR = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const scope = ballotScope({ chainId: 31337, contract: GOVERNOR, ballotId: 7 });
const tree = treeWithMember(12, 5, SECRET);
let artifacts: VoteArtifacts;
let prover: VoteProver;

function ballot(overrides: Partial<Ballot> = {}): Ballot {
  return { secret: SECRET, leafData: memberLeafData(terms), merkleProof: tree.proof(5), scope, message: 1n, ...overrides };
}

beforeAll(async () => {
  artifacts = await loadEligibilityArtifacts(voteArtifactPaths());
  prover = new VoteProver(artifacts);
});
afterAll(() => prover.close());

describe("anonymous ballots (the vote circuit)", () => {
  it("proves a member's ballot: root, a nullifier per scope, the message and exclusion inputs public", async () => {
    const proof = await prover.prove(ballot());
    expect(proof.publicSignals).toEqual({
      root: tree.root,
      nullifier: computeNullifier(SECRET, scope),
      scope,
      message: 1n,
      excludedScope: 0n,
      excludedNullifier: 0n,
    });
    expect(await verifyVote(proof, artifacts.verificationKey)).toBe(true);
    // The message is bound: the same proof with another vote does not verify.
    expect(await verifyVote({ ...proof, publicSignals: { ...proof.publicSignals, message: 0n } }, artifacts.verificationKey)).toBe(false);
    // So is the scope: a ballot for proposal 7 is not one for proposal 8.
    const other = ballotScope({ chainId: 31337, contract: GOVERNOR, ballotId: 8 });
    expect(await verifyVote({ ...proof, publicSignals: { ...proof.publicSignals, scope: other } }, artifacts.verificationKey)).toBe(false);
  });

  it("proves an assessor seat's ballot and refuses one on the assessor's own claim", async () => {
    const seats = new MemberTree([
      leafOf(identityCommitment(SECRET), ASSESSOR_SEAT_DATA),
      leafOf(identityCommitment(9n), ASSESSOR_SEAT_DATA),
    ]);
    // A claim's nullifier is in its nullifier scope (the scope's top 86 bits), which the assessment contract passes.
    const claimScope = nullifierScope(deriveScope({ chainId: 31337, contract: GOVERNOR, incidentId: 1 }));
    const someoneElsesClaim = { scope: claimScope, nullifier: computeNullifier(77n, claimScope) };
    const seatBallot = { leafData: ASSESSOR_SEAT_DATA, merkleProof: seats.proof(0), excluded: someoneElsesClaim };
    const proof = await prover.prove(ballot(seatBallot));
    expect(await verifyVote(proof, artifacts.verificationKey)).toBe(true);
    const ownClaim = { scope: claimScope, nullifier: computeNullifier(SECRET, claimScope) };
    await expect(prover.prove(ballot({ ...seatBallot, excluded: ownClaim }))).rejects.toThrow(OwnClaimError);
  });

  it("refuses a secret that is not the leaf's before proving", async () => {
    await expect(prover.prove(ballot({ secret: SECRET + 1n }))).rejects.toThrow(LeafNotInTreeError);
  });
});
