// The whole system end to end: a member files a claim with encrypted evidence, the chain verifies the
// zero-knowledge proof, assessors decrypt and vote, the payout lands. Then every rejection the issue names.
import { ContractRevertError, MutuaMutualClient } from "@mutua/contracts";
import { cidBytes } from "@mutua/core";
import { sealEvidence } from "@mutua/evidence";
import { agentResolver, createIdentityAgent, MembershipVerifier } from "@mutua/identity";
import type { ProgressEvent } from "@mutua/sdk";
import { ensureAllowance, MutualAdmin } from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World } from "./world.ts";
import { createWorld, DAY, evidenceFiles, PREMIUM, USDC } from "./world.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld({ memberNames: ["alice", "bob", "carol", "dave"], rootWindow: 3 });
});
afterAll(async () => {
  await world?.close();
});

const member = (name: string) => world.member(name);

describe("the happy path", () => {
  it("claim → proof verified on-chain → assessors decrypt and vote → payout", async () => {
    const alice = member("alice");
    const payout = world.take();
    const payoutAddress = await payout.getAddress();
    const steps: ProgressEvent[] = [];
    const filed = await alice.member.fileClaim({
      incidentId: world.incidentId,
      amount: 1_200n * USDC,
      recipient: payoutAddress,
      files: evidenceFiles(),
      onProgress: (e) => steps.push(e),
    });
    expect(steps.filter((s) => s.status === "done").map((s) => s.step)).toEqual(["sync-members", "seal-evidence", "prove", "submit"]);
    expect(await alice.member.claimStatus(world.incidentId, filed.nullifier)).toMatchObject({ status: "Filed", amount: 1_200n * USDC });
    // The relayer sent it: the member's own address appears nowhere in the transaction.
    const tx = await world.net.chain.provider.getTransaction(filed.receipt.hash);
    expect(tx?.from.toLowerCase()).toBe((await world.relayer.getAddress()).toLowerCase());
    expect(tx?.data.toLowerCase()).not.toContain((await alice.signer.getAddress()).slice(2).toLowerCase());

    const [first, second] = world.assessors;
    if (!first || !second) throw new Error("assessors missing");
    const [claim] = await first.assessor.listClaims(world.incidentId);
    if (!claim) throw new Error("claim not listed");
    expect(claim.evidenceCidText).toBe(filed.evidenceCid.toString());
    const evidence = await first.assessor.openEvidence(claim);
    expect(evidence.manifest.files.map((f) => f.name)).toEqual(["hull.jpg", "claim-form.json"]);
    expect(new TextDecoder().decode(await evidence.files[1]?.bytes())).toContain("storm damage");

    // Sealed ballots through the relayer: the chain shows two commitments, not who cast them or how.
    await world.decide(filed, [
      { approve: true, amount: 1_000n * USDC, reason: "the photos show hull damage; the estimate for the rails is high" },
      { approve: true, reason: "damage consistent with the storm" },
    ]);
    // Alice, and only Alice, reads why: the reasons are sealed to her claim's key.
    const reasons = await alice.member.reasons(world.incidentId, filed.nullifier);
    expect(reasons.map((r) => r.reason).sort()).toEqual([
      "damage consistent with the storm",
      "the photos show hull damage; the estimate for the rails is high",
    ]);
    await world.net.chain.increaseTime(3_601);
    const before = await world.admin.mutual.accounts();
    await world.settlement.settle(world.incidentId, filed.nullifier);

    const { erc20 } = await import("@mutua/sdk");
    expect(await erc20(world.admin.deployment.token, world.net.chain.provider).getFunction("balanceOf")(payoutAddress)).toBe(1_000n * USDC);
    expect(await world.settlement.status(world.incidentId, filed.nullifier)).toMatchObject({
      status: "Paid",
      approvedAmount: 1_000n * USDC,
    });
    const after = await world.admin.mutual.accounts();
    expect(after.payouts - before.payouts).toBe(1_000n * USDC);
    expect(after.held).toBe(after.premiums + after.capital - after.payouts);
  });
});

