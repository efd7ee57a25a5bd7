import { MutuaError } from "@mutua/core";

/** Prints a command's result: JSON (`--json`, for scripts) or lines for people. */
export function report(json: boolean | undefined, result: Record<string, unknown>, lines: string[]): void {
  if (json) console.log(JSON.stringify(result, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
  else for (const line of lines) console.log(line);
}

/** Every failure ends here: a typed error prints its code and message; anything else its message. Exit 1. */
export function fail(json: boolean | undefined, error: unknown): never {
  const code = error instanceof MutuaError ? error.code : "UNEXPECTED";
  const message = error instanceof Error ? error.message : String(error);
  if (json) console.log(JSON.stringify({ error: { code, message } }));
  else console.error(`error [${code}]: ${message}`);
  process.exit(1);
}
