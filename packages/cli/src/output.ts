import { MutuaError } from "@mutua/sdk";
import { revertSentence } from "./revert-sentences.ts";

/** Prints a command's result: JSON (`--json`, for scripts) or lines for people. */
export function report(json: boolean | undefined, result: Record<string, unknown>, lines: string[]): void {
  if (json) console.log(JSON.stringify(result, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
  else for (const line of lines) console.log(line);
}

/**
 * Every failure ends here: a typed error prints its code and message (a contract revert as a sentence, its
 * error name kept as the code); a chain or relayer that does not answer says so; anything else its message.
 * Exit 1.
 */
export function fail(json: boolean | undefined, error: unknown): never {
  let code = error instanceof MutuaError ? error.code : "UNEXPECTED";
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof MutuaError) {
    const args = (error as { args?: readonly unknown[] }).args ?? (error.details as { args?: readonly unknown[] } | undefined)?.args ?? [];
    message = revertSentence(code, args) ?? message;
  } else if (!(error instanceof MutuaError) && /ECONNREFUSED|fetch failed|could not detect network/i.test(message)) {
    code = "CHAIN_UNREACHABLE";
    message = "the chain (or another service in the config) does not answer: is `mutua devnet` running?";
  }
  // With --json the error is also on stdout, as JSON, for scripts; stderr always says it, so `> file.json` never
  // hides a failure from the person running the command (and the exit code is 1 either way).
  if (json) console.log(JSON.stringify({ error: { code, message } }));
  console.error(`error [${code}]: ${message}`);
  process.exit(1);
}
