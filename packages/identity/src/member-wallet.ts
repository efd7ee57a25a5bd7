import { existsSync, readFileSync } from "node:fs";
import { InvalidArgumentError, identityCommitment, SNARK_SCALAR_FIELD } from "@mutua/core";
import { writeFileAtomic } from "@mutua/core/node";
import { bytesToHex, randomBytes } from "@noble/hashes/utils.js";
import type { IdentityAgentHandle } from "./agent.ts";
import { MalformedJwtError } from "./errors.ts";
import type { Membership } from "./membership-credential.ts";
import { parseMembershipSubject } from "./membership-credential.ts";
import { MEMBERSHIP_REQUEST_TYPE, membershipRequestChallenge } from "./membership-request.ts";
import { OrderedWrites } from "./ordered-writes.ts";
import type { OneTimeCredential } from "./sd-jwt/cover-holder.ts";
import { PassphraseSealer } from "./sealed-json.ts";
import { readCredentialJwt } from "./vc-jwt.ts";

/** A credential the wallet holds, with the identity secret whose commitment it carries. */
export interface HeldMembership {
  credentialId: string;
  jwt: string;
  membership: Membership;
  /** Never leaves the wallet except in an encrypted backup: it is what proves membership in zero knowledge. */
  identitySecret: bigint;
}

/** Which mutual a secret belongs to: chain id and contract address (both as the credential states them). */
export interface MutualRef {
  chainId: bigint;
  contract: string;
}

interface VaultState {
  did?: string;
  /**
   * One identity secret per mutual ("chainId:contract", or "*" for credentials that name no mutual), used
   * in every leaf of this member there: renewals, second policies and re-admissions share it, so the member
   * has one nullifier per incident whatever they hold.
   */
  secrets: Record<string, string>;
  held: Record<string, { jwt: string; secret: string }>;
  /** Counts the changes a restore needs (a DID, a secret, a credential); absent in vaults from before it. */
  revision?: number;
  /** The revision the last exported backup held: a backup older than `revision` would lose something. */
  backedUp?: number;
  /**
   * One-time SD-JWT VCs of the membership (from the issuer's OpenID4VCI offer) with their keys, for proof of cover
   * to third parties: each shown once. Not counted by backups: the issuer hands out new ones.
   */
  oneTime?: OneTimeCredential[];
}

/** What the newest backup holds, and whether it is still enough to restore the wallet as it is now. */
export interface BackupStatus {
  /** False once something a restore needs changed after the last backup (or no backup was ever made). */
  current: boolean;
  holds: { did: boolean; mutuals: number; credentials: number };
}

interface Backup {
  format: "mutua-wallet-backup/1";
  identifier: Awaited<ReturnType<IdentityAgentHandle["exportIdentifier"]>>;
  vault: VaultState;
}

/**
 * Where the wallet keeps its state. `file`: the vault sealed under a storage secret (Node; the agent keeps the DID's
 * keys in its own file). `backup`: after every change the whole wallet (keys, credentials, secrets) is sealed under
 * the passphrase in the backup format and handed to `write` (the browser app keeps it in IndexedDB; opening it is
 * a restore).
 */
export type VaultStorage =
  | { kind: "memory" }
  | { kind: "file"; path: string; secret: string }
  | {
      kind: "backup";
      passphrase: string;
      /** Receives the sealed backup after each change (to store wherever the holder keeps it). */
      write: (backup: string) => Promise<void>;
    };

/**
 * The member's wallet: a DID (did:key by default), membership credentials, and next to each the identity
 * secret it commits to. The secret is generated here and never put in a credential: the issuer only sees
 * its Poseidon commitment. Secrets live in a vault sealed with the user's secret; `exportBackup` seals
 * keys, credentials and secrets under a passphrase so a lost device can be restored.
 */
export class MemberWallet {
  readonly #handle: IdentityAgentHandle;
  readonly #storage: VaultStorage;
  #state: VaultState;
  readonly #writes = new OrderedWrites();
  #storageSealer: PassphraseSealer | undefined;

  private constructor(handle: IdentityAgentHandle, storage: VaultStorage, state: VaultState, sealer?: PassphraseSealer) {
    this.#handle = handle;
    this.#storage = storage;
    this.#state = state;
    this.#storageSealer = sealer;
  }

  /** Opens the wallet of an agent: its DID, identity secret and held memberships, in memory or in a sealed file. */
  static async open(handle: IdentityAgentHandle, storage: VaultStorage = { kind: "memory" }): Promise<MemberWallet> {
    if (storage.kind === "file" && existsSync(storage.path)) {
      const { value: state, sealer } = PassphraseSealer.open<VaultState>(readFileSync(storage.path, "utf8"), storage.secret);
      return new MemberWallet(handle, storage, { ...state, secrets: state.secrets ?? {} }, sealer);
    }
    return new MemberWallet(handle, storage, { secrets: {}, held: {} });
  }

