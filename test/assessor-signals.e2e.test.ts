// Signals at the assessor's desk, through the real parts (claims proven and filed through the relayer, evidence on
// Helia, opened with the assessor's DID): the same photo sent with two members' claims, a photo whose camera date is
// months before the loss, and the amount against the class's fitted severity. As the adversary who would learn from
// them: the fingerprints stay in the assessor's sealed journal (nothing readable in the file), and computing the
// signals publishes nothing: no write to the evidence store, no transaction (the only network reads are the claim's
// own evidence blocks and the incident's public loss time).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvidenceStore } from "@mutua/evidence";
import type { FiledClaimResult } from "@mutua/sdk";
import { Assessor, BallotJournal, buildSeverityModel, drawPool, poolExperience } from "@mutua/sdk";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { halve, scene, toJpeg, withCameraDate } from "../packages/evidence/test/photos.ts";
import type { World } from "./world.ts";
import { createWorld, USDC } from "./world.ts";

const factors = [{ name: "port", levels: ["Kilifi", "Lamu"] }];
let world: World;
let assessor: Assessor;
let journalPath: string;
const storeWrites = { count: 0 };
const WRITES = new Set(["addDirectory", "addFile", "pin", "unpin"]);
const filed: FiledClaimResult[] = [];

/** The world's evidence store, counting what would publish something: the signals must do none of it. */
function counting(store: EvidenceStore): EvidenceStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (WRITES.has(String(key))) storeWrites.count++;
        return value.apply(target, args);
      };
    },
  });
}

beforeAll(async () => {
  world = await createWorld({ memberNames: ["amina", "baraka", "chausiku", "dalila", "eshe"], cover: { ratingClass: 2 } });
  const incident = await world.admin.mutual.getIncident(world.incidentId);
  const lossDay = new Date(Number(incident.occurredAt) * 1000);
  const before = new Date(lossDay.getTime() - 200 * 86_400_000);
  const exifDate = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ").replaceAll("-", ":");
  const harbour = scene(7);
  const photos = {
    // Amina's photo, taken on the day of the loss.
    amina: withCameraDate(toJpeg(harbour, 90), exifDate(lossDay)),
    // Baraka sends the same picture, resized and re-encoded, with no camera date.
    baraka: toJpeg(halve(harbour), 70),
    // Chausiku's photo of another scene, taken 200 days before the loss.
    chausiku: withCameraDate(toJpeg(scene(8), 90), exifDate(before)),
  };
  for (const [name, photo] of Object.entries(photos)) {
    filed.push(
      await world.member(name).member.fileClaim({
        incidentId: world.incidentId,
        amount: (name === "chausiku" ? 2_500n : 800n) * USDC,
        recipient: Wallet.createRandom().address,
        files: [
          { name: `${name}-hull.jpg`, mediaType: "image/jpeg", content: photo },
          { name: "form.json", mediaType: "application/json", content: new TextEncoder().encode('{"damage":"hull"}') },
        ],
      }),
    );
  }
  const seat = world.assessors[0];
  if (!seat) throw new Error("no assessor");
  journalPath = join(mkdtempSync(join(tmpdir(), "mutua-signals-")), "ballots.json");
  assessor = new Assessor({
    agent: seat.agent,
    did: seat.did,
    wallet: seat.wallet,
    signer: seat.signer,
    deployment: world.admin.deployment,
    store: counting(world.net.store),
    journal: BallotJournal.file(journalPath, "assessor storage secret"),
  });
}, 600_000);
afterAll(async () => {
  await world?.close();
});

describe("signals at the assessor's desk", () => {
  it("finds the same photo across two members' claims, a camera date months before the loss, and an amount high for the class", async () => {
    const claims = await assessor.listClaims(world.incidentId);
    const claim = (i: number) => claims.find((c) => c.claimId === filed[i]?.claimId) as (typeof claims)[number];
    // Severity fitted on a drawn pool's experience (in practice the pool's own, from the chain): Lamu's average claim.
    const severity = buildSeverityModel(
      factors,
      poolExperience(
        drawPool({
          seed: 3,
          factors,
          years: 8,
          exposure: [80, 200],
          frequency: 0.2,
          severity: Number(900n * USDC),
          severityShape: 2,
          frequencyRelativities: {},
          severityRelativities: {},
        }),
      ),
    );
    const seat = world.assessors[0];
    if (!seat) throw new Error("no assessor");
    const seatSigner = () => seat.signer.getAddress();
    const signalsOf = async (i: number) => {
      const evidence = await assessor.openEvidence(claim(i));
      const before = { writes: storeWrites.count, nonce: await world.net.chain.provider.getTransactionCount(await seatSigner()) };
      const signals = await assessor.signals(claim(i), evidence, { severity, money: (u) => `${(u / 1e6).toFixed(2)} USDC` });
      expect(storeWrites.count, "computing signals wrote to the evidence store").toBe(before.writes);
      expect(await world.net.chain.provider.getTransactionCount(await seatSigner())).toBe(before.nonce);
      return signals;
    };
    const amina = await signalsOf(0);
    expect(amina.map((s) => s.kind)).toEqual(["amount-percentile"]); // the first photo this desk sees, taken that day
    const baraka = await signalsOf(1);
    expect(baraka.find((s) => s.kind === "near-duplicate")).toMatchObject({
      file: "baraka-hull.jpg",
      sentence: expect.stringMatching(/^baraka-hull\.jpg looks like amina-hull\.jpg of claim 0x/),
    });
    expect(baraka.find((s) => s.kind === "near-duplicate")?.value).toBeLessThanOrEqual(6);
    const chausiku = await signalsOf(2);
    expect(chausiku.some((s) => s.kind === "near-duplicate")).toBe(false);
    expect(chausiku.find((s) => s.kind === "taken-before-loss")).toMatchObject({ file: "chausiku-hull.jpg", value: 200 });
    const amount = chausiku.find((s) => s.kind === "amount-percentile");
    expect(amount?.value).toBeGreaterThan(0.95);
    expect(amount?.sentence).toMatch(
      /^2500\.00 USDC is above 9\d(\.\d)?% of the claims this class is expected to make \(their average is \d+\.\d\d USDC\)\.$/,
    );
    // Amina's claim opened again: now it shares its photo with Baraka's (never with itself), and the journal keeps
    // one record per file.
    const again = (await signalsOf(0)).filter((s) => s.kind === "near-duplicate");
    expect(again.map((s) => s.sentence)).toEqual([expect.stringMatching(/^amina-hull\.jpg looks like baraka-hull\.jpg of claim/)]);
  });

  it("keeps the fingerprints only in the sealed journal: the file shows no hash, file name or claim", async () => {
    const seen = BallotJournal.file(journalPath, "assessor storage secret").images();
    expect(seen.map((i) => i.file).sort()).toEqual(["amina-hull.jpg", "baraka-hull.jpg", "chausiku-hull.jpg"]);
    const onDisk = readFileSync(journalPath, "utf8");
    for (const image of seen) {
      expect(onDisk).not.toContain(image.hash);
      expect(onDisk).not.toContain(image.file);
      expect(onDisk).not.toContain(image.claimId.slice(2, 18));
    }
    expect(() => BallotJournal.file(journalPath, "another secret")).toThrow(expect.objectContaining({ code: "BALLOT_JOURNAL_UNREADABLE" }));
  });
});
