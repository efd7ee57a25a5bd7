import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { AgentStorageError } from "./errors.ts";

/** One line of the issuer's log. */
export type IssuerLogEntry =
  | { type: "issued"; id: string; jwt: string; index: number }
  | { type: "revoked"; id: string }
  | { type: "statusList"; jwt: string };

/**
 * The issuer's record of what it issued and revoked: an append-only JSON-lines file (or memory). Appending
 * costs the same for the millionth member as for the first; Veramo's JSON data store rewrites its whole
 * state on every save, which made issuing slower with every credential.
 */
export class IssuerLog<Entry = IssuerLogEntry> {
  readonly #path: string | undefined;
  readonly entries: Entry[];

  private constructor(path: string | undefined, entries: Entry[]) {
    this.#path = path;
    this.entries = entries;
  }

  static memory<Entry = IssuerLogEntry>(): IssuerLog<Entry> {
    return new IssuerLog<Entry>(undefined, []);
  }

  static open<Entry = IssuerLogEntry>(path: string): IssuerLog<Entry> {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      return new IssuerLog<Entry>(path, []);
    }
    const lines = readFileSync(path, "utf8").split("\n");
    const entries: Entry[] = [];
    for (const [number, line] of lines.entries()) {
      if (line.trim() === "") continue;
      try {
        entries.push(JSON.parse(line) as Entry);
      } catch (error) {
        // A torn last line (crash mid-append) loses only that entry; anything else is corruption.
        if (number === lines.length - 1 || (number === lines.length - 2 && lines.at(-1) === "")) break;
        throw new AgentStorageError(path, `line ${number + 1} is not JSON`, { cause: error });
      }
    }
    return new IssuerLog<Entry>(path, entries);
  }

  append(entry: Entry): void {
    if (this.#path) appendFileSync(this.#path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    this.entries.push(entry);
  }
}