  /** Restores a wallet from `exportBackup` output into an empty agent. */
  static async restore(handle: IdentityAgentHandle, backup: string, passphrase: string, storage: VaultStorage = { kind: "memory" }) {
    const { value: opened, sealer } = PassphraseSealer.open<Backup>(backup, passphrase);
    if (opened.format !== "mutua-wallet-backup/1") throw new InvalidArgumentError("backup", `unknown format ${String(opened.format)}`);
    await handle.agent.didManagerImport(opened.identifier);
    // The app keeps its wallet as a backup sealed under the same passphrase: the key just derived serves its writes.
    const reuse = storage.kind === "backup" && storage.passphrase === passphrase ? sealer : undefined;
    const wallet = new MemberWallet(handle, storage, { ...opened.vault, secrets: opened.vault.secrets ?? {} }, reuse);
    wallet.#save(false);
    return wallet;
  }

  /** The wallet's DID, created on first use. */
  async did(): Promise<string> {
    if (this.#state.did) return this.#state.did;
    const identifier = await this.#handle.agent.didManagerCreate({ provider: "did:key", options: { keyType: "Ed25519" } });
    this.#state.did = identifier.did;
    this.#save(true);
    return identifier.did;
  }

  /**
   * Starts a membership (or a renewal, a second policy, a re-admission) in `mutual`: the DID and the
   * commitment of the wallet's identity secret for that mutual go to the issuer. The secret is generated on
   * the first request and reused for every later one: one member, one secret, one nullifier per incident.
   */
  async requestMembership(mutual?: MutualRef): Promise<{ memberDid: string; identityCommitment: bigint }> {
    return { memberDid: await this.did(), identityCommitment: identityCommitment(this.identitySecret(mutual)) };
  }

  /**
   * The same request, signed by the wallet's DID for the desk at `audience` (its URL): what a mutual's join desk
   * takes, so that nobody can ask to join in this member's name.
   */
  async signMembershipRequest(mutual: MutualRef, audience: string): Promise<string> {
    const { memberDid, identityCommitment } = await this.requestMembership(mutual);
    const vp = await this.#handle.agent.createVerifiablePresentation({
      // identityCommitment becomes a claim of the JWT beside `vp` (did-jwt-vc keeps unknown properties there).
      presentation: {
        holder: memberDid,
        type: ["VerifiablePresentation", MEMBERSHIP_REQUEST_TYPE],
        verifiableCredential: [],
        identityCommitment: identityCommitment.toString(),
      } as never,
      proofFormat: "jwt",
      challenge: membershipRequestChallenge(mutual),
      domain: audience,
    });
    return vp.proof.jwt as string;
  }

  /**
   * The wallet's identity secret for `mutual` (made on first use): what its claims, its ballots and, for an
   * assessor, its seat are proven with. One secret per mutual is what lets the assessment exclude an assessor
   * from their own claims. Never send it anywhere.
   */
  identitySecret(mutual?: MutualRef): bigint {
    const key = mutualKey(mutual);
    let secret = this.#state.secrets[key];
    if (secret === undefined) {
      secret = randomFieldElement().toString();
      this.#state.secrets[key] = secret;
      this.#save(true);
    }
    return BigInt(secret);
  }

  /**
   * Keeps a credential the issuer sent. It must be about this wallet's DID and carry the commitment of a
   * secret this wallet generated, else the member could never prove with it. Verify it first with a
   * MembershipVerifier if the issuer is not trusted to send well-formed credentials.
   */
  async accept(jwt: string): Promise<HeldMembership> {
    let read: ReturnType<typeof readCredentialJwt>;
    try {
      read = readCredentialJwt(jwt);
    } catch (error) {
      throw new MalformedJwtError((error as Error).message, { cause: error });
    }
    const { credential } = read;
    if (!credential.credentialSubject || typeof credential.id !== "string") throw new MalformedJwtError("not a membership credential");
    const membership = parseMembershipSubject(credential.credentialSubject);
    const credentialId = credential.id;
    const did = await this.did();
    if (membership.memberDid !== did) throw new InvalidArgumentError("credential", `issued to ${membership.memberDid}, not to ${did}`);
    const mutual = membership.mutual;
    const key = mutual?.chainId !== undefined && mutual.contract ? mutualKey({ chainId: mutual.chainId, contract: mutual.contract }) : "*";
    const secret = this.#state.secrets[key];
    if (secret === undefined || identityCommitment(BigInt(secret)) !== membership.identityCommitment) {
      throw new InvalidArgumentError("credential", "its identity commitment is not the one this wallet sent for this mutual");
    }
    this.#state.held[credentialId] = { jwt, secret };
    this.#save(true);
    return { credentialId, jwt, membership, identitySecret: BigInt(secret) };
  }

  /** The memberships this wallet holds. */
  memberships(): HeldMembership[] {
    return Object.entries(this.#state.held).map(([credentialId, { jwt, secret }]) => {
      return {
        credentialId,
        jwt,
        membership: parseMembershipSubject(readCredentialJwt(jwt).credential.credentialSubject ?? {}),
        identitySecret: BigInt(secret),
      };
    });
  }

  /** A verifiable presentation (JWT) of one held credential, for one verifier (`domain`) and one session (`challenge`). */
  async present(credentialId: string, audience: { challenge: string; domain: string }): Promise<string> {
    const held = this.#state.held[credentialId];
    if (!held) throw new InvalidArgumentError("credentialId", `the wallet holds no credential ${credentialId}`);
    const vp = await this.#handle.agent.createVerifiablePresentation({
      presentation: { holder: await this.did(), verifiableCredential: [held.jwt] },
      proofFormat: "jwt",
      challenge: audience.challenge,
      domain: audience.domain,
    });
    return vp.proof.jwt as string;
  }

  /**
   * Keys, credentials and secrets sealed under `passphrase` (scrypt + XChaCha20-Poly1305): the backup a person keeps
   * off the device. It counts as the wallet's newest backup (see backupStatus) until something it lacks is added.
   */
  async exportBackup(passphrase: string): Promise<string> {
    this.#state.backedUp = this.#state.revision ?? 0;
    this.#save(false);
    return this.#seal(PassphraseSealer.derive(passphrase));
  }

  /**
   * Takes the issuer's credential offer (`openid-credential-offer://…` and the code sent with it) as a standard
   * wallet does, and keeps `count` one-time credentials (each with its own key) for proofs of cover.
   */
  async receiveCredentialOffer(offerUri: string, txCode: string | undefined, count = 5): Promise<number> {
    // The OpenID4VC clients load with the first offer: a wallet that never meets one never downloads them.
    const { receiveCredentialOffer } = await import("./sd-jwt/cover-holder.ts");
    const fresh = await receiveCredentialOffer(offerUri, txCode, count);
    this.#state.oneTime = [...(this.#state.oneTime ?? []).filter((c) => !c.used), ...fresh];
    this.#save(false);
    await this.#writes.flush();
    return fresh.length;
  }

  /** One-time credentials not shown yet. */
  coverProofsLeft(): number {
    return (this.#state.oneTime ?? []).filter((c) => !c.used).length;
  }

  /**
   * Answers a verifier's OpenID4VP request (`openid4vp://…`) with a one-time credential never shown before,
   * disclosing only what the request asks (see `describeCoverRequest` to show the person first). The credential
   * is marked used before anything is sent: a second verifier never sees the same one.
   */
  async proveCover(requestUri: string): Promise<{ accepted: boolean; reason?: string; left: number }> {
    const next = (this.#state.oneTime ?? []).find((c) => !c.used);
    if (!next) throw new InvalidArgumentError("credential", "no proof of cover left: ask the mutual for new ones (its credential offer)");
    next.used = true;
    this.#save(false);
    await this.#writes.flush();
    const { answerCoverRequest } = await import("./sd-jwt/cover-holder.ts");
    const result = await answerCoverRequest(requestUri, next);
    return { ...result, left: this.coverProofsLeft() };
  }

  /**
   * Whether the newest exported backup still restores this wallet: false from the first change a restore needs (the
   * DID, the identity secret for a mutual, a credential) made after it, so an app can ask for a fresh one.
   */
  backupStatus(): BackupStatus {
    const state = this.#state;
    return {
      current: state.backedUp !== undefined && state.backedUp >= (state.revision ?? 0),
      holds: { did: state.did !== undefined, mutuals: Object.keys(state.secrets).length, credentials: Object.keys(state.held).length },
    };
  }

  /** The wallet as a backup, sealed by `sealer` (the storage's, or a fresh one for an exported backup). */
  async #seal(sealer: PassphraseSealer): Promise<string> {
    const backup: Backup = {
      format: "mutua-wallet-backup/1",
      identifier: await this.#handle.exportIdentifier(await this.did()),
      vault: this.#state,
    };
    return sealer.seal(backup);
  }

  /** The storage's sealer: derived once (at the first write, or taken from the open), then reused for every write. */
  #sealerFor(secret: string): PassphraseSealer {
    this.#storageSealer ??= PassphraseSealer.derive(secret);
    return this.#storageSealer;
  }

  /** Resolves once every change has been written (`backup` storage writes asynchronously); rejects if the newest write failed. */
  flush(): Promise<void> {
    return this.#writes.flush();
  }

  /** Writes the vault to its storage; `changed`: something a restore needs changed (the backup falls behind). */
  #save(changed: boolean): void {
    if (changed) this.#state.revision = (this.#state.revision ?? 0) + 1;
    if (this.#storage.kind === "backup") {
      const { passphrase, write } = this.#storage;
      // The device's own sealed copy, not a backup the person keeps: it does not count as one.
      this.#writes.schedule(async () => write(await this.#seal(this.#sealerFor(passphrase))));
      return;
    }
    if (this.#storage.kind !== "file") return;
    writeFileAtomic(this.#storage.path, this.#sealerFor(this.#storage.secret).seal(this.#state), { mode: 0o600 });
  }
}

function mutualKey(mutual: MutualRef | undefined): string {
  return mutual ? `${mutual.chainId}:${mutual.contract.toLowerCase()}` : "*";
}

/** Uniform in the BN254 scalar field: 64 random bytes reduced, so the bias is below 2^-250. */
function randomFieldElement(): bigint {
  return BigInt(`0x${bytesToHex(randomBytes(64))}`) % SNARK_SCALAR_FIELD;
}
