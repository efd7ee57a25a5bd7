import type { IdentityAgentHandle, MutualRef, OfferJson } from "@mutua/sdk/browser";
import { BallotJournal, createIdentityAgent, MemberWallet, PassphraseSealer, unsealJson } from "@mutua/sdk/browser";
import { t } from "./i18n/translate.ts";
import type { Records } from "./storage/records.ts";
import {
  BALLOTS_RECORD as BALLOTS,
  CLAIMS_RECORD as CLAIMS,
  JOIN_RECORD as JOIN,
  MIN_PASSPHRASE,
  WALLET_RECORD as WALLET,
  walletExists,
} from "./storage/wallet-records.ts";
import { AppError } from "./ui/app-error.ts";

/** A join started at the mutual's desk: the ticket that collects the credential, and the offer it was made. */
export interface PendingJoin {
  desk: string;
  ticket: string;
  offer: OfferJson;
}

/** A claim this wallet filed: what the member needs to follow it. Kept sealed: it links the member to the claim. */
export interface FiledClaimNote {
  incidentId: string;
  /** The incident's description and region as the member chose it (absent in notes from before they existed). */
  incident?: string;
  nullifier: string;
  claimId: string;
  evidenceCid: string;
  amount: string;
  recipient: string;
  filedAt: string;
}

/**
 * The unlocked wallet: a Veramo agent in memory, the member wallet whose every change is sealed under the
 * passphrase (the SDK's backup format) and kept in IndexedDB, and the member's sealed notes (claims, ballots).
 * Nothing leaves the browser unencrypted; locking drops the keys from memory.
 */
export class Session {
  readonly handle: IdentityAgentHandle;
  readonly wallet: MemberWallet;
  readonly ballots: BallotJournal;
  readonly #records: Records;
  #notesSealer: PassphraseSealer | undefined;
  readonly #passphrase: string;
  #claims: FiledClaimNote[];

  private constructor(
    records: Records,
    passphrase: string,
    handle: IdentityAgentHandle,
    wallet: MemberWallet,
    claims: FiledClaimNote[],
    ballots: BallotJournal,
  ) {
    this.#records = records;
    this.#passphrase = passphrase;
    this.handle = handle;
    this.wallet = wallet;
    this.#claims = claims;
    this.ballots = ballots;
  }

  /**
   * A new wallet: a did:key and the identity secret for `mutual`, both made here and now, so that the first backup
   * already holds everything a membership will rest on (a secret made later would not be in it).
   */
  static async create(records: Records, passphrase: string, mutual: MutualRef): Promise<Session> {
    checkPassphrase(passphrase);
    if (await walletExists(records)) {
      throw new AppError("WALLET_EXISTS", t("This browser already holds a wallet. Unlock it, or delete it first (keep a backup!)."));
    }
    const handle = await createIdentityAgent();
    const wallet = await MemberWallet.open(handle, backupStorage(records, passphrase));
    await wallet.did();
    wallet.identitySecret(mutual);
    await wallet.flush();
    return Session.#open(records, passphrase, handle, wallet);
  }

  /** Opens the wallet kept in this browser (BACKUP_UNREADABLE on a wrong passphrase). */
  static async unlock(records: Records, passphrase: string): Promise<Session> {
    const sealed = await records.get(WALLET);
    if (sealed === undefined) throw new AppError("NO_WALLET", t("This browser holds no wallet yet: create one, or restore a backup."));
    return Session.#restore(records, sealed, passphrase);
  }

  /** Restores a backup (this app's file or QR codes, or any `MemberWallet.exportBackup`) into this browser. */
  static async restore(records: Records, backup: string, passphrase: string): Promise<Session> {
    if (await walletExists(records)) {
      throw new AppError("WALLET_EXISTS", t("This browser already holds a wallet: delete it before restoring another one."));
    }
    return Session.#restore(records, backup, passphrase);
  }

  static async #restore(records: Records, sealed: string, passphrase: string): Promise<Session> {
    const handle = await createIdentityAgent();
    const wallet = await MemberWallet.restore(handle, sealed, passphrase, backupStorage(records, passphrase));
    await wallet.flush();
    return Session.#open(records, passphrase, handle, wallet);
  }

  static async #open(records: Records, passphrase: string, handle: IdentityAgentHandle, wallet: MemberWallet): Promise<Session> {
    const claimsSealed = await records.get(CLAIMS);
    const claims = claimsSealed === undefined ? [] : unsealJson<FiledClaimNote[]>(claimsSealed, passphrase);
    const ballots = BallotJournal.sealed({
      sealed: await records.get(BALLOTS),
      secret: passphrase,
      write: (text) => records.put(BALLOTS, text),
    });
    return new Session(records, passphrase, handle, wallet, claims, ballots);
  }

  static async forget(records: Records): Promise<void> {
    for (const key of [WALLET, CLAIMS, BALLOTS, JOIN]) await records.delete(key);
  }

  did(): Promise<string> {
    return this.wallet.did();
  }

  claims(): readonly FiledClaimNote[] {
    return this.#claims;
  }

  async noteClaim(note: FiledClaimNote): Promise<void> {
    this.#claims = [...this.#claims.filter((c) => c.claimId !== note.claimId), note];
    await this.#records.put(CLAIMS, this.#sealer().seal(this.#claims));
  }

  /** The join this wallet started at the mutual's desk and has not finished (a reload resumes it). */
  async pendingJoin(): Promise<PendingJoin | undefined> {
    const sealed = await this.#records.get(JOIN);
    return sealed === undefined ? undefined : unsealJson<PendingJoin>(sealed, this.#passphrase);
  }

  async notePendingJoin(join: PendingJoin | undefined): Promise<void> {
    if (join === undefined) await this.#records.delete(JOIN);
    else await this.#records.put(JOIN, this.#sealer().seal(join));
  }

  /** One key derivation per session for the notes it seals (each write would otherwise cost a scrypt). */
  #sealer(): PassphraseSealer {
    this.#notesSealer ??= PassphraseSealer.derive(this.#passphrase);
    return this.#notesSealer;
  }

  /** The backup file's text: the SDK wallet's format, sealed under `passphrase` (the wallet's, or a new one). */
  exportBackup(passphrase = this.#passphrase): Promise<string> {
    checkPassphrase(passphrase);
    return this.wallet.exportBackup(passphrase);
  }
}

function backupStorage(records: Records, passphrase: string) {
  return { kind: "backup" as const, passphrase, write: (backup: string) => records.put(WALLET, backup) };
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new AppError(
      "WEAK_PASSPHRASE",
      t("Choose a passphrase of at least {count} characters: it is all that protects your wallet.", { count: MIN_PASSPHRASE }),
    );
  }
}
