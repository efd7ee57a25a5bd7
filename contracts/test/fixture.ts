import { eligibilityArtifactPaths } from "@mutua/circuits";
import type { PolicyTerms } from "@mutua/core";
import { cidBytes, cidToField, deriveScope, identityCommitment, memberLeaf } from "@mutua/core";
import { EligibilityProver, loadEligibilityArtifacts, MemberTree, toSolidityProof } from "@mutua/proofs";
import type { Contract, Signer } from "ethers";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import type { ClaimRequest, LocalChain } from "../src-ts/index.ts";
import { deployMutual, deployTestToken, flattenProof, MutuaMutualClient, ROLES, startLocalChain } from "../src-ts/index.ts";

export const USD = 10n ** 6n;
export const COVERAGE = 5_000n * USD;
export const MAX_CLAIM = 4_000n * USD;
export const ROOT_WINDOW = 3;

export interface Member {
  secret: bigint;
  terms: PolicyTerms;
  index: number;
}

export async function evidenceCid(text: string): Promise<CID> {
  return CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode(text)));
}

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
  };
  const { admin, issuer, assessorA, assessorB, assessorC, payout } = signers;
  const token = (await (options.token ?? deployTestToken)(admin)) as Contract;
  const mutual = await deployMutual(admin, {
    token: await token.getAddress(),
    admin: admin.address,
    rootWindow: ROOT_WINDOW,
    maxClaimAmount: MAX_CLAIM,
    claimTimeTolerance: 3_600,
    quorum: 2,
    settlementDelay: 3_600,
  });
  await mutual.grantRole(ROLES.issuer, issuer.address);
  for (const assessor of [assessorA, assessorB, assessorC]) await mutual.grantRole(ROLES.assessor, assessor.address);

  const now = await chain.latestTimestamp();
  const members: Member[] = Array.from({ length: options.memberCount ?? 6 }, (_, index) => ({
    secret: 1_000_000n + BigInt(index) * 7919n,
    terms: { policyId: 1n, coverageLimit: COVERAGE, policyStart: now - 86_400n, policyExpiry: now + 365n * 86_400n },
    index,
  }));
  const tree = new MemberTree(members.map((m) => memberLeaf(identityCommitment(m.secret), m.terms)));
  const asIssuer = mutual.connect(issuer);
  await asIssuer.addMembers([...tree.leaves], tree.root);
  const { incidentId } = await mutual.openIncident(now + 7n * 86_400n, now + 14n * 86_400n);

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
      claimTime?: bigint;
    } = {},
  ): Promise<ClaimRequest> {
    const claimIncident = overrides.incidentId ?? incidentId;
    const cid = overrides.cid ?? (await evidenceCid(`evidence of member ${member.index}`));
    const recipient = overrides.recipient ?? payout.address;
    const claimTime = overrides.claimTime ?? (await chain.latestTimestamp());
    const amount = overrides.amount ?? 1_200n * USD;
    const proof = await prover.prove({
      secret: member.secret,
      terms: member.terms,
      merkleProof: tree.proof(member.index),
      claimAmount: amount,
      now: claimTime,
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
      claimTime,
      recipient,
      evidenceCid: cidBytes(cid),
      proof: flattenProof(toSolidityProof(proof)),
    };
  }

  async function fund(premium: bigint, capital: bigint) {
    const mintable = token.connect(admin) as Contract;
    await (await mintable.getFunction("mint")(admin.address, premium + capital)).wait();
    await (await mintable.getFunction("approve")(mutual.address, premium + capital)).wait();
    if (premium > 0n) await mutual.payPremium(premium);
    if (capital > 0n) await mutual.depositCapital(capital);
  }

  async function close() {
    await prover.close();
    await chain.close();
  }

  return { chain, token, mutual, tree, members, incidentId, signers, proveClaim, fund, close, asIssuer, MutuaMutualClient };
}

export type MutualFixture = Awaited<ReturnType<typeof setupMutual>>;
