import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, statSync } from "node:fs";
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
  /** Bytes of the file read into `entries` (complete lines only). */
  #offset: number;

  private constructor(path: string | undefined, entries: Entry[], offset = 0) {
    this.#path = path;
    this.entries = entries;
    this.#offset = offset;
  }

  static memory<Entry = IssuerLogEntry>(): IssuerLog<Entry> {
    return new IssuerLog<Entry>(undefined, []);
  }

  static open<Entry = IssuerLogEntry>(path: string): IssuerLog<Entry> {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      return new IssuerLog<Entry>(path, []);
    }
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
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
    return new IssuerLog<Entry>(path, entries, Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1)));
  }

  append(entry: Entry): void {
    const line = `${JSON.stringify(entry)}\n`;
    if (this.#path) {
      const before = existsSync(this.#path) ? statSync(this.#path).size : 0;
      appendFileSync(this.#path, line, { mode: 0o600 });
      // Skip our own line on the next refresh only if nobody else wrote since we last read; otherwise it is
      // read again with theirs (applying an entry twice changes nothing).
      if (before === this.#offset) this.#offset += Buffer.byteLength(line);
    }
    this.entries.push(entry);
  }

  /**
   * The entries another process appended since this log was read (an issuer command run while the join desk
   * or the devnet serves the same issuer), added to `entries` and returned. Reads only the new bytes.
   */
  refresh(): Entry[] {
    if (!this.#path || !existsSync(this.#path)) return [];
    const fd = openSync(this.#path, "r");
    try {
      const size = fstatSync(fd).size;
      if (size <= this.#offset) return [];
      const buffer = Buffer.alloc(size - this.#offset);
      readSync(fd, buffer, 0, buffer.length, this.#offset);
      const text = buffer.toString("utf8");
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      const fresh: Entry[] = [];
      for (const line of complete.split("\n")) if (line.trim() !== "") fresh.push(JSON.parse(line) as Entry);
      this.#offset += Buffer.byteLength(complete);
      this.entries.push(...fresh);
      return fresh;
    } finally {
      closeSync(fd);
    }
  }
}
