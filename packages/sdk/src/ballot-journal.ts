import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MutuaError } from "@mutua/core";

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
 * Where a voter keeps their sealed votes' openings until they are revealed: in memory, or in a JSON file (mode 0600,
 * replaced atomically, so a crash never leaves half a journal).
 */
export class BallotJournal {
  readonly #path: string | undefined;
  #ballots: JournalBallot[];

  private constructor(path: string | undefined, ballots: JournalBallot[]) {
    this.#path = path;
    this.#ballots = ballots;
  }

  static memory(): BallotJournal {
    return new BallotJournal(undefined, []);
  }

  static file(path: string): BallotJournal {
    if (!existsSync(path)) return new BallotJournal(path, []);
    try {
      return new BallotJournal(path, JSON.parse(readFileSync(path, "utf8")) as JournalBallot[]);
    } catch (error) {
      throw new MutuaError(
        "BALLOT_JOURNAL_UNREADABLE",
        `${path} is not a ballot journal: ${(error as Error).message}`,
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
    if (!this.#path) return;
    mkdirSync(dirname(this.#path), { recursive: true });
    const temporary = `${this.#path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.#ballots, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.#path);
  }
}
