import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MutuaError } from "@mutua/core";
import { OrderedWrites, sealJson, unsealJson } from "@mutua/identity";

/**
 * A sealed vote this voter committed: the opening that reveals it. It must stay private until the reveal (it says
 * how the voter voted) and must not be lost (an unrevealed vote does not count).
 */
export interface JournalBallot {
  assessment: string;
  claimId: string;
  incidentId: string;
  claimNullifier: string;
  round: number;
  voteNullifier: string;
  opening: { approve: boolean; amount: string; salt: string; encryptedReason: string };
  state: "committed" | "revealed" | "missed";
}

/**
 * Where a voter keeps their sealed votes' openings until they are revealed: in memory, or in a file sealed under the
 * voter's storage secret (scrypt + XChaCha20-Poly1305, as the wallet vault; mode 0600, replaced atomically, so a
 * crash never leaves half a journal). Whoever reads the file without the secret learns nothing of the votes.
 */
export class BallotJournal {
  readonly #persist: ((ballots: JournalBallot[]) => void) | undefined;
  #ballots: JournalBallot[];
  readonly #writes = new OrderedWrites();

  private constructor(persist: ((ballots: JournalBallot[]) => void) | undefined, ballots: JournalBallot[]) {
    this.#persist = persist;
    this.#ballots = ballots;
  }

  static memory(): BallotJournal {
    return new BallotJournal(undefined, []);
  }

  static file(path: string, secret: string): BallotJournal {
    const save = (ballots: JournalBallot[]) => {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.tmp`;
      writeFileSync(temporary, sealJson(ballots, secret), { mode: 0o600 });
      renameSync(temporary, path);
    };
    return new BallotJournal(save, existsSync(path) ? open(readFileSync(path, "utf8"), secret, path) : []);
  }

  /**
   * A journal kept wherever the caller keeps text (the browser app: IndexedDB): `sealed` is what `write` was last
   * given (undefined: a new journal); every change is sealed under `secret` and handed to `write`, in order.
   */
  static sealed(options: { sealed: string | undefined; secret: string; write: (sealed: string) => Promise<void> }): BallotJournal {
    const journal: BallotJournal = new BallotJournal(
      (ballots) => {
        journal.#writes.schedule(() => options.write(sealJson(ballots, options.secret)));
      },
      options.sealed === undefined ? [] : open(options.sealed, options.secret, "the ballot journal"),
    );
    return journal;
  }

  /** Resolves once every change has been handed to its storage; rejects if the newest write failed. */
  flush(): Promise<void> {
    return this.#writes.flush();
  }

  list(): readonly JournalBallot[] {
    return this.#ballots;
  }

  add(ballot: JournalBallot): void {
    this.#ballots = [...this.#ballots.filter((b) => b.voteNullifier !== ballot.voteNullifier), ballot];
    this.#save();
  }

  remove(voteNullifier: string): void {
    this.#ballots = this.#ballots.filter((b) => b.voteNullifier !== voteNullifier);
    this.#save();
  }

  mark(voteNullifier: string, state: JournalBallot["state"]): void {
    this.#ballots = this.#ballots.map((b) => (b.voteNullifier === voteNullifier ? { ...b, state } : b));
    this.#save();
  }

  #save(): void {
    this.#persist?.(this.#ballots);
  }
}

function open(sealed: string, secret: string, where: string): JournalBallot[] {
  try {
    return unsealJson<JournalBallot[]>(sealed, secret);
  } catch (error) {
    throw new MutuaError(
      "BALLOT_JOURNAL_UNREADABLE",
      `${where} does not open with this secret (or is not a ballot journal): ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
}
