import { cidBytes, identityCommitment, memberLeaf, SNARK_SCALAR_FIELD } from "@mutua/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimRequest } from "../src-ts/index.ts";
import { deployMutual } from "../src-ts/index.ts";
import { expectRevert } from "./expect-revert.ts";
import type { Member, MutualFixture } from "./fixture.ts";
import { evidenceCid, MAX_CLAIM, ROOT_WINDOW, rawCid, setupMutual, USD } from "./fixture.ts";

let f: MutualFixture;
let valid: ClaimRequest;
let member: Member;

beforeAll(async () => {
  f = await setupMutual();
  member = f.members[0] as Member;
  valid = await f.proveClaim(member);
});
afterAll(async () => {
  await f.close();
});

describe("fileClaim rejects every forgery before recording anything", () => {
  it("a forged proof", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, proof: valid.proof.map((x, i) => (i === 6 ? x + 1n : x)) }), "InvalidProof");
    await expectRevert(f.mutual.fileClaim({ ...valid, proof: Array(8).fill(1n) }), "InvalidProof");
  });

  it("each public signal tampered", async () => {
    const otherCid = cidBytes(await evidenceCid("different evidence"));
    const tampered: Record<string, ClaimRequest> = {
      nullifier: { ...valid, nullifier: valid.nullifier + 1n },
      amount: { ...valid, amount: valid.amount + 1n },
      evidence: { ...valid, evidenceCid: otherCid },
      recipient: { ...valid, recipient: f.signers.outsider.address },
    };
    for (const [name, request] of Object.entries(tampered)) {
      await expectRevert(f.mutual.fileClaim(request), "InvalidProof").catch((error: Error) => {
        throw new Error(`${name}: ${error.message}`);
      });
    }
  });

  it("a nullifier aliased by adding the field order (would be a fresh mapping key)", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, nullifier: valid.nullifier + SNARK_SCALAR_FIELD }), "InvalidProof");
  });

  it("a root that was never posted", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, root: valid.root + 1n }), "UnknownRoot");
  });

  it("a proof for another incident (scope)", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId: other } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    await expectRevert(f.mutual.fileClaim({ ...valid, incidentId: other }), "InvalidProof");
  });

  it("a proof made for another chain", async () => {
    const request = await f.proveClaim(member, { chainId: 1n });
    await expectRevert(f.mutual.fileClaim(request), "InvalidProof");
  });

  it("a proof made for another deployment (same members, same root)", async () => {
    const other = await deployMutual(f.signers.admin, f.settings);
    const request = await f.proveClaim(member, { contract: other.address });
    await expectRevert(f.mutual.fileClaim(request), "InvalidProof");
  });

  it("an amount over the per-claim cap, and zero", async () => {
    const request = await f.proveClaim(member, { amount: MAX_CLAIM + 1n });
    await expectRevert(f.mutual.fileClaim(request), "AmountOverCap");
    await expectRevert(f.mutual.fileClaim({ ...valid, amount: 0n }), "ZeroAmount");
  });

  it("a proof made for another loss time than the incident's", async () => {
    const request = await f.proveClaim(member, { occurredAt: (await f.mutual.getIncident(f.incidentId)).occurredAt - 1n });
    await expectRevert(f.mutual.fileClaim(request), "InvalidProof");
  });

  it("malformed request fields", async () => {
    await expectRevert(f.mutual.fileClaim({ ...valid, recipient: "0x0000000000000000000000000000000000000000" }), "InvalidRecipient");
    await expectRevert(f.mutual.fileClaim({ ...valid, evidenceCid: "0x" }), "InvalidEvidenceCid");
    // Junk bytes, and a well-formed CID of another kind (raw codec): only a dag-pb sha2-256 CIDv1 is evidence.
    await expectRevert(f.mutual.fileClaim({ ...valid, evidenceCid: "0x0170122000" }), "InvalidEvidenceCid");
    await expectRevert(f.mutual.fileClaim({ ...valid, evidenceCid: `0x${"ab".repeat(36)}` }), "InvalidEvidenceCid");
    await expectRevert(f.mutual.fileClaim({ ...valid, evidenceCid: cidBytes(await rawCid("x")) }), "InvalidEvidenceCid");
  });

  it("files the valid claim once; the replayed nullifier is refused", async () => {
    await f.mutual.connect(f.signers.relayer).fileClaim(valid);
    await expectRevert(f.mutual.fileClaim(valid), "NullifierAlreadyUsed");
    // The same member cannot get a second nullifier for the same incident with another amount or evidence.
    const again = await f.proveClaim(member, { amount: 10n * USD, cid: await evidenceCid("second try") });
    expect(again.nullifier).toBe(valid.nullifier);
    await expectRevert(f.mutual.fileClaim(again), "NullifierAlreadyUsed");
  });
});

