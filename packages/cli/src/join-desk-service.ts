import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AdmissionProofs, CredentialOffers, IdentityAgent, JoinProduct, JoinRecord, JoinRecordStore, MutualAdmin } from "@mutua/sdk";
import { JoinDesk, joinDeskHandler, writeFileAtomic } from "@mutua/sdk";

/** The leaves of offers made by hand (`issuer offer`), one per line, in the issuer's home. */
const MANUAL_OFFERS = "manual-offers.txt";

export function recordManualOffer(issuerHome: string, leaf: bigint): void {
  mkdirSync(issuerHome, { recursive: true });
  appendFileSync(join(issuerHome, MANUAL_OFFERS), `${leaf}\n`);
}

/** The manual offers' leaves, re-read only when the file grew. */
export function manualOffers(issuerHome: string): () => ReadonlySet<bigint> {
  const path = join(issuerHome, MANUAL_OFFERS);
  let cached: { size: number; leaves: Set<bigint> } = { size: -1, leaves: new Set() };
  return () => {
    const size = existsSync(path) ? statSync(path).size : 0;
    if (size !== cached.size) {
      const text = size > 0 ? readFileSync(path, "utf8") : "";
      cached = {
        size,
        leaves: new Set(
          text
            .split("\n")
            .filter((l) => /^\d+$/.test(l))
            .map(BigInt),
        ),
      };
    }
    return cached.leaves;
  };
}

/** How often the desk looks for paid offers to admit. */
export const ADMISSION_INTERVAL_MS = 2_000;

/** The desk's requests in a JSON file, replaced whole and atomically: a crash leaves the old file or the new one. */
export function fileJoinRecords(path: string): JoinRecordStore {
  return {
    load: () => (existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as JoinRecord[]) : []),
    save(records) {
      writeFileAtomic(path, JSON.stringify(records));
    },
  };
}

/**
 * A join desk with its admission loop: the HTTP handler to mount, and a timer that admits paid offers (one
 * round at a time; a failed round, such as a race with `mutua issuer admit`, is retried on the next tick).
 * `onBlocked` hears once about each payment at the queue's head that the desk made no offer for.
 */
export function startJoinDesk(options: {
  admin: MutualAdmin;
  agent: IdentityAgent;
  url: string;
  product: JoinProduct;
  recordsFile: string;
  credentialOffers?: CredentialOffers;
  admissionProofs?: AdmissionProofs;
  /** The issuer's home: offers made there by hand (`issuer offer`) are left to the operator. */
  issuerHome?: string;
  onAdmitted?: (count: number) => void;
  onBlocked?: (position: number, payer: string) => void;
  onRefused?: (count: number) => void;
}) {
  const desk = new JoinDesk({
    admin: options.admin,
    agent: options.agent,
    url: options.url,
    product: options.product,
    store: fileJoinRecords(options.recordsFile),
    ...(options.credentialOffers ? { credentialOffers: options.credentialOffers } : {}),
    ...(options.admissionProofs ? { admissionProofs: options.admissionProofs } : {}),
    ...(options.issuerHome ? { operatorOffers: manualOffers(options.issuerHome) } : {}),
  });
  let round: Promise<unknown> = Promise.resolve();
  let lastBlocked = 0;
  const timer = setInterval(() => {
    round = round
      .then(async () => {
        const result = await desk.admitPaid();
        if (result.admitted > 0) options.onAdmitted?.(result.admitted);
        if (result.refused > 0) options.onRefused?.(result.refused);
        if (result.blockedBy && result.blockedBy.position !== lastBlocked) {
          lastBlocked = result.blockedBy.position;
          options.onBlocked?.(result.blockedBy.position, result.blockedBy.payer);
        }
      })
      .catch(() => undefined);
  }, ADMISSION_INTERVAL_MS);
  return {
    desk,
    handler: joinDeskHandler(desk, new URL(options.url).pathname),
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
