// The relayer's write-ahead journal on disk: a request's three updates collapse to one line at the next start,
// nothing is lost in the rewrite, and a line torn by a crash mid-write (the last one) is skipped.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RequestJournal } from "../src/request-journal.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string) => readFileSync(path, "utf8").split("\n").filter(Boolean);

describe("the relayer's request journal", () => {
  it("is compacted at start: one line per request, with its newest state; a torn last line is skipped", () => {
    const path = join(dir, "journal.jsonl");
    const journal = RequestJournal.open(path);
    for (let i = 0; i < 100; i++) {
      const key = `claim-${i}`;
      journal.record({ key, kind: "claim", body: `{"n":${i}}`, to: "0xmutual", data: "0x", state: "accepted" });
      journal.record({ key, state: "sent", hash: `0xhash${i}` });
      if (i % 2 === 0)
        journal.record({ key, state: "done", result: { transactionHash: `0xhash${i}`, gasUsed: "1", from: "0xrelayer" } as never });
    }
    journal.close();
    expect(lines(path)).toHaveLength(250);
    appendFileSync(path, '{"key":"claim-7","state":"do'); // the crash, mid-write

    const reopened = RequestJournal.open(path);
    expect(reopened.requests().size).toBe(100);
    expect(reopened.requests().get("claim-4")).toMatchObject({ state: "done", hash: "0xhash4", body: '{"n":4}', to: "0xmutual" });
    expect(reopened.requests().get("claim-7")).toMatchObject({ state: "sent", hash: "0xhash7" });
    reopened.close();
    expect(lines(path)).toHaveLength(100);

    // Appends continue after a compaction, and a second start reads the same requests.
    const again = RequestJournal.open(path);
    again.record({ key: "claim-7", state: "done" });
    again.close();
    const third = RequestJournal.open(path);
    expect(third.requests().get("claim-7")?.state).toBe("done");
    expect(third.requests().size).toBe(100);
    third.close();
  });
});
