// Rating classes as the chain records them, and a rate table anyone can check from chain events alone. As the
// adversaries: an observer reading which classes a claim could name, a member whose class is too small to hide in
// (warned before anything is stored or proven), an issuer inventing members, and a published table whose numbers or
// snapshot do not match the chain (found by refitting it, as `mutua pricing verify` does).
import { RateTablesClient } from "@mutua/contracts";
import type { RateTable } from "@mutua/sdk";
import {
  adoptRateTableAction,
  buildRateTable,
  experienceFromChain,
  MemberGovernance,
  rateTableHash,
  verifyRateTable,
  YEAR_SECONDS,
} from "@mutua/sdk";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World, WorldMember } from "./world.ts";
import { createWorld, DAY, evidenceFiles, USDC } from "./world.ts";

const factors = [{ name: "port", levels: ["Kilifi", "Lamu"] }];
const KILIFI = 1; // classNumber(factors, { port: "Kilifi" })
const LAMU = 2;
const UNRATED = 9; // a class no factor of the table names

let world: World;
let tables: RateTablesClient;
let lamu: WorldMember[];
let lone: WorldMember;

beforeAll(async () => {
  world = await createWorld({ memberNames: ["k1", "k2", "k3", "k4", "k5"], cover: { ratingClass: KILIFI } });
  tables = new RateTablesClient(world.admin.deployment.rateTables as string, world.net.chain.provider);
  lamu = await world.admit(await Promise.all(["l1", "l2", "l3", "l4", "l5"].map(world.newMember)), { ...world.terms, ratingClass: LAMU });
  [lone] = (await world.admit([await world.newMember("lone")], { ...world.terms, ratingClass: UNRATED })) as [WorldMember];
}, 600_000);
afterAll(async () => {
  await world?.close();
});

describe("class sizes on-chain", () => {
  it("the observer reads each class's members as the issuer recorded them with each admission, and which a claim may name", async () => {
    expect((await tables.classMemberRecords(world.admin.deployment.fromBlock)).map((r) => [r.ratingClass, r.members])).toEqual([
      [KILIFI, 5],
      [LAMU, 5],
      [UNRATED, 1],
    ]);
    expect(await tables.classSize(KILIFI)).toEqual({ members: 5, minClassSize: 5, disclosable: true });
    expect(await tables.classSize(UNRATED)).toEqual({ members: 1, minClassSize: 5, disclosable: false });
    // The issuer's own record agrees with the leaves it wrote.
    expect(world.admin.classSizes()).toEqual(
      new Map([
        [KILIFI, 5],
        [LAMU, 5],
        [UNRATED, 1],
      ]),
    );
  });

  it("an issuer cannot record more class members than the mutual has", async () => {
    const asIssuer = new RateTablesClient(tables.address, world.adminSigner);
    await expect(asIssuer.recordClassMembers(new Map([[KILIFI, 50]]))).rejects.toMatchObject({ code: "MoreThanMembers" });
  });

  it("a member alone in a class is warned before a claim names it, and nothing is filed unless they go on", async () => {
    const filing = {
      incidentId: world.incidentId,
      amount: 500n * USDC,
      recipient: Wallet.createRandom().address,
      files: evidenceFiles(),
    };
    await expect(lone.member.fileClaim(filing)).rejects.toMatchObject({
      code: "SMALL_CLASS",
      message: expect.stringMatching(/holds only 1 member .*minimum is 5/),
    });
    const warned: string[] = [];
    await expect(
      lone.member.fileClaim({
        ...filing,
        confirm: (w) => {
          warned.push(w.code);
          return w.code !== "SMALL_CLASS";
        },
      }),
    ).rejects.toMatchObject({ code: "SMALL_CLASS" });
    expect(warned).toContain("SMALL_CLASS");
    expect(await world.admin.mutual.filedClaims(world.admin.deployment.fromBlock)).toHaveLength(0);
  });
});

