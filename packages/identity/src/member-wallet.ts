import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { InvalidArgumentError, identityCommitment, SNARK_SCALAR_FIELD } from "@mutua/core";
import { decodeJWT } from "did-jwt";
import type { IdentityAgentHandle } from "./agent.ts";
import { MalformedJwtError } from "./errors.ts";
import type { Membership } from "./membership-credential.ts";
import { parseMembershipSubject } from "./membership-credential.ts";
import { sealJson, unsealJson } from "./sealed-json.ts";

/** A credential the wallet holds, with the identity secret whose commitment it carries. */
export interface HeldMembership {
  credentialId: string;
  jwt: string;
  membership: Membership;
  /** Never leaves the wallet except in an encrypted backup: it is what proves membership in zero knowledge. */
  identitySecret: bigint;
}

interface VaultState {
  did?: string;
  /** Secrets generated for a membership request whose credential has not arrived yet. */
  pending: string[];
  held: Record<string, { jwt: string; secret: string }>;
}

interface Backup {
  format: "mutua-wallet-backup/1";
  identifier: Awaited<ReturnType<IdentityAgentHandle["exportIdentifier"]>>;
  vault: VaultState;
}

export type VaultStorage = { kind: "memory" } | { kind: "file"; path: string; secret: string };

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

  private constructor(handle: IdentityAgentHandle, storage: VaultStorage, state: VaultState) {
    this.#handle = handle;
    this.#storage = storage;
    this.#state = state;
  }

  static async open(handle: IdentityAgentHandle, storage: VaultStorage = { kind: "memory" }): Promise<MemberWallet> {
    const empty: VaultState = { pending: [], held: {} };
    const state =
      storage.kind === "file" && existsSync(storage.path)
        ? unsealJson<VaultState>(readFileSync(storage.path, "utf8"), storage.secret)
        : empty;
    return new MemberWallet(handle, storage, state);
  }

  /** Restores a wallet from `exportBackup` output into an empty agent. */
  static async restore(handle: IdentityAgentHandle, backup: string, passphrase: string, storage: VaultStorage = { kind: "memory" }) {
    const opened = unsealJson<Backup>(backup, passphrase);
    if (opened.format !== "mutua-wallet-backup/1") throw new InvalidArgumentError("backup", `unknown format ${String(opened.format)}`);
    await handle.agent.didManagerImport(opened.identifier);
    const wallet = new MemberWallet(handle, storage, opened.vault);
    wallet.#save();
    return wallet;
  }

  /** The wallet's DID, created on first use. */
  async did(): Promise<string> {
    if (this.#state.did) return this.#state.did;
    const identifier = await this.#handle.agent.didManagerCreate({ provider: "did:key", options: { keyType: "Ed25519" } });
    this.#state.did = identifier.did;
    this.#save();
    return identifier.did;
  }

  /** Starts a membership: a fresh identity secret is kept; the DID and commitment go to the issuer. */
  async requestMembership(): Promise<{ memberDid: string; identityCommitment: bigint }> {
    const secret = randomFieldElement();
    this.#state.pending.push(secret.toString());
    this.#save();
    return { memberDid: await this.did(), identityCommitment: identityCommitment(secret) };
  }

  /**
   * Keeps a credential the issuer sent. It must be about this wallet's DID and carry the commitment of a
   * secret this wallet generated, else the member could never prove with it. Verify it first with a
   * MembershipVerifier if the issuer is not trusted to send well-formed credentials.
   */
  async accept(jwt: string): Promise<HeldMembership> {
    let payload: Record<string, unknown>;
    try {
      payload = decodeJWT(jwt).payload as Record<string, unknown>;
    } catch (error) {
      throw new MalformedJwtError((error as Error).message, { cause: error });
    }
    const vc = payload.vc as { credentialSubject?: Record<string, unknown> } | undefined;
    if (!vc?.credentialSubject || typeof payload.jti !== "string") throw new MalformedJwtError("not a membership credential");
    const membership = parseMembershipSubject({ ...vc.credentialSubject, id: payload.sub });
    const did = await this.did();
    if (membership.memberDid !== did) throw new InvalidArgumentError("credential", `issued to ${membership.memberDid}, not to ${did}`);
    const secret = this.#state.pending.find((s) => identityCommitment(BigInt(s)) === membership.identityCommitment);
    if (secret === undefined) throw new InvalidArgumentError("credential", "its identity commitment matches no secret of this wallet");
    this.#state.pending = this.#state.pending.filter((s) => s !== secret);
    this.#state.held[payload.jti] = { jwt, secret };
    this.#save();
    return { credentialId: payload.jti, jwt, membership, identitySecret: BigInt(secret) };
  }

  memberships(): HeldMembership[] {
    return Object.entries(this.#state.held).map(([credentialId, { jwt, secret }]) => {
      const payload = decodeJWT(jwt).payload as { sub: string; vc: { credentialSubject: Record<string, unknown> } };
      return {
        credentialId,
        jwt,
        membership: parseMembershipSubject({ ...payload.vc.credentialSubject, id: payload.sub }),
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

  /** Keys, credentials and secrets sealed under `passphrase` (scrypt + XChaCha20-Poly1305). */
  async exportBackup(passphrase: string): Promise<string> {
    const backup: Backup = {
      format: "mutua-wallet-backup/1",
      identifier: await this.#handle.exportIdentifier(await this.did()),
      vault: this.#state,
    };
    return sealJson(backup, passphrase);
  }

  #save(): void {
    if (this.#storage.kind !== "file") return;
    mkdirSync(dirname(this.#storage.path), { recursive: true });
    const temporary = `${this.#storage.path}.${process.pid}.tmp`;
    writeFileSync(temporary, sealJson(this.#state, this.#storage.secret), { mode: 0o600 });
    renameSync(temporary, this.#storage.path);
  }
}

/** Uniform in the BN254 scalar field: 64 random bytes reduced, so the bias is below 2^-250. */
function randomFieldElement(): bigint {
  return BigInt(`0x${randomBytes(64).toString("hex")}`) % SNARK_SCALAR_FIELD;
}
