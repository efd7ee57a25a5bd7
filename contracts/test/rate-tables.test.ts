// The rate tables the members adopt: only governance writes them, versions only grow, the founding table is part of
// the deployment. (Offers checked against them: test/rate-tables.e2e.test.ts.)
import { ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateTablesClient } from "../src-ts/index.ts";
import { decodeRevert, deployRateTables, MutuaRateTablesArtifact } from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { MutualFixture } from "./fixture.ts";
import { GOVERNANCE_DELAY, setupMutual } from "./fixture.ts";

const HASH_1 = `0x${"11".repeat(32)}`;
const HASH_2 = `0x${"22".repeat(32)}`;
let f: MutualFixture;
let tables: RateTablesClient;

async function asGovernance(method: string, ...args: unknown[]) {
  const op = await f.governance.schedule(tables.address, method, args, MutuaRateTablesArtifact.abi);
  await f.chain.increaseTime(GOVERNANCE_DELAY);
  return f.governance.execute(op);
}

beforeAll(async () => {
  f = await setupMutual({ memberCount: 1 });
  tables = await deployRateTables(f.signers.admin, {
    mutual: f.mutual.address,
    founding: { version: 1, tableHash: HASH_1, uri: "ipfs://founding" },
  });
}, 300_000);
afterAll(async () => {
  await f?.close();
});

describe("MutuaRateTables", () => {
  it("holds the founding table from the deployment", async () => {
    expect(await tables.currentVersion()).toBe(1);
    expect((await tables.tableOf(1))?.tableHash).toBe(HASH_1);
    expect(await tables.tableOf(2)).toBeUndefined();
  });

  it("only governance adopts a table, never an older version again, never an empty hash", async () => {
    const asIssuer = tables.contract.connect(f.signers.issuer);
    await expectRevert(
      (async () => {
        try {
          await (await asIssuer.getFunction("adopt")(2, HASH_2, "")).wait();
        } catch (error) {
          decodeRevert(error, [MutuaRateTablesArtifact.abi]);
        }
      })(),
      "NotGovernance",
    );
    await expect(asGovernance("adopt", 1, HASH_2, "")).rejects.toThrow(); // rewriting the founding table
    await expect(asGovernance("adopt", 2, ZeroHash, "")).rejects.toThrow();
    await asGovernance("adopt", 2, HASH_2, "ipfs://table-2");
    expect(await tables.currentVersion()).toBe(2);
    expect((await tables.tableOf(2))?.tableHash).toBe(HASH_2);
    expect((await tables.tableOf(1))?.tableHash).toBe(HASH_1);
  });
});
