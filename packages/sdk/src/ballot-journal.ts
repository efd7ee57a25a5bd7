import { existsSync, readFileSync } from "node:fs";
import { MutuaError } from "@mutua/core";
import { writeFileAtomic } from "@mutua/core/node";
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
 * An evidence image an assessor has seen, as its perceptual hash: later claims' images are compared with it
 * (near-duplicates across claims). Kept only in the sealed journal, on the assessor's device.
 */
export interface SeenImage {
  claimId: string;
  /** The evidence file's name in the claim. */
  file: string;
  hash: string;
}

/** What the journal file holds (older journals hold the ballots' array alone). */
interface JournalContents {
  ballots: JournalBallot[];
  images: SeenImage[];
}

/**
 * Where a voter keeps their sealed votes' openings until they are revealed, and an assessor the fingerprints of the
 * evidence images they have seen: in memory, or in a file sealed under the
 * voter's storage secret (scrypt + XChaCha20-Poly1305, as the wallet vault; mode 0600, replaced atomically, so a
 * crash never leaves half a journal). Whoever reads the file without the secret learns nothing of the votes.
 */
export class BallotJournal {
  readonly #persist: ((contents: JournalContents) => void) | undefined;
  #ballots: JournalBallot[];
  #images: SeenImage[];
  readonly #writes = new OrderedWrites();

  private constructor(persist: ((contents: JournalContents) => void) | undefined, contents: JournalContents) {
    this.#persist = persist;
    this.#ballots = contents.ballots;
    this.#images = contents.images;
  }

  /** A journal kept in memory (gone when the process ends). */
  static memory(): BallotJournal {
    return new BallotJournal(undefined, { ballots: [], images: [] });
  }

  /** A journal sealed in a file under `secret` (an assessor's sealed ballots survive a restart). */
  static file(path: string, secret: string): BallotJournal {
    const save = (contents: JournalContents) => {
      writeFileAtomic(path, sealJson(contents, secret), { mode: 0o600 });
    };
    return new BallotJournal(save, existsSync(path) ? open(readFileSync(path, "utf8"), secret, path) : { ballots: [], images: [] });
  }

  /**
   * A journal kept wherever the caller keeps text (the browser app: IndexedDB): `sealed` is what `write` was last
   * given (undefined: a new journal); every change is sealed under `secret` and handed to `write`, in order.
   */
  static sealed(options: { sealed: string | undefined; secret: string; write: (sealed: string) => Promise<void> }): BallotJournal {
    const journal: BallotJournal = new BallotJournal(
      (contents) => {
        journal.#writes.schedule(() => options.write(sealJson(contents, options.secret)));
      },
      options.sealed === undefined ? { ballots: [], images: [] } : open(options.sealed, options.secret, "the ballot journal"),
    );
    return journal;
  }

  /** Resolves once every change has been handed to its storage; rejects if the newest write failed. */
  flush(): Promise<void> {
    return this.#writes.flush();
  }

  /** The ballots kept, in the order they were added. */
  list(): readonly JournalBallot[] {
    return this.#ballots;
  }

  /** Keeps a sealed ballot (its opening) until it is revealed. */
  add(ballot: JournalBallot): void {
    this.#ballots = [...this.#ballots.filter((b) => b.voteNullifier !== ballot.voteNullifier), ballot];
    this.#save();
  }

  /** Forgets a ballot (revealed, or its round closed). */
  remove(voteNullifier: string): void {
    this.#ballots = this.#ballots.filter((b) => b.voteNullifier !== voteNullifier);
    this.#save();
  }

  /** Records a ballot's progress (sent, committed, revealed). */
  mark(voteNullifier: string, state: JournalBallot["state"]): void {
    this.#ballots = this.#ballots.map((b) => (b.voteNullifier === voteNullifier ? { ...b, state } : b));
    this.#save();
  }

  /** The evidence images seen so far, by claim. */
  images(): readonly SeenImage[] {
    return this.#images;
  }

  /** Records a claim's images (again: replaced, so opening a claim twice keeps one record per file). */
  addImages(claimId: string, images: readonly SeenImage[]): void {
    this.#images = [...this.#images.filter((i) => i.claimId !== claimId), ...images];
    this.#save();
  }

  #save(): void {
    this.#persist?.({ ballots: this.#ballots, images: this.#images });
  }
}

function open(sealed: string, secret: string, where: string): JournalContents {
  try {
    const contents = unsealJson<JournalBallot[] | JournalContents>(sealed, secret);
    return Array.isArray(contents) ? { ballots: contents, images: [] } : contents;
  } catch (error) {
    throw new MutuaError(
      "BALLOT_JOURNAL_UNREADABLE",
      `${where} does not open with this secret (or is not a ballot journal): ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
}
