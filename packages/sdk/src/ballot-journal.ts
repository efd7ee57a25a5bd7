import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MutuaError } from "@mutua/core";
import { sealJson, unsealJson } from "@mutua/identity";

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
  readonly #file: { path: string; secret: string } | undefined;
  #ballots: JournalBallot[];

  private constructor(file: { path: string; secret: string } | undefined, ballots: JournalBallot[]) {
    this.#file = file;
    this.#ballots = ballots;
  }

  static memory(): BallotJournal {
    return new BallotJournal(undefined, []);
  }

  static file(path: string, secret: string): BallotJournal {
    if (!existsSync(path)) return new BallotJournal({ path, secret }, []);
    try {
      return new BallotJournal({ path, secret }, unsealJson<JournalBallot[]>(readFileSync(path, "utf8"), secret));
    } catch (error) {
      throw new MutuaError(
        "BALLOT_JOURNAL_UNREADABLE",
        `${path} does not open with this storage secret (or is not a ballot journal): ${(error as Error).message}`,
        {},
        { cause: error },
      );
    }
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
    if (!this.#file) return;
    const { path, secret } = this.#file;
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, sealJson(this.#ballots, secret), { mode: 0o600 });
    renameSync(temporary, path);
  }
}
