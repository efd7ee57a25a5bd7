// The sealed-vote journal as someone who reads the voter's disk meets it: without the storage secret, nothing of a
// vote (its choice, amount, salt or reason) is there; with it, the openings come back for the reveal.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JournalBallot } from "../src/index.ts";
import { BallotJournal } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ballot: JournalBallot = {
  assessment: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  claimId: `0x${"ab".repeat(32)}`,
  incidentId: "7",
  claimNullifier: "12345",
  round: 0,
  voteNullifier: "987654321",
  opening: { approve: true, amount: "424242000", salt: `0x${"5a".repeat(32)}`, encryptedReason: "0x6a7765" },
  state: "committed",
};

describe("ballot journal on disk", () => {
  it("is sealed under the storage secret and reopens with it", () => {
    const path = join(dir, "ballots.json");
    const journal = BallotJournal.file(path, "a long local secret");
    journal.add(ballot);
    const onDisk = readFileSync(path, "utf8");
    for (const secretPart of ["424242000", "5a5a5a5a", "987654321", "approve", "6a7765"]) expect(onDisk).not.toContain(secretPart);
    const reopened = BallotJournal.file(path, "a long local secret");
    expect(reopened.list()).toEqual([ballot]);
    reopened.mark(ballot.voteNullifier, "revealed");
    expect(BallotJournal.file(path, "a long local secret").list()[0]?.state).toBe("revealed");
  });

  it("refuses another secret with a clear error, and loses nothing", () => {
    const path = join(dir, "ballots.json");
    expect(() => BallotJournal.file(path, "not the right secret")).toThrow(expect.objectContaining({ code: "BALLOT_JOURNAL_UNREADABLE" }));
    expect(BallotJournal.file(path, "a long local secret").list()).toHaveLength(1);
  });
});

describe("ballot journal kept by the caller (the browser app: IndexedDB)", () => {
  it("hands every change, sealed, to its writer in order; reopens from the last one; refuses another secret", async () => {
    const written: string[] = [];
    const journal = BallotJournal.sealed({
      sealed: undefined,
      secret: "the member's passphrase",
      write: async (text) => void written.push(text),
    });
    journal.add(ballot);
    journal.mark(ballot.voteNullifier, "revealed");
    await journal.flush();
    expect(written).toHaveLength(2);
    for (const secretPart of ["424242000", "5a5a5a5a", "987654321"]) expect(written[1]).not.toContain(secretPart);
    const reopened = BallotJournal.sealed({ sealed: written[1], secret: "the member's passphrase", write: async () => {} });
    expect(reopened.list()).toEqual([{ ...ballot, state: "revealed" }]);
    expect(() => BallotJournal.sealed({ sealed: written[1], secret: "a stolen guess at it", write: async () => {} })).toThrow(
      expect.objectContaining({ code: "BALLOT_JOURNAL_UNREADABLE" }),
    );
  });

  it("a write that fails does not stop the next: the newest state is written, and flush says when the newest failed", async () => {
    const written: string[] = [];
    let failNext = true;
    const journal = BallotJournal.sealed({
      sealed: undefined,
      secret: "the member's passphrase",
      write: async (text) => {
        if (failNext) {
          failNext = false;
          throw new Error("the storage is full");
        }
        written.push(text);
      },
    });
    journal.add(ballot);
    await expect(journal.flush()).rejects.toThrow(/storage is full/);
    journal.mark(ballot.voteNullifier, "revealed");
    await journal.flush();
    expect(BallotJournal.sealed({ sealed: written.at(-1), secret: "the member's passphrase", write: async () => {} }).list()).toEqual([
      { ...ballot, state: "revealed" },
    ]);
  });
});