describe("a rate table rebuilt from the chain", () => {
  let table: RateTable;

  beforeAll(async () => {
    // A claim from each port, approved and paid; then a year and a half of cover.
    const claims = [
      { member: world.member("k1"), amount: 1_000n * USDC },
      { member: lamu[0] as WorldMember, amount: 2_000n * USDC },
    ];
    const filed = [];
    for (const { member, amount } of claims) {
      const result = await member.member.fileClaim({
        incidentId: world.incidentId,
        amount,
        recipient: Wallet.createRandom().address,
        files: evidenceFiles(),
      });
      filed.push(result);
    }
    // Both claims voted (sealed, through the relayer) before voting closes, then revealed and finalized.
    const listed = (await world.assessors[0]?.assessor.listClaims(world.incidentId)) ?? [];
    for (const [i, claim] of filed.entries()) {
      const onChain = listed.find((c) => c.claimId === claim.claimId);
      if (!onChain) throw new Error("claim not listed");
      const amount = claims[i]?.amount as bigint;
      await world.assessors[0]?.assessor.vote(onChain, { approve: true, amount, reason: "the damage is shown" });
      await world.assessors[1]?.assessor.vote(onChain, { approve: true, reason: "consistent" });
    }
    const rounds = (await world.assessors[0]?.assessor.listClaims(world.incidentId)) ?? [];
    const incident = await world.admin.mutual.getIncident(world.incidentId);
    await world.travelPast(
      rounds.reduce((t, c) => (c.round?.opened && c.round.commitEndsAt > t ? c.round.commitEndsAt : t), incident.votingEndsAt),
    );
    for (const { assessor } of world.assessors) await assessor.reveal();
    const revealed = (await world.assessors[0]?.assessor.listClaims(world.incidentId)) ?? [];
    await world.travelPast(revealed.reduce((t, c) => ((c.round?.revealEndsAt ?? 0n) > t ? (c.round?.revealEndsAt as bigint) : t), 0n));
    for (const claim of filed) await world.settlement.finalize(claim.incidentId, claim.nullifier);
    await world.net.chain.increaseTime(3_601);
    for (const claim of filed) await world.settlement.settle(claim.incidentId, claim.nullifier);
    await world.net.chain.increaseTime(500 * DAY);
  }, 600_000);

  it("exposure is members × time from the class records; claims and payouts by the class their proofs disclosed", async () => {
    const provider = world.net.chain.provider;
    const fromBlock = world.admin.deployment.fromBlock;
    const { rows, unattributed, snapshot } = await experienceFromChain({
      mutual: world.admin.mutual,
      rateTables: tables,
      factors,
      fromBlock,
    });
    // Independently: each record's block time to the last block, in member-years.
    const end = (await provider.getBlock(snapshot.toBlock))?.timestamp as number;
    const records = await tables.classMemberRecords(fromBlock);
    const at = async (ratingClass: number) => {
      const record = records.find((r) => r.ratingClass === ratingClass);
      return (await provider.getBlock(record?.blockNumber as number))?.timestamp as number;
    };
    const exposureOf = (port: string) => rows.filter((r) => r.levels.port === port).reduce((a, r) => a + r.exposure, 0);
    expect(exposureOf("Kilifi")).toBeCloseTo((5 * (end - (await at(KILIFI)))) / YEAR_SECONDS, 9);
    expect(exposureOf("Lamu")).toBeCloseTo((5 * (end - (await at(LAMU)))) / YEAR_SECONDS, 9);
    expect(rows.map((r) => r.period)).toEqual([1, 2, 1, 2]);
    const first = (port: string) => rows.find((r) => r.levels.port === port && r.period === 1);
    expect(first("Kilifi")).toMatchObject({ claims: 1, losses: Number(1_000n * USDC) });
    expect(first("Lamu")).toMatchObject({ claims: 1, losses: Number(2_000n * USDC) });
    // The lone member's class is named by no factor: reported, not mixed into any class.
    expect(unattributed.map((u) => [u.ratingClass, u.claims])).toEqual([
      [UNRATED, 0],
      [UNRATED, 0],
    ]);
    expect(snapshot.blockHash).toBe((await provider.getBlock(snapshot.toBlock))?.hash);
    table = buildRateTable({
      version: 2,
      product: "boats",
      unit: "boat-year",
      factors,
      experience: rows,
      snapshot,
      loadings: { expenseRatio: 0.1, solvencyMargin: 0.05 },
    });
    // Lamu's boats claimed twice as much on about the same exposure.
    expect(Math.exp(table.model.coefficients["port=Lamu"] as number)).toBeGreaterThan(1.5);
  });

  it("checks out once the members adopt it; a tampered number, another snapshot or an unadopted version do not", async () => {
    const { deployment } = world.admin;
    const runner = world.net.chain.provider;
    const before = await verifyRateTable({ deployment, runner, table });
    expect(before).toMatchObject({ adoption: "not-adopted", source: "chain", snapshotMatches: true, differences: [] });

    const { proposalId } = await world.governance.propose([adoptRateTableAction(deployment, table)], "Adopt rate table 2");
    await world.net.chain.increaseTime(1);
    for (const m of world.members.slice(0, 3)) await world.governance.vote(m.wallet, proposalId, "for");
    await world.travelPast((await world.governance.proposal(proposalId)).deadline);
    const executor = new MemberGovernance({ deployment, signer: world.adminSigner, prover: world.voteProver });
    await executor.queue(proposalId);
    await world.net.chain.increaseTime(2 * DAY + 1);
    await executor.execute(proposalId);
    expect((await tables.tableOf(2))?.tableHash).toBe(rateTableHash(table));
    expect(await verifyRateTable({ deployment, runner, table })).toMatchObject({
      adoption: "adopted",
      snapshotMatches: true,
      differences: [],
    });

    // A published copy with Lamu's relativity lowered: another hash than the adopted one, and the refit shows the number.
    const cheaper: RateTable = {
      ...table,
      model: { ...table.model, coefficients: { ...table.model.coefficients, "port=Lamu": 0 } },
    };
    const tampered = await verifyRateTable({ deployment, runner, table: cheaper });
    expect(tampered.adoption).toBe("another-table-adopted");
    expect(tampered.differences).toEqual([
      { path: "model.coefficients.port=Lamu", expected: 0, found: table.model.coefficients["port=Lamu"] },
    ]);
    // A snapshot whose last block is not the chain's (a reorganised or another chain's block).
    const elsewhere: RateTable = { ...table, experience: { ...table.experience, blockHash: `0x${"ab".repeat(32)}` } };
    expect(await verifyRateTable({ deployment, runner, table: elsewhere })).toMatchObject({ snapshotMatches: false });
    // A snapshot that stops earlier than it says it was fitted on: the refit differs.
    const earlier: RateTable = { ...table, experience: { ...table.experience, toBlock: table.experience.toBlock - 1 } };
    const shifted = await verifyRateTable({ deployment, runner, table: earlier });
    expect(shifted.snapshotMatches).toBe(false);
    expect(shifted.differences.length).toBeGreaterThan(0);
  });
});
