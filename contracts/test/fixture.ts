import { eligibilityArtifactPaths, voteArtifactPaths } from "@mutua/circuits";
import type { CoverTerms, PolicyTerms } from "@mutua/core";
import {
  ASSESSOR_SEAT_DATA,
  ballotScope,
  cidBytes,
  cidToField,
  computeNullifier,
  deriveScope,
  identityCommitment,
  leafOf,
  memberLeaf,
  memberLeafData,
  nullifierScope,
} from "@mutua/core";
import type { LocalChain } from "@mutua/devnet";
import { startLocalChain } from "@mutua/devnet";
import { EligibilityProver, loadEligibilityArtifacts, MemberTree, toSolidityProof, VoteProver } from "@mutua/proofs";
import type { Contract, Signer } from "ethers";
import { hexlify, randomBytes, toUtf8Bytes } from "ethers";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import type { ClaimRequest, VoteOpening } from "../src-ts/index.ts";
import {
  ASSESSORS_ROUND,
  DEFAULT_MUTUAL_SETTINGS,
  deployGovernedMutual,
  deployTestToken,
  flattenProof,
  MutuaMutualClient,
  PrivateAssessmentArtifact,
  roundBallotId,
  voteCommitment,
} from "../src-ts/index.ts";

export const USD = 10n ** 6n;
export const COVERAGE = 5_000n * USD;
export const MAX_CLAIM = 4_000n * USD;
export const ROOT_WINDOW = 3;
export const PREMIUM = 100n * USD;
export const GOVERNANCE_DELAY = 2n * 86_400n;
export const REVEAL_WINDOW = 86_400n;
/** The assessors' seat secrets (in the SDK, a seat is made from the assessor's member identity). */
export const SEAT_SECRETS = [7_000_001n, 7_000_002n, 7_000_003n];

/** Who casts a ballot: a secret and the leaf it proves (a seat, or a member leaf) with its Merkle proof. */
export interface Voter {
  secret: bigint;
  leafData: readonly bigint[];
  merkleProof: ReturnType<MemberTree["proof"]>;
}

/** A committed sealed vote: what revealing it takes. */
export interface CommittedVote {
  incidentId: bigint;
  claimNullifier: bigint;
  round: number;
  voteNullifier: bigint;
  opening: VoteOpening;
}

export interface Member {
  secret: bigint;
  terms: PolicyTerms;
  index: number;
}

/** A CID of the kind evidence has (CIDv1, dag-pb, sha2-256): the contract accepts no other. */
export async function evidenceCid(text: string): Promise<CID> {
  return CID.create(1, dagPbCode, await sha256.digest(new TextEncoder().encode(text)));
}

/** A raw-codec CID: well-formed, but not an evidence directory. */
export async function rawCid(text: string): Promise<CID> {
  return CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode(text)));
}

const dagPbCode = 0x70;

/**
 * A real chain (EDR in-process), a real token and mutual, members admitted with the issuer's root,
 * one open incident, and a prover over the real circuit artifacts.
 */