describe("rejections", () => {
  let incidentId: bigint;
  beforeAll(async () => {
    ({ incidentId } = await world.admin.openIncident(7 * DAY, 7 * DAY));
  });
  const filing = (name: string, overrides: { amount?: bigint; assessors?: string[] } = {}) => ({
    incidentId,
    amount: overrides.amount ?? 500n * USDC,
    recipient: "0x000000000000000000000000000000000000dEaD",
    files: evidenceFiles(`claim by ${name}`),
    ...(overrides.assessors ? { assessors: overrides.assessors } : {}),
    submitter: world.relayer,
    // One payout address for every test claim here: confirm the "already a recipient" warning.
    confirm: () => true,
  });
  const relayed = () => new MutuaMutualClient(world.admin.deployment.mutual, world.relayer);

  it("a non-member: a credential from an issuer of her own names a leaf the registry never had", async () => {
    const outsider = await world.newMember("mallory");
    const fakeAgent = (await createIdentityAgent()).agent;
    const fakeDid = (await fakeAgent.didManagerCreate()).did;
    const fake = await MutualAdmin.connect({
      signer: outsider.signer,
      issuer: { agent: fakeAgent, did: fakeDid, statusListUrl: world.net.statusLists.url("fake") },
      deployment: world.admin.deployment,
    });
    const request = await outsider.member.requestMembership();
    const { chainId, mutual } = world.admin.deployment;
    await outsider.wallet.accept((await fake.issuer.issue({ ...request, terms: world.terms, mutual: { chainId, contract: mutual } })).jwt);
    await expect(outsider.member.fileClaim(filing("mallory"))).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    // Nor can she post a root containing her leaf, premium paid or not: only the issuer role can.
    await world.net.mint(await outsider.signer.getAddress(), PREMIUM);
    await outsider.member.payPremium({ terms: world.terms, premium: PREMIUM });
    await expect(fake.admitMembers([{ ...request, terms: world.terms, premium: PREMIUM }])).rejects.toMatchObject({
      code: "AccessControlUnauthorizedAccount",
    });
    // Her payment holds the head of the premium queue until the real issuer refuses it; she gets it back.
    await expect(world.admit([await world.newMember("trent")])).rejects.toMatchObject({ code: "PAYMENT_QUEUE_BLOCKED" });
    const { refused } = await world.admin.refusePayments(2);
    expect(refused.map((p) => p.payer)).toContain(await outsider.signer.getAddress());
    await expect(outsider.member.withdrawRefund()).resolves.toMatchObject({ amount: PREMIUM });
    // And a verifier that trusts the real issuer rejects her credential.
    const verifier = new MembershipVerifier((await createIdentityAgent()).agent, { trustedIssuers: [world.issuerDid] });
    await expect(verifier.verifyCredential(outsider.wallet.memberships()[0]?.jwt as string)).rejects.toMatchObject({
      code: "UNTRUSTED_ISSUER",
    });
  });

  it("a revoked member: verifiers see it, the SDK refuses, and a proof made before is refused once its root ages out", async () => {
    const bob = member("bob");
    const { request: madeBefore } = await bob.member.prepareClaim(filing("bob"));
    await world.admin.revokeMember(bob.credentialId);

    const verifier = new MembershipVerifier((await createIdentityAgent()).agent, { trustedIssuers: [world.issuerDid] });
    await expect(verifier.verifyCredential(bob.member.membership().jwt)).rejects.toMatchObject({ code: "REVOKED" });
    await expect(bob.member.fileClaim(filing("bob"))).rejects.toMatchObject({ code: "NOT_A_MEMBER" });

    // The registry keeps 3 roots; three admissions later the root Bob proved against is gone.
    for (const name of ["erin", "frank", "grace"]) await world.admit([await world.newMember(name)]);
    await expect(relayed().fileClaim(madeBefore)).rejects.toMatchObject({ code: "UnknownRoot" });
  });

  it("a second claim for the same incident", async () => {
    await member("carol").member.fileClaim(filing("carol"));
    const error = await member("carol")
      .member.fileClaim(filing("carol"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRevertError);
    expect(error).toMatchObject({ code: "NullifierAlreadyUsed" });
  });

  it("a claim over the policy's coverage", async () => {
    await expect(member("dave").member.fileClaim(filing("dave", { amount: 5_001n * USDC }))).rejects.toMatchObject({
      code: "COVERAGE_EXCEEDED",
    });
  });

  it("tampered evidence: the transaction names other evidence than the proof was made for", async () => {
    const dave = member("dave");
    const { request } = await dave.member.prepareClaim(filing("dave"));
    const forged = await sealEvidence(world.net.store, evidenceFiles("a different story"), {
      recipients: [await dave.wallet.did()],
      resolver: agentResolver((await createIdentityAgent()).agent),
    });
    await expect(relayed().fileClaim({ ...request, evidenceCid: cidBytes(forged.evidenceCid) })).rejects.toMatchObject({
      code: "InvalidProof",
    });
    // The untouched request still goes through.
    await expect(relayed().fileClaim(request)).resolves.toMatchObject({ claimId: expect.any(String) });
  });

  it("evidence the claimant did not seal for an assessor stays closed to them", async () => {
    const [heidi] = await world.admit([await world.newMember("heidi")]);
    if (!heidi) throw new Error("no member");
    const [first, , third] = world.assessors;
    if (!first || !third) throw new Error("assessors missing");
    const filed = await heidi.member.fileClaim(filing("heidi", { assessors: [first.did] }));
    const listed = (await third.assessor.listClaims(incidentId)).find((c) => c.claimId === filed.claimId);
    if (!listed) throw new Error("claim not listed");
    await expect(third.assessor.openEvidence(listed)).rejects.toMatchObject({ code: "NOT_A_RECIPIENT" });
    await expect(first.assessor.openEvidence(listed)).resolves.toMatchObject({ evidenceCid: filed.evidenceCid });
  });

  it("a proof replayed on another deployment with the same members and root", async () => {
    const { request } = await member("alice").member.prepareClaim(filing("alice"));
    const agent = (await createIdentityAgent()).agent;
    const did = (await agent.didManagerCreate()).did;
    const twin = await MutualAdmin.deploy({
      signer: world.adminSigner,
      name: "Twin Mutual",
      token: world.admin.deployment.token,
      issuer: { agent, did, statusListUrl: world.net.statusLists.url("twin") },
      settings: { maxClaimAmount: 10_000n * USDC },
    });
    // Mirror the registry: same leaves, same removals, same roots. Only the scope (chain, contract,
    // incident) tells the deployments apart.
    const payer = new MutuaMutualClient(twin.deployment.mutual, world.adminSigner);
    for (const event of await world.admin.mutual.membershipEvents(world.admin.deployment.fromBlock)) {
      if (event.kind === "added") {
        await world.net.mint(await world.adminSigner.getAddress(), PREMIUM * BigInt(event.leaves.length));
        await ensureAllowance(
          world.admin.deployment.token,
          world.adminSigner,
          twin.deployment.mutual,
          PREMIUM * BigInt(event.leaves.length),
        );
        for (const leaf of event.leaves) await payer.payPremium(leaf, PREMIUM);
        await twin.mutual.addMembers(event.leaves, event.root);
      } else await twin.mutual.removeMember(event.index, event.root);
    }
    for (let i = 0n; i < request.incidentId; i++) await twin.openIncident(7 * DAY, 7 * DAY);
    const onTwin = new MutuaMutualClient(twin.deployment.mutual, world.relayer);
    expect(await onTwin.isKnownRoot(request.root)).toBe(true);
    await expect(onTwin.fileClaim(request)).rejects.toMatchObject({ code: "InvalidProof" });
    // On its own deployment the same request is accepted.
    await expect(relayed().fileClaim(request)).resolves.toMatchObject({ claimId: expect.any(String) });
  });

  it("an issuer posting a root that is not the tree of its leaves is caught by every wallet", async () => {
    const { rebuildMemberTree } = await import("@mutua/sdk");
    const { memberLeaf } = await import("@mutua/core");
    const wrongRoot = 12345n;
    const leaf = memberLeaf(777n, world.terms);
    await world.net.mint(await world.adminSigner.getAddress(), PREMIUM);
    await ensureAllowance(world.admin.deployment.token, world.adminSigner, world.admin.deployment.mutual, PREMIUM);
    await new MutuaMutualClient(world.admin.deployment.mutual, world.adminSigner).payPremium(leaf, PREMIUM);
    await world.admin.mutual.addMembers([leaf], wrongRoot);
    await expect(rebuildMemberTree(world.admin.mutual, world.admin.deployment.fromBlock)).rejects.toMatchObject({ code: "ROOT_MISMATCH" });
    await expect(member("dave").member.fileClaim(filing("dave"))).rejects.toMatchObject({ code: "ROOT_MISMATCH" });
  });
});
