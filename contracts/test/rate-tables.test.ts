// The rate tables the members adopt: only governance writes them, versions only grow, the founding table is part of
// the deployment. (Offers checked against them: test/rate-tables.e2e.test.ts.)
import { ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateTablesClient } from "../src-ts/index.ts";
import { decodeRevert, deployRateTables, MutuaRateTablesArtifact, RateTablesClient as Tables } from "../src-ts/index.ts";
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
  f = await setupMutual({ memberCount: 6 });
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

  it("holds the members' minimum class size, set only by governance within its bounds", async () => {
    expect(await tables.minClassSize()).toBe(5);
    const asStranger = tables.contract.connect(f.signers.payout);
    await expectRevert(
      (async () => {
        try {
          await (await asStranger.getFunction("setMinClassSize")(5)).wait();
        } catch (error) {
          decodeRevert(error, [MutuaRateTablesArtifact.abi]);
        }
      })(),
      "NotGovernance",
    );
    await expect(asGovernance("setMinClassSize", 4)).rejects.toThrow(); // below the floor: a class of 4 is too easy to narrow
    await asGovernance("setMinClassSize", 6);
    expect(await tables.minClassSize()).toBe(6);
    await asGovernance("setMinClassSize", 5);
  });
});

describe("class sizes, as the observer reads them", () => {
  it("only the issuer records a class's members, and never more than the mutual's members", async () => {
    const asStranger = new Tables(tables.address, f.signers.payout);
    await expectRevert(
      asStranger.recordClassMembers(new Map([[3, 5]])).then(() => undefined),
      "NotIssuer",
    );
    const asIssuer = new Tables(tables.address, f.signers.issuer);
    // Six members: five in class 3 and two in class 4 would be seven people.
    await expectRevert(
      asIssuer
        .recordClassMembers(
          new Map([
            [3, 5],
            [4, 2],
          ]),
        )
        .then(() => undefined),
      "MoreThanMembers",
    );
    await asIssuer.recordClassMembers(
      new Map([
        [3, 5],
        [4, 1],
      ]),
    );
    expect(await tables.classSize(3)).toEqual({ members: 5, minClassSize: 5, disclosable: true });
    // A class of one: a claim disclosing it would name its claimant. Its members' wallets read this before claiming.
    expect(await tables.classSize(4)).toEqual({ members: 1, minClassSize: 5, disclosable: false });
    // Class 0 (the pool as one class) with nobody recorded in it: every member, disclosable.
    expect((await tables.classSize(0)).disclosable).toBe(true);
    // A member moved between classes: the total is what counts.
    await asIssuer.recordClassMembers(
      new Map([
        [3, 4],
        [4, 2],
      ]),
    );
    expect(await tables.contract.getFunction("recordedMembers")()).toBe(6n);
    expect((await tables.classMemberRecords(0)).map((r) => [r.ratingClass, r.members])).toEqual([
      [3, 5],
      [4, 1],
      [3, 4],
      [4, 2],
    ]);
  });
});
