import { eligibilityArtifactPaths } from "@mutua/circuits";
import type { PolicyTerms } from "@mutua/core";
import { cidBytes, cidToField, deriveScope, identityCommitment, memberLeaf } from "@mutua/core";
import { EligibilityProver, loadEligibilityArtifacts, MemberTree, toSolidityProof } from "@mutua/proofs";
import type { Contract, Signer } from "ethers";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import type { ClaimRequest, LocalChain } from "../src-ts/index.ts";
import { deployMutual, deployTestToken, deployTimelock, flattenProof, MutuaMutualClient, startLocalChain } from "../src-ts/index.ts";

export const USD = 10n ** 6n;
export const COVERAGE = 5_000n * USD;
export const MAX_CLAIM = 4_000n * USD;
export const ROOT_WINDOW = 3;
export const PREMIUM = 100n * USD;
export const GOVERNANCE_DELAY = 2n * 86_400n;

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
export async function setupMutual(options: { token?: (admin: Signer) => Promise<unknown>; memberCount?: number } = {}) {
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
  const { admin, issuer, assessorA, assessorB, assessorC, payout, opener, pauser } = signers;
  const token = (await (options.token ?? deployTestToken)(admin)) as Contract;
  // The admin key only proposes to the timelock; the timelock holds the mutual's admin role.
  const governance = await deployTimelock(admin, { minDelay: Number(GOVERNANCE_DELAY), proposers: [admin.address] });
  const settings = {
    token: await token.getAddress(),
    roles: {
      governance: governance.address,
      issuer: issuer.address,
      incidentOpener: opener.address,
      pauser: pauser.address,
      assessors: [assessorA.address, assessorB.address, assessorC.address],
    },
    parameters: { maxClaimAmount: MAX_CLAIM, quorum: 2, settlementDelay: 3_600 },
    rootWindow: ROOT_WINDOW,
    maxRootAge: 3_600,
  };
  const mutual = await deployMutual(admin, settings);

  const now = await chain.latestTimestamp();
  const members: Member[] = Array.from({ length: options.memberCount ?? 6 }, (_, index) => ({
    secret: 1_000_000n + BigInt(index) * 7919n,
    terms: { policyId: 1n, coverageLimit: COVERAGE, policyStart: now - 86_400n, policyExpiry: now + 365n * 86_400n },
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
    await chain.close();
  }

  return {
    chain,
    token,
    mutual,
    governance,
    settings,
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