export async function setupMutual(
  options: { token?: (admin: Signer) => Promise<unknown>; memberCount?: number; cover?: (index: number) => CoverTerms } = {},
) {
  const chain: LocalChain = await startLocalChain();
  const account = (index: number) => {
    const signer = chain.signers[index];
    if (!signer) throw new Error(`the local chain has no account #${index}`);
    return signer;
  };
  const signers = {
    admin: account(0),
    issuer: account(1),
    assessorA: account(2),
    assessorB: account(3),
    assessorC: account(4),
    relayer: account(5),
    payout: account(6),
    outsider: account(7),
    opener: account(8),
    pauser: account(9),
  };
  const { admin, issuer, payout, opener, pauser } = signers;
  const token = (await (options.token ?? deployTestToken)(admin)) as Contract;
  const settings = {
    token: await token.getAddress(),
    roles: { issuer: issuer.address, incidentOpener: opener.address, pauser: pauser.address },
    parameters: { maxClaimAmount: MAX_CLAIM, quorum: 2, settlementDelay: 3_600 },
    rootWindow: ROOT_WINDOW,
    maxRootAge: 3_600,
    governance: { ...DEFAULT_MUTUAL_SETTINGS, governanceDelay: Number(GOVERNANCE_DELAY), revealWindow: Number(REVEAL_WINDOW) },
  };
  // The member governor proposes to the timelock, which holds every power. Here the admin key may propose to it
  // too (extraProposers), so that the contracts' own checks are tested without a members' vote for each change;
  // test/governance*.test.ts goes through the members.
  const governed = await deployGovernedMutual(admin, settings, { extraProposers: [admin.address] });
  const { mutual, timelock: governance, assessment, governor, keeper, incidentNotes } = governed;

  // Three assessor seats, appointed through the timelock.
  const seats = new MemberTree(SEAT_SECRETS.map((secret) => leafOf(identityCommitment(secret), ASSESSOR_SEAT_DATA)));
  const appoint = await governance.schedule(
    assessment.address,
    "setAssessorSeats",
    [[...seats.leaves], seats.root, seats.leaves.map(() => "")],
    PrivateAssessmentArtifact.abi,
  );
  await chain.increaseTime(GOVERNANCE_DELAY);
  await governance.execute(appoint);

  const now = await chain.latestTimestamp();
  const members: Member[] = Array.from({ length: options.memberCount ?? 6 }, (_, index) => ({
    secret: 1_000_000n + BigInt(index) * 7919n,
    terms: {
      policyId: 1n,
      coverageLimit: COVERAGE,
      policyStart: now - 86_400n,
      policyExpiry: now + 365n * 86_400n,
      ...options.cover?.(index),
    },
    index,
  }));
  const tree = new MemberTree(members.map((m) => memberLeaf(identityCommitment(m.secret), m.terms)));
  const asIssuer = mutual.connect(issuer);
  const asOpener = mutual.connect(opener);
  await payPremiums(tree.leaves);
  await asIssuer.addMembers([...tree.leaves], tree.root);
  const { incidentId } = await openIncident(now + 7n * 86_400n, now + 14n * 86_400n);

  /** Pays PREMIUM for each leaf from the admin account (the fixture's stand-in for the members). */
  async function payPremiums(leaves: readonly bigint[]) {
    const mintable = token.connect(admin) as Contract;
    const total = PREMIUM * BigInt(leaves.length);
    await (await mintable.getFunction("mint")(admin.address, total)).wait();
    await (await mintable.getFunction("approve")(mutual.address, total)).wait();
    for (const leaf of leaves) await mutual.payPremium(leaf, PREMIUM);
  }

  /** Opens an incident whose loss happened `occurredAgo` seconds ago (default one minute). */
  async function openIncident(claimsCloseAt: bigint, votingEndsAt: bigint, occurredAt?: bigint) {
    return asOpener.openIncident(occurredAt ?? (await chain.latestTimestamp()) - 60n, claimsCloseAt, votingEndsAt);
  }

  const prover = new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
  const voteProver = new VoteProver(await loadEligibilityArtifacts(voteArtifactPaths()));

  /** Seat `index` of the assessor seats. */
  function seatVoter(index: number): Voter {
    return { secret: SEAT_SECRETS[index] as bigint, leafData: ASSESSOR_SEAT_DATA, merkleProof: seats.proof(index) };
  }

  /** Member `index`, voting in an appeal with the member leaf (the member tree as admitted). */
  function memberVoter(index: number): Voter {
    const member = members[index] as Member;
    return { secret: member.secret, leafData: memberLeafData(member.terms), merkleProof: tree.proof(index) };
  }

  /** A sealed vote's proof: `excluded` defaults to the claim's own nullifier, as the contract checks. */
  async function ballotProof(
    voter: Voter,
    claim: { incidentId: bigint; nullifier: bigint },
    round: number,
    commitment: string,
    excludedNullifier = claim.nullifier,
  ) {
    return voteProver.prove({
      ...voter,
      scope: await roundScope(claim, round),
      message: BigInt(commitment),
      excluded: {
        scope: nullifierScope(deriveScope({ chainId: chain.chainId, contract: mutual.address, incidentId: claim.incidentId })),
        nullifier: excludedNullifier,
      },
    });
  }

  /** The ballot box of a claim's round: a voter's nullifier in it is Poseidon(secret, this scope). */
  async function roundScope(claim: { incidentId: bigint; nullifier: bigint }, round: number) {
    const claimId = await mutual.claimIdOf(claim.incidentId, claim.nullifier);
    return ballotScope({ chainId: chain.chainId, contract: assessment.address, ballotId: roundBallotId(claimId, round) });
  }

  /** A voter's nullifier in a claim's round (what the commitment binds, before any proof is made). */
  async function voteNullifierOf(voter: number | Voter, claim: { incidentId: bigint; nullifier: bigint }, round = ASSESSORS_ROUND) {
    return computeNullifier((typeof voter === "number" ? seatVoter(voter) : voter).secret, await roundScope(claim, round));
  }

  /**
   * `voter` (a seat index, or any voter) commits a sealed vote on a claim: `amount` approves, undefined rejects.
   * Round 0 by default (the assessors); round 1 is the members' appeal.
   */
  async function commitVote(
    voter: number | Voter,
    claim: { incidentId: bigint; nullifier: bigint },
    amount: bigint | undefined,
    options: { round?: number; reason?: string; root?: bigint } = {},
  ): Promise<CommittedVote> {
    const round = options.round ?? ASSESSORS_ROUND;
    const claimId = await mutual.claimIdOf(claim.incidentId, claim.nullifier);
    const opening: VoteOpening = {
      approve: amount !== undefined,
      amount: amount ?? 0n,
      salt: hexlify(randomBytes(32)),
      encryptedReason: toUtf8Bytes(options.reason ?? "sealed reason"),
    };
    const voteNullifier = await voteNullifierOf(voter, claim, round);
    const commitment = voteCommitment(claimId, round, voteNullifier, opening);
    const proof = await ballotProof(typeof voter === "number" ? seatVoter(voter) : voter, claim, round, commitment);
    // The root the proof was made against, unless an attacker claims another.
    const root = options.root ?? proof.publicSignals.root;
    await assessment.commitVote(
      claim.incidentId,
      claim.nullifier,
      round,
      root,
      voteNullifier,
      commitment,
      flattenProof(toSolidityProof(proof)),
    );
    return { incidentId: claim.incidentId, claimNullifier: claim.nullifier, round, voteNullifier, opening };
  }

  /**
   * Member `index` votes on a proposal (0 against, 1 for, 2 abstain) with a proof against `tree` (default: the
   * member tree now, which must be the proposal's snapshot). Returns the ballot's nullifier and calldata proof.
   */
  async function proposalBallot(
    index: number,
    proposalId: bigint,
    support: number,
    options: { tree?: MemberTree; governor?: string; leafIndex?: number } = {},
  ) {
    const member = members[index] as Member;
    const proof = await voteProver.prove({
      secret: member.secret,
      leafData: memberLeafData(member.terms),
      merkleProof: (options.tree ?? tree).proof(options.leafIndex ?? member.index),
      scope: ballotScope({ chainId: chain.chainId, contract: options.governor ?? governor.address, ballotId: proposalId }),
      message: BigInt(support),
    });
    return { nullifier: proof.publicSignals.nullifier, proof: flattenProof(toSolidityProof(proof)) };
  }

  /** Member `index` votes on a proposal through a relayer. */
  async function voteOnProposal(index: number, proposalId: bigint, support: number, options: { tree?: MemberTree } = {}) {
    const ballot = await proposalBallot(index, proposalId, support, options);
    return governor.connect(signers.relayer).castAnonymousVote(proposalId, support, ballot.nullifier, ballot.proof);
  }

  function revealVote(vote: CommittedVote) {
    return assessment.revealVote(vote.incidentId, vote.claimNullifier, vote.round, vote.voteNullifier, vote.opening);
  }

  /** Moves chain time to just after `timestamp`. */
  async function travelPast(timestamp: bigint) {
    const now = await chain.latestTimestamp();
    if (timestamp >= now) await chain.increaseTime(timestamp - now + 1n);
  }

  /** Ends the incident's commit window (its voting window). */
  async function endVoting(incidentId: bigint) {
    await travelPast((await mutual.getIncident(incidentId)).votingEndsAt);
  }

  /** Ends the reveal window too: the claim can be finalized. */
  async function endReveal(incidentId: bigint) {
    await travelPast((await mutual.getIncident(incidentId)).votingEndsAt + REVEAL_WINDOW);
  }

  /** Seats 0, 1, 2 vote `votes` (an amount approves, undefined rejects), all revealed; ends both windows; finalizes. */
  async function decide(incidentId: bigint, nullifier: bigint, votes: (bigint | undefined)[]) {
    const committed = [];
    for (const [seat, amount] of votes.entries()) committed.push(await commitVote(seat, { incidentId, nullifier }, amount));
    await endVoting(incidentId);
    for (const vote of committed) await revealVote(vote);
    await endReveal(incidentId);
    return assessment.finalize(incidentId, nullifier);
  }

  /** A real proof for `member`'s claim; overrides model what an attacker would change. */
  async function proveClaim(
    member: Member,
    overrides: {
      amount?: bigint;
      incidentId?: bigint;
      cid?: CID;
      recipient?: string;
      chainId?: bigint;
      contract?: string;
      occurredAt?: bigint;
    } = {},
  ): Promise<ClaimRequest> {
    const claimIncident = overrides.incidentId ?? incidentId;
    const cid = overrides.cid ?? (await evidenceCid(`evidence of member ${member.index}`));
    const recipient = overrides.recipient ?? payout.address;
    const occurredAt = overrides.occurredAt ?? (await mutual.getIncident(claimIncident)).occurredAt;
    const amount = overrides.amount ?? 1_200n * USD;
    const proof = await prover.prove({
      secret: member.secret,
      terms: member.terms,
      merkleProof: tree.proof(member.index),
      claimAmount: amount,
      occurredAt,
      scope: deriveScope({
        chainId: overrides.chainId ?? chain.chainId,
        contract: overrides.contract ?? mutual.address,
        incidentId: claimIncident,
      }),
      evidenceHash: cidToField(cid),
      recipient,
    });
    return {
      incidentId: claimIncident,
      root: proof.publicSignals.root,
      nullifier: proof.publicSignals.nullifier,
      amount,
      recipient,
      evidenceCid: cidBytes(cid),
      proof: flattenProof(toSolidityProof(proof)),
    };
  }

  async function fund(premium: bigint, capital: bigint) {
    const mintable = token.connect(admin) as Contract;
    await (await mintable.getFunction("mint")(admin.address, premium + capital)).wait();
    await (await mintable.getFunction("approve")(mutual.address, premium + capital)).wait();
    if (premium > 0n) await mutual.payPremium(1n, premium);
    if (capital > 0n) await mutual.depositCapital(capital);
  }

  async function close() {
    await prover.close();
    await voteProver.close();
    await chain.close();
  }

  return {
    chain,
    token,
    mutual,
    governance,
    governor,
    assessment,
    keeper,
    incidentNotes,
    seats,
    settings,
    prover,
    voteProver,
    commitVote,
    revealVote,
    seatVoter,
    memberVoter,
    proposalBallot,
    voteOnProposal,
    ballotProof,
    roundScope,
    voteNullifierOf,
    endVoting,
    endReveal,
    travelPast,
    decide,
    tree,
    members,
    incidentId,
    signers,
    proveClaim,
    fund,
    close,
    asIssuer,
    asOpener,
    openIncident,
    payPremiums,
    MutuaMutualClient,
  };
}

export type MutualFixture = Awaited<ReturnType<typeof setupMutual>>;