describe("assessment rules", () => {
  it("only assessors vote, once each, within the claimed amount", async () => {
    const { incidentId } = f;
    await expectRevert(
      f.mutual.connect(f.signers.outsider).vote(incidentId, valid.nullifier, true, 1n),
      "AccessControlUnauthorizedAccount",
    );
    await f.mutual.connect(f.signers.assessorA).vote(incidentId, valid.nullifier, true, valid.amount);
    await expectRevert(f.mutual.connect(f.signers.assessorA).vote(incidentId, valid.nullifier, false), "AlreadyVoted");
    await expectRevert(
      f.mutual.connect(f.signers.assessorB).vote(incidentId, valid.nullifier, true, valid.amount + 1n),
      "ApprovedAmountInvalid",
    );
  });

  it("an approval the pool cannot cover is refused at finalize", async () => {
    await f.mutual.connect(f.signers.assessorB).vote(f.incidentId, valid.nullifier, true, valid.amount);
    await f.chain.increaseTime(14n * 86_400n + 1n);
    await expectRevert(f.mutual.finalize(f.incidentId, valid.nullifier), "InsufficientPoolFunds");
    await f.fund(0n, valid.amount);
    await f.mutual.finalize(f.incidentId, valid.nullifier);
    expect((await f.mutual.getClaim(f.incidentId, valid.nullifier)).status).toBe("Approved");
  });

  it("the pauser pauses claims; nobody else can", async () => {
    const asPauser = f.mutual.connect(f.signers.pauser);
    await asPauser.setPaused(true);
    await expectRevert(f.mutual.settle(f.incidentId, valid.nullifier), "ClaimsPaused");
    await expectRevert(f.mutual.connect(f.signers.outsider).setPaused(false), "AccessControlUnauthorizedAccount");
    await expectRevert(f.mutual.setPaused(false), "AccessControlUnauthorizedAccount");
    await asPauser.setPaused(false);
  });
});

describe("member registry", () => {
  it("only the issuer posts roots", async () => {
    await expectRevert(f.mutual.connect(f.signers.outsider).addMembers([1n], 2n), "AccessControlUnauthorizedAccount");
    await expectRevert(f.mutual.connect(f.signers.outsider).removeMember(0, 2n), "AccessControlUnauthorizedAccount");
    await expectRevert(f.asIssuer.addMembers([SNARK_SCALAR_FIELD], 2n), "InvalidLeaf");
    await expectRevert(f.asIssuer.addMembers([1n], 0n), "InvalidRoot");
    await expectRevert(f.asIssuer.removeMember(10_000, 2n), "MemberIndexOutOfRange");
  });

  it("a removed member's proof against an old root passes inside the window and fails after it", async () => {
    const now = await f.chain.latestTimestamp();
    const { incidentId } = await f.openIncident(now + 86_400n, now + 2n * 86_400n);
    const revoked = f.members[5] as Member;
    const inWindow = await f.proveClaim(revoked, { incidentId });
    const late = await f.proveClaim(revoked, { incidentId, amount: 99n * USD });
    const oldRoot = inWindow.root;

    f.tree.remove(revoked.index);
    await f.asIssuer.removeMember(revoked.index, f.tree.root);
    expect(await f.mutual.isKnownRoot(oldRoot)).toBe(true);
    await f.mutual.fileClaim(inWindow);

    // Other members join: each admission posts a root, and the revoked member's last root ages out.
    for (let i = 0; i < ROOT_WINDOW; i++) {
      const leaf = memberLeaf(identityCommitment(777n + BigInt(i)), revoked.terms);
      f.tree.add(leaf);
      await f.payPremiums([leaf]);
      await f.asIssuer.addMembers([leaf], f.tree.root);
    }
    expect(await f.mutual.isKnownRoot(oldRoot)).toBe(false);
    // Same member and incident means the same nullifier, already used: try under a fresh incident.
    const now2 = await f.chain.latestTimestamp();
    const { incidentId: nextIncident } = await f.openIncident(now2 + 86_400n, now2 + 2n * 86_400n);
    const afterWindow = { ...late, incidentId: nextIncident };
    await expectRevert(f.mutual.fileClaim(afterWindow), "UnknownRoot");
  });
});
