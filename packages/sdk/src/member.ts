import { eligibilityArtifactPaths } from "@mutua/circuits";
import type { ClaimRecord, ClaimRequest } from "@mutua/contracts";
import { flattenProof, MutuaMutualClient } from "@mutua/contracts";
import { cidBytes, deriveScope, memberLeaf } from "@mutua/core";
import type { EvidenceFile, EvidenceStore } from "@mutua/evidence";
import { sealEvidence } from "@mutua/evidence";
import type { HeldMembership, MemberWallet } from "@mutua/identity";
import { EligibilityProver, loadEligibilityArtifacts, toSolidityProof } from "@mutua/proofs";
import type { Resolvable } from "did-resolver";
import type { ContractTransactionReceipt, Signer } from "ethers";
import type { CID } from "multiformats/cid";
import { NoMembershipError, NotAMemberError } from "./errors.ts";
import { rebuildMemberTree } from "./member-tree-sync.ts";
import type { MutualDeployment } from "./mutual-admin.ts";
import type { ProgressListener } from "./progress.ts";
import { step } from "./progress.ts";
import { ensureAllowance } from "./token.ts";

export interface ClaimFiling {
  incidentId: bigint;
  /** In token base units; at most the policy's coverage limit. */
  amount: bigint;
  /** Where the payout goes: bound into the proof, so nobody can redirect it. */
  recipient: string;
  files: readonly EvidenceFile[];
  /** DIDs of the assessors who may read the evidence (the claimant is always a recipient). */
  assessors: readonly string[];
  /** Who sends the transaction; default the member's own signer. A relayer keeps the member's address off-chain. */
  submitter?: Signer;
  onProgress?: ProgressListener;
}

export interface FiledClaimResult {
  incidentId: bigint;
  nullifier: bigint;
  claimId: string;
  evidenceCid: CID;
  receipt: ContractTransactionReceipt;
  /** The exact request sent: kept so tests and auditors can replay it. */
  request: ClaimRequest;
}

/**
 * The member's side of a mutual: pays premiums and files claims. Filing seals the evidence to the
 * claimant and the assessors, rebuilds the member tree from chain events, proves eligibility in zero
 * knowledge, and submits the proof (through any signer, e.g. a relayer).
 */
export class Member {
  readonly wallet: MemberWallet;
  readonly deployment: MutualDeployment;
  readonly #signer: Signer;
  readonly #store: EvidenceStore;
  readonly #resolver: Resolvable;
  #prover: EligibilityProver | undefined;

  constructor(options: {
    wallet: MemberWallet;
    signer: Signer;
    deployment: MutualDeployment;
    store: EvidenceStore;
    resolver: Resolvable;
    prover?: EligibilityProver;
  }) {
    this.wallet = options.wallet;
    this.deployment = options.deployment;
    this.#signer = options.signer;
    this.#store = options.store;
    this.#resolver = options.resolver;
    this.#prover = options.prover;
  }

  /** The credential (and secret) the wallet holds for this mutual. */
  membership(): HeldMembership {
    const held = this.wallet
      .memberships()
      .find(
        (m) =>
          m.membership.mutual?.contract?.toLowerCase() === this.deployment.mutual.toLowerCase() &&
          m.membership.mutual?.chainId === this.deployment.chainId,
      );
    if (!held) throw new NoMembershipError(this.deployment.mutual);
    return held;
  }

  async payPremium(amount: bigint): Promise<ContractTransactionReceipt> {
    await ensureAllowance(this.deployment.token, this.#signer, this.deployment.mutual, amount);
    return new MutuaMutualClient(this.deployment.mutual, this.#signer).payPremium(amount);
  }

  /** Seals the evidence, proves, submits: the whole claim. */
  async fileClaim(filing: ClaimFiling): Promise<FiledClaimResult> {
    const { request, evidenceCid } = await this.prepareClaim(filing);
    const mutual = new MutuaMutualClient(this.deployment.mutual, filing.submitter ?? this.#signer);
    const { claimId, receipt } = await step(
      filing.onProgress,
      "submit",
      () => mutual.fileClaim(request),
      (r) => `gas ${r.receipt.gasUsed}`,
    );
    return { incidentId: filing.incidentId, nullifier: request.nullifier, claimId, evidenceCid, receipt, request };
  }

  /** Everything up to the transaction: the evidence is stored and the proof made; the request can be sent by anyone. */
  async prepareClaim(filing: Omit<ClaimFiling, "submitter">): Promise<{ request: ClaimRequest; evidenceCid: CID }> {
    const held = this.membership();
    const mutual = new MutuaMutualClient(this.deployment.mutual, this.#signer);
    const progress = filing.onProgress;

    const claimantDid = await this.wallet.did();
    const sealed = await step(
      progress,
      "seal-evidence",
      () => sealEvidence(this.#store, filing.files, { recipients: [claimantDid, ...filing.assessors], resolver: this.#resolver }),
      (s) => s.evidenceCid.toString(),
    );
    const tree = await step(
      progress,
      "sync-members",
      () => rebuildMemberTree(mutual, this.deployment.fromBlock),
      (t) => `${t.size} members`,
    );
    const index = tree.indexOf(memberLeaf(held.membership.identityCommitment, held.membership.terms));
    if (index < 0) throw new NotAMemberError("the wallet's leaf is not in the member tree (never admitted, or revoked)");

    const latest = await this.#signer.provider?.getBlock("latest");
    const claimTime = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000));
    const prover = await this.#loadProver();
    const proof = await step(progress, "prove", () =>
      prover.prove({
        secret: held.identitySecret,
        terms: held.membership.terms,
        merkleProof: tree.proof(index),
        claimAmount: filing.amount,
        now: claimTime,
        scope: deriveScope({ chainId: this.deployment.chainId, contract: this.deployment.mutual, incidentId: filing.incidentId }),
        evidenceHash: sealed.evidenceHash,
        recipient: filing.recipient,
      }),
    );
    const request: ClaimRequest = {
      incidentId: filing.incidentId,
      root: proof.publicSignals.root,
      nullifier: proof.publicSignals.nullifier,
      amount: filing.amount,
      claimTime,
      recipient: filing.recipient,
      evidenceCid: cidBytes(sealed.evidenceCid),
      proof: flattenProof(toSolidityProof(proof)),
    };
    return { request, evidenceCid: sealed.evidenceCid };
  }

  /** The circuit's prover, loaded from the built artifacts on first use unless one was given. */
  async #loadProver(): Promise<EligibilityProver> {
    this.#prover ??= new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
    return this.#prover;
  }

  claimStatus(incidentId: bigint, nullifier: bigint): Promise<ClaimRecord> {
    return new MutuaMutualClient(this.deployment.mutual, this.#signer).getClaim(incidentId, nullifier);
  }

  async close(): Promise<void> {
    await this.#prover?.close();
  }
}
