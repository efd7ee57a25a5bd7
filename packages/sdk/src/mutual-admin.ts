import type { MutualSettings } from "@mutua/contracts";
import { DEFAULT_MUTUAL_SETTINGS, deployMutual, MutuaMutualClient, ROLES } from "@mutua/contracts";
import type { PolicyTerms } from "@mutua/core";
import { memberLeaf } from "@mutua/core";
import type { IdentityAgent, IssuedMembership, Revocation } from "@mutua/identity";
import { MembershipIssuer } from "@mutua/identity";
import type { MemberTree } from "@mutua/proofs";
import type { ContractTransactionReceipt, Signer } from "ethers";
import { NotAMemberError } from "./errors.ts";
import { rebuildMemberTree } from "./member-tree-sync.ts";
import { ensureAllowance } from "./token.ts";

/** What a prospective member sends: their DID and the commitment of a secret only their wallet knows. */
export interface MembershipRequest {
  memberDid: string;
  identityCommitment: bigint;
}

export interface IssuerSetup {
  agent: IdentityAgent;
  /** A DID the agent controls; it signs the credentials. */
  did: string;
  /** Where the issuer publishes its status list credential. */
  statusListUrl: string;
  /** Where the issuer records what it issued (default memory). */
  log?: { kind: "memory" } | { kind: "file"; path: string };
}

export interface MutualDeployment {
  chainId: bigint;
  mutual: string;
  token: string;
  /** Block from which the registry's events are read. */
  fromBlock: number;
  name: string;
}

/**
 * The mutual's operator: deploys the contracts, admits members (credential + leaf + root in one call),
 * revokes them (status list + leaf removal), opens incidents and appoints assessors. It signs as the
 * contracts' admin and issuer.
 */
export class MutualAdmin {
  readonly deployment: MutualDeployment;
  readonly mutual: MutuaMutualClient;
  readonly issuer: MembershipIssuer;
  readonly #signer: Signer;
  #tree: MemberTree;

  private constructor(deployment: MutualDeployment, mutual: MutuaMutualClient, issuer: MembershipIssuer, signer: Signer, tree: MemberTree) {
    this.deployment = deployment;
    this.mutual = mutual;
    this.issuer = issuer;
    this.#signer = signer;
    this.#tree = tree;
  }

  /** Deploys a new mutual on the signer's chain; the signer becomes its admin and issuer. */
  static async deploy(options: {
    signer: Signer;
    name: string;
    token: string;
    issuer: IssuerSetup;
    settings?: Partial<Omit<MutualSettings, "token" | "admin">> & { maxClaimAmount: bigint };
  }): Promise<MutualAdmin> {
    const provider = options.signer.provider;
    if (!provider) throw new Error("the admin signer needs a provider");
    const fromBlock = await provider.getBlockNumber();
    const admin = await options.signer.getAddress();
    const mutual = await deployMutual(options.signer, {
      ...DEFAULT_MUTUAL_SETTINGS,
      ...options.settings,
      token: options.token,
      admin,
    } as MutualSettings);
    await mutual.grantRole(ROLES.issuer, admin);
    const { chainId } = await provider.getNetwork();
    return MutualAdmin.connect({
      signer: options.signer,
      issuer: options.issuer,
      deployment: { chainId, mutual: mutual.address, token: options.token, fromBlock, name: options.name },
    });
  }

  /** Reconnects to a deployed mutual (the member tree is rebuilt from the chain). */
  static async connect(options: { signer: Signer; issuer: IssuerSetup; deployment: MutualDeployment }): Promise<MutualAdmin> {
    const mutual = new MutuaMutualClient(options.deployment.mutual, options.signer);
    const issuer = await MembershipIssuer.open(options.issuer.agent, {
      issuerDid: options.issuer.did,
      statusListUrl: options.issuer.statusListUrl,
      ...(options.issuer.log ? { log: options.issuer.log } : {}),
    });
    const tree = await rebuildMemberTree(mutual, options.deployment.fromBlock);
    return new MutualAdmin(options.deployment, mutual, issuer, options.signer, tree);
  }

  get memberCount(): number {
    return this.#tree.size;
  }

  /**
   * Admits members in one batch: a MembershipCredential for each, their leaves added to the tree and the
   * new root posted in one transaction. Returns the credentials to hand to each wallet.
   */
  async admitMembers(
    requests: readonly (MembershipRequest & { terms: PolicyTerms })[],
  ): Promise<{ credentials: IssuedMembership[]; receipt: ContractTransactionReceipt; root: bigint }> {
    const credentials: IssuedMembership[] = [];
    for (const request of requests) {
      credentials.push(
        await this.issuer.issue({
          ...request,
          mutual: { name: this.deployment.name, chainId: this.deployment.chainId, contract: this.deployment.mutual },
        }),
      );
    }
    const leaves = requests.map((r) => memberLeaf(r.identityCommitment, r.terms));
    this.#tree.addMany(leaves);
    const receipt = await this.mutual.addMembers(leaves, this.#tree.root);
    return { credentials, receipt, root: this.#tree.root };
  }

  /** Revokes a credential and removes its leaf from the tree: both sides of revocation in one call. */
  async revokeMember(credentialId: string): Promise<{ revocation: Revocation; receipt: ContractTransactionReceipt }> {
    const revocation = await this.issuer.revoke(credentialId);
    const index = this.#tree.indexOf(revocation.memberLeaf);
    if (index < 0) throw new NotAMemberError(`the leaf of ${credentialId} is not in the tree (already removed?)`);
    this.#tree.remove(index);
    const receipt = await this.mutual.removeMember(index, this.#tree.root);
    return { revocation, receipt };
  }

  /** Opens an incident (or claims period): claims for `claimsOpenFor` seconds, then votes for `votingFor` seconds. */
  async openIncident(claimsOpenFor: number, votingFor: number): Promise<{ incidentId: bigint; receipt: ContractTransactionReceipt }> {
    const block = await this.#signer.provider?.getBlock("latest");
    const now = BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
    return this.mutual.openIncident(now + BigInt(claimsOpenFor), now + BigInt(claimsOpenFor + votingFor));
  }

  addAssessor(address: string): Promise<ContractTransactionReceipt> {
    return this.mutual.grantRole(ROLES.assessor, address);
  }

  /** Adds capital to the pool from the admin's account (approve + deposit). */
  async depositCapital(amount: bigint): Promise<ContractTransactionReceipt> {
    await ensureAllowance(this.deployment.token, this.#signer, this.deployment.mutual, amount);
    return this.mutual.depositCapital(amount);
  }
}
