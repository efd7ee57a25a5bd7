import type { ClaimRecord, FiledClaim } from "@mutua/contracts";
import { MutuaMutualClient } from "@mutua/contracts";
import { evidenceReference, InvalidArgumentError } from "@mutua/core";
import type { EvidenceStore, OpenedEvidence } from "@mutua/evidence";
import { openEvidence } from "@mutua/evidence";
import type { IdentityAgent } from "@mutua/identity";
import { agentKeyAgreement } from "@mutua/identity";
import type { ContractTransactionReceipt, Signer } from "ethers";
import { CID } from "multiformats/cid";
import type { MutualDeployment } from "./mutual-admin.ts";

export interface ClaimUnderReview extends FiledClaim {
  status: ClaimRecord;
  /** The evidence CID as text; undefined when the claim's bytes are not a CID (see `problem`). */
  evidenceCidText: string | undefined;
  /** Why this claim cannot be read, if it cannot: listed and marked, never thrown, so one bad claim hides no other. */
  problem?: string;
}

/** An assessor: lists filed claims, decrypts their evidence with the assessor's DID key, and votes. */
export class Assessor {
  readonly did: string;
  readonly deployment: MutualDeployment;
  readonly #agent: IdentityAgent;
  readonly #mutual: MutuaMutualClient;
  readonly #store: EvidenceStore | undefined;

  /** `store` is needed only to open evidence. */
  constructor(options: { agent: IdentityAgent; did: string; signer: Signer; deployment: MutualDeployment; store?: EvidenceStore }) {
    this.did = options.did;
    this.deployment = options.deployment;
    this.#agent = options.agent;
    this.#mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    this.#store = options.store;
  }

  async listClaims(incidentId?: bigint): Promise<ClaimUnderReview[]> {
    const claims = await this.#mutual.claimsWithStatus(this.deployment.fromBlock, incidentId);
    return claims.map((claim) => ({ ...claim, ...evidenceReference(claim.evidenceCid) }));
  }

  /** Fetches and decrypts a claim's evidence (NOT_A_RECIPIENT if the claimant did not include this assessor). */
  async openEvidence(claim: FiledClaim, options: { envelopeCid?: string; timeoutMs?: number } = {}): Promise<OpenedEvidence> {
    if (!this.#store) throw new InvalidArgumentError("store", "this Assessor was created without an evidence store");
    const ecdh = await agentKeyAgreement(this.#agent, this.did);
    return openEvidence(this.#store, { evidenceCid: CID.decode(claim.evidenceCid), envelopeCid: options.envelopeCid }, ecdh, options);
  }

  /** Approve (with an amount up to the claimed one) or reject. */
  vote(
    claim: Pick<FiledClaim, "incidentId" | "nullifier" | "amount">,
    approve: boolean,
    amount = claim.amount,
  ): Promise<ContractTransactionReceipt> {
    return this.#mutual.vote(claim.incidentId, claim.nullifier, approve, approve ? amount : 0n);
  }
}

/** Anyone may finalize a decision after voting and settle after the cooldown. */
export class Settlement {
  readonly #mutual: MutuaMutualClient;
  readonly #fromBlock: number;

  constructor(options: { signer: Signer; deployment: MutualDeployment }) {
    this.#mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    this.#fromBlock = options.deployment.fromBlock;
  }

  /** The filed claim with this id (from the ClaimFiled events). */
  async findClaim(claimId: string): Promise<FiledClaim | undefined> {
    return (await this.#mutual.filedClaims(this.#fromBlock)).find((c) => c.claimId === claimId);
  }

  finalize(incidentId: bigint, nullifier: bigint): Promise<ContractTransactionReceipt> {
    return this.#mutual.finalize(incidentId, nullifier);
  }

  settle(incidentId: bigint, nullifier: bigint): Promise<ContractTransactionReceipt> {
    return this.#mutual.settle(incidentId, nullifier);
  }

  /** When an approved claim becomes payable (unix seconds), or undefined if it is not approved. */
  async payableAt(incidentId: bigint, nullifier: bigint): Promise<bigint | undefined> {
    const claim = await this.#mutual.getClaim(incidentId, nullifier);
    if (claim.status !== "Approved") return undefined;
    // The incident's own cooldown: fixed when it was opened, whatever the parameters are now.
    return claim.decidedAt + BigInt((await this.#mutual.getIncident(incidentId)).settlementDelay);
  }

  status(incidentId: bigint, nullifier: bigint): Promise<ClaimRecord> {
    return this.#mutual.getClaim(incidentId, nullifier);
  }
}
