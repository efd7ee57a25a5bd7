import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MutuaError } from "@mutua/sdk";

/**
 * Why the last devnet started in a directory stopped before it was ready, kept next to its config: `status --wait`
 * (the next line of every walkthrough) reads it and stops at once, saying why, instead of waiting out its timeout.
 */
const failureFile = (home: string) => join(home, "devnet.failed.json");

export function clearDevnetFailure(home: string): void {
  rmSync(failureFile(home), { force: true });
}

export function recordDevnetFailure(home: string, error: unknown): void {
  mkdirSync(home, { recursive: true });
  const code = error instanceof MutuaError ? error.code : "UNEXPECTED";
  const message = error instanceof Error ? error.message : String(error);
  writeFileSync(failureFile(home), `${JSON.stringify({ pid: process.pid, code, message, at: new Date().toISOString() })}\n`);
}

/**
 * Throws DEVNET_FAILED with the devnet's own error when the last one started here failed (at or after `since`,
 * when given: a record from an earlier attempt must not stop a wait for a devnet that is starting now and has not
 * cleared it yet).
 */
export function assertDevnetDidNotFail(home: string, since?: Date): void {
  if (!existsSync(failureFile(home))) return;
  const failure = JSON.parse(readFileSync(failureFile(home), "utf8")) as { code: string; message: string; at: string };
  if (since && new Date(failure.at) < since) return;
  throw new MutuaError(
    "DEVNET_FAILED",
    `the devnet started here stopped before it was ready: [${failure.code}] ${failure.message}`,
    failure,
  );
}
