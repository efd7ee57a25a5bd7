import { MutuaMutualClient, RateTablesClient } from "@mutua/contracts";
import { MutuaError } from "@mutua/core";
import type { RateTable, TableDifference } from "@mutua/pricing";
import { buildRateTable, fileSnapshot, parseExperienceCsv, rateTableHash, tableDifferences } from "@mutua/pricing";
import type { ContractRunner } from "ethers/providers";
import type { UnattributedExperience } from "./chain-experience.ts";
import { experienceFromChain } from "./chain-experience.ts";
import type { MutualDeployment } from "./mutual-admin.ts";

/** What anyone finds when they check a published rate table against the chain. */
export interface RateTableVerification {
  hash: string;
  /** The members' adoption of this version: its hash on-chain is this table's, another's, or none. */
  adoption: "adopted" | "another-table-adopted" | "not-adopted";
  /** Where the experience came from: the chain's events, or a file (its SHA-256 is the snapshot). */
  source: "chain" | "file";
  /** The snapshot names the block (or the file) the experience is read from now. */
  snapshotMatches: boolean;
  /** Every number of the table that differs from the refit (empty: the table is what its experience gives). */
  differences: TableDifference[];
  /** The refitted table (absent when the experience cannot be fitted: `differences` then says why). */
  refitted?: RateTable;
  /** Chain experience in classes no factor of the table names (class 0, the pool as one class, for one). */
  unattributed: UnattributedExperience[];
}

/**
 * Rebuilds a rate table from its experience and compares: the experience from chain events between the snapshot's
 * blocks (the snapshot's block hash must still be the chain's: a reorganisation or another chain shows here), or,
 * for a table fitted on a file, from that file (its SHA-256 must be the snapshot's); the fit rerun with the table's
 * own model settings and loadings; and the members' adoption of its hash read from MutuaRateTables.
 */
export async function verifyRateTable(options: {
  deployment: MutualDeployment;
  runner: ContractRunner;
  table: RateTable;
  /** For a table fitted on a file: the file's text. */
  experienceCsv?: string;
}): Promise<RateTableVerification> {
  const { deployment, table } = options;
  if (!deployment.rateTables) throw new MutuaError("NO_RATE_TABLES", "this mutual publishes no adopted rate tables");
  const tables = new RateTablesClient(deployment.rateTables, options.runner);
  const hash = rateTableHash(table);
  const adopted = await tables.tableOf(table.version);
  const adoption = !adopted ? "not-adopted" : adopted.tableHash.toLowerCase() === hash.toLowerCase() ? "adopted" : "another-table-adopted";
  const snapshot = table.experience;
  const compare = (rows: Parameters<typeof buildRateTable>[0]["experience"], at: typeof snapshot) => {
    try {
      const refitted = refit(rows, at);
      return { refitted, differences: tableDifferences(table, refitted) };
    } catch (error) {
      // Experience the model cannot be fitted on (too few classes, no exposure) cannot be what the table was fitted on.
      if (!(error instanceof MutuaError)) throw error;
      return { differences: [{ path: "experience", expected: "experience the table can be fitted on", found: error.message }] };
    }
  };
  const refit = (rows: Parameters<typeof buildRateTable>[0]["experience"], at: typeof snapshot) =>
    buildRateTable({
      version: table.version,
      product: table.product,
      unit: table.unit,
      factors: table.factors,
      experience: rows,
      snapshot: at,
      power: table.model.power,
      loadings: table.loadings,
    });
  if (snapshot.toBlock === 0) {
    if (options.experienceCsv === undefined)
      throw new MutuaError(
        "EXPERIENCE_FILE_NEEDED",
        `rate table ${table.version} was fitted on an experience file (SHA-256 ${snapshot.blockHash}), not on chain events: give that file to check it`,
      );
    const read = fileSnapshot(options.experienceCsv);
    return {
      hash,
      adoption,
      source: "file",
      snapshotMatches: read.blockHash === snapshot.blockHash,
      ...compare(parseExperienceCsv(options.experienceCsv, table.factors), read),
      unattributed: [],
    };
  }
  const experience = await experienceFromChain({
    mutual: new MutuaMutualClient(deployment.mutual, options.runner),
    rateTables: tables,
    factors: table.factors,
    fromBlock: snapshot.fromBlock,
    toBlock: snapshot.toBlock,
    ...(snapshot.periodSeconds !== undefined ? { periodSeconds: snapshot.periodSeconds } : {}),
  });
  return {
    hash,
    adoption,
    source: "chain",
    snapshotMatches: experience.snapshot.blockHash.toLowerCase() === snapshot.blockHash.toLowerCase(),
    ...compare(experience.rows, experience.snapshot),
    unattributed: experience.unattributed,
  };
}
