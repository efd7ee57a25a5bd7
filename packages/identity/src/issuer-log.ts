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
export class IssuerLog {
  readonly #path: string | undefined;
  readonly entries: IssuerLogEntry[];

  private constructor(path: string | undefined, entries: IssuerLogEntry[]) {
    this.#path = path;
    this.entries = entries;
  }

  static memory(): IssuerLog {
    return new IssuerLog(undefined, []);
  }

  static open(path: string): IssuerLog {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      return new IssuerLog(path, []);
    }
    const lines = readFileSync(path, "utf8").split("\n");
    const entries: IssuerLogEntry[] = [];
    for (const [number, line] of lines.entries()) {
      if (line.trim() === "") continue;
      try {
        entries.push(JSON.parse(line) as IssuerLogEntry);
      } catch (error) {
        // A torn last line (crash mid-append) loses only that entry; anything else is corruption.
        if (number === lines.length - 1 || (number === lines.length - 2 && lines.at(-1) === "")) break;
        throw new AgentStorageError(path, `line ${number + 1} is not JSON`, { cause: error });
      }
    }
    return new IssuerLog(path, entries);
  }

  append(entry: IssuerLogEntry): void {
    if (this.#path) appendFileSync(this.#path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    this.entries.push(entry);
  }
}
