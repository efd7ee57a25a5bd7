import type { Records } from "./records.ts";

/** The IndexedDB records the app keeps, each sealed under the member's passphrase. */
export const WALLET_RECORD = "wallet";
export const CLAIMS_RECORD = "claims";
export const BALLOTS_RECORD = "ballots";
/** A join in progress at the mutual's desk (its ticket and offer), sealed: the ticket collects the credential. */
export const JOIN_RECORD = "join";

/** The shortest passphrase the app accepts: it is all that protects the wallet at rest. */
export const MIN_PASSPHRASE = 10;

/** Whether this browser holds a wallet (read without loading the wallet's code: the first screen stays light). */
export async function walletExists(records: Records): Promise<boolean> {
  return (await records.get(WALLET_RECORD)) !== undefined;
}
