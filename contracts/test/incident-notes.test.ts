// The incident notes as their adversaries meet them: a stranger writing words for an incident, an opener rewriting
// a note after members chose by it, a note for an incident that does not exist, words too long or a region that
// is no code (sent raw, past the client's own checks). Governance, through the timelock, may correct a note.
import type { Contract, Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MutuaIncidentNotesArtifact } from "../src-ts/index.ts";
import { sendAndWait } from "../src-ts/send.ts";
import { expectRevert } from "./expect-revert.ts";
import type { MutualFixture } from "./fixture.ts";
import { GOVERNANCE_DELAY, setupMutual } from "./fixture.ts";

const DAY = 86_400n;
let f: MutualFixture;

/** `describe` sent as is by `signer`: no client-side check stands between it and the contract. */
function rawDescribe(signer: Signer, incidentId: bigint, region: string, description: string) {
  const contract = f.incidentNotes.contract.connect(signer) as Contract;
  return sendAndWait(contract, [MutuaIncidentNotesArtifact.abi], "describe", incidentId, region, description);
}

beforeAll(async () => {
  f = await setupMutual({ memberCount: 1 });
});
afterAll(async () => {
  await f.close();
});

describe("the incident notes", () => {
  it("the incident opener writes an incident's note once; members read it; a stranger cannot write one", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY);
    expect(await f.incidentNotes.noteOf(incidentId)).toEqual({ region: "", description: "" });
    await expectRevert(rawDescribe(f.signers.outsider, incidentId, "KE-14", "Nothing happened"), "NotIncidentOpener");

    await f.incidentNotes.connect(f.signers.opener).describe(incidentId, { region: "KE-14", description: "Storm surge at Kilifi harbour" });
    expect(await f.incidentNotes.noteOf(incidentId)).toEqual({ region: "KE-14", description: "Storm surge at Kilifi harbour" });
    // Members chose by these words: the opener cannot change them afterwards.
    await expectRevert(rawDescribe(f.signers.opener, incidentId, "KE-14", "Light rain, no damage"), "AlreadyDescribed");
  });

  it("refuses notes for incidents that do not exist, and words the contract's limits do not allow", async () => {
    const count = (await f.mutual.contract.getFunction("incidentCount")()) as bigint;
    await expectRevert(rawDescribe(f.signers.opener, count + 1n, "KE", "Not opened yet"), "NoSuchIncident");
    await expectRevert(rawDescribe(f.signers.opener, 0n, "KE", "Incident zero"), "NoSuchIncident");
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY);
    await expectRevert(rawDescribe(f.signers.opener, incidentId, "Kilifi county", "Storm"), "InvalidRegion");
    await expectRevert(rawDescribe(f.signers.opener, incidentId, "KE-14-AAAAAAAAAAAA", "Storm"), "InvalidRegion");
    await expectRevert(rawDescribe(f.signers.opener, incidentId, "KE", ""), "InvalidDescription");
    await expectRevert(rawDescribe(f.signers.opener, incidentId, "KE", "x".repeat(281)), "InvalidDescription");
    // The client refuses the same before sending anything.
    await expect(
      f.incidentNotes.connect(f.signers.opener).describe(incidentId, { region: "ke 14", description: "Storm" }),
    ).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("governance corrects a note through the timelock's delay", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 7n * DAY, now + 14n * DAY);
    await f.incidentNotes.connect(f.signers.opener).describe(incidentId, { region: "KE-14", description: "Storm at Kilifi" });
    const correction = await f.governance.schedule(
      f.incidentNotes.address,
      "describe",
      [incidentId, "KE-03", "Storm at Kilifi and Mombasa harbours"],
      MutuaIncidentNotesArtifact.abi,
    );
    await f.chain.increaseTime(GOVERNANCE_DELAY + 1n);
    await f.governance.execute(correction);
    expect(await f.incidentNotes.noteOf(incidentId)).toEqual({ region: "KE-03", description: "Storm at Kilifi and Mombasa harbours" });
  });
});
