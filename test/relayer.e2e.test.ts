// The relayer service as its clients and abusers meet it, over real HTTP, against the real chain with real proofs.

import { request as httpRequest } from "node:http";
import type { ClaimRequest } from "@mutua/contracts";
import { MutuaKeeperArtifact, PrivateAssessmentArtifact, upkeepData } from "@mutua/contracts";
import type { RelayerServer } from "@mutua/relayer";
import { encodeClaim, RelayerClient, startRelayer } from "@mutua/relayer";
import { Interface, toBeHex } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFrom } from "./source-address-fetch.ts";
import type { World } from "./world.ts";
import { createWorld, DAY, evidenceFiles, USDC } from "./world.ts";

const CLIENTS = 6;
const assessmentInterface = new Interface(PrivateAssessmentArtifact.abi);
const keeperInterface = new Interface(MutuaKeeperArtifact.abi);
let world: World;
let relayer: RelayerServer;
let prepared: ClaimRequest[];
let incidentId: bigint;

const post = (url: string, body: string) =>
  fetch(`${url}/v1/claims`, { method: "POST", headers: { "content-type": "application/json" }, body });

/** POSTs `chunks` chunks of `size` bytes with chunked transfer encoding, one every few milliseconds; the answer. */
function chunkedPost(url: string, chunks: number, size: number): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      let text = "";
      response.on("data", (part: Buffer) => {
        text += part.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, code: JSON.parse(text || "{}").error?.code }));
    });
    request.on("error", reject);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent++ >= chunks || request.destroyed) {
        clearInterval(timer);
        if (!request.destroyed) request.end();
        return;
      }
      request.write("x".repeat(size));
    }, 2);
  });
}

beforeAll(async () => {
  const names = Array.from({ length: CLIENTS }, (_, i) => `member${i}`);
  world = await createWorld({ memberNames: names });
  // This relayer's account is used by nothing else: its nonces must come out contiguous.
  const account = world.take();
  relayer = await startRelayer({ signer: account, mutuals: [world.admin.deployment.mutual] });
  ({ incidentId } = await world.admin.openIncident(7 * DAY, 7 * DAY));
  prepared = [];
  for (const m of world.members) {
    const payout = await world.take().getAddress();
    prepared.push(
      (await m.member.prepareClaim({ incidentId, amount: 100n * USDC, recipient: payout, files: evidenceFiles(m.name) })).request,
    );
  }
});
afterAll(async () => {
  await relayer?.close();
  await world?.close();
});

describe("refusals before any gas is spent", () => {
  it("malformed, oversized, for another mutual, or reverting: a clear code and status, and no transaction", async () => {
    const nonceBefore = await world.net.chain.provider.getTransactionCount(relayer.address);
    const bad = await post(relayer.url, "{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    const wrongField = await post(
      relayer.url,
      JSON.stringify({ ...encodeClaim(world.admin.deployment.mutual, prepared[0] as ClaimRequest), request: { proof: [] } }),
    );
    expect(wrongField.status).toBe(400);
    const huge = await post(relayer.url, "x".repeat(20_000));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("REQUEST_TOO_LARGE");
    // The same without a Content-Length (chunked, and still sending): a 413 too, not a reset connection.
    const chunked = await chunkedPost(`${relayer.url}/v1/claims`, 64, 1024);
    expect(chunked).toMatchObject({ status: 413, code: "REQUEST_TOO_LARGE" });
    const other = await post(
      relayer.url,
      JSON.stringify(encodeClaim("0x000000000000000000000000000000000000bEEF", prepared[0] as ClaimRequest)),
    );
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("UNKNOWN_MUTUAL");
    // Evidence that is not a dag-pb sha2-256 CIDv1 (a raw-codec CID): a claim carries only the digest and the chain
    // restores the dag-pb prefix, so the relayer refuses it here rather than file a claim naming other evidence.
    const valid = encodeClaim(world.admin.deployment.mutual, prepared[0] as ClaimRequest);
    const rawCodec = `0x015512${valid.request.evidenceCid.slice(8)}`;
    const otherKind = await post(relayer.url, JSON.stringify({ ...valid, request: { ...valid.request, evidenceCid: rawCodec } }));
    expect(otherKind.status).toBe(400);
    expect(((await otherKind.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("dag-pb"),
    });
    // A forged amount: the proof no longer verifies; the simulation catches it.
    const forged = { ...(prepared[0] as ClaimRequest), amount: 101n * USDC };
    const client = new RelayerClient(relayer.url, { fetch: fetchFrom("127.0.0.9") });
    await expect(client.submit(world.admin.deployment.mutual, forged)).rejects.toMatchObject({ code: "InvalidProof", status: 422 });
    expect(await world.net.chain.provider.getTransactionCount(relayer.address)).toBe(nonceBefore);
  });

  it("a client over its rate limit gets 429 with Retry-After; a full queue gets 503", async () => {
    const strict = await startRelayer({
      signer: world.relayer,
      mutuals: [world.admin.deployment.mutual],
      rateLimit: { requests: 3, windowMs: 60_000 },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(strict.url, "{}")).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
      const limited = await post(strict.url, "{}");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another client address is not held back by the first one's limit.
      const elsewhere = await fetchFrom("127.0.0.20")(`${strict.url}/v1/claims`, { method: "POST", headers: {}, body: "{}" });
      expect(elsewhere.status).toBe(400);
    } finally {
      await strict.close();
    }
    const full = await startRelayer({ signer: world.relayer, mutuals: [world.admin.deployment.mutual], maxQueue: 0 });
    try {
      await expect(new RelayerClient(full.url).submit(world.admin.deployment.mutual, prepared[0] as ClaimRequest)).rejects.toMatchObject({
        code: "QUEUE_FULL",
        status: 503,
      });
    } finally {
      await full.close();
    }
  });
});

describe("claims from many clients at once", () => {
  it(`${CLIENTS} clients submit concurrently: all land once, in contiguous nonces; a retry gets the first result`, async () => {
    const nonceBefore = await world.net.chain.provider.getTransactionCount(relayer.address);
    const clients = prepared.map((_, i) => new RelayerClient(relayer.url, { fetch: fetchFrom(`127.0.0.${i + 2}`) }));
    const results = await Promise.all(prepared.map((request, i) => clients[i]?.submit(world.admin.deployment.mutual, request)));
    const hashes = results.map((r) => r?.transactionHash);
    expect(new Set(hashes).size).toBe(CLIENTS);
    const nonces = await Promise.all(hashes.map(async (h) => (await world.net.chain.provider.getTransaction(h as string))?.nonce));
    expect([...nonces].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: CLIENTS }, (_, i) => nonceBefore + i));
    expect(results.every((r) => r?.from === relayer.address)).toBe(true);

    // A retry of the same claim (the client lost the answer) returns the first result, and sends nothing.
    const again = await clients[0]?.submit(world.admin.deployment.mutual, prepared[0] as ClaimRequest);
    expect(again?.transactionHash).toBe(hashes[0]);
    // Another claim with the same nullifier is that member's second claim: refused without a transaction.
    await expect(
      clients[0]?.submit(world.admin.deployment.mutual, {
        ...(prepared[0] as ClaimRequest),
        recipient: "0x000000000000000000000000000000000000dEaD",
      }),
    ).rejects.toMatchObject({ code: "NullifierAlreadyUsed" });
    expect(await world.net.chain.provider.getTransactionCount(relayer.address)).toBe(nonceBefore + CLIENTS);
    const filed = await world.admin.mutual.filedClaims(world.admin.deployment.fromBlock, incidentId);
    expect(filed).toHaveLength(CLIENTS);
  });

  it("an unreachable relayer is a clear error", async () => {
    const gone = await startRelayer({ signer: world.relayer, mutuals: [world.admin.deployment.mutual] });
    await gone.close();
    await expect(new RelayerClient(gone.url).health()).rejects.toMatchObject({ code: "RELAYER_UNREACHABLE" });
  });
});

describe("ballots through the world's relayer", () => {
  it("sends only ballot calls to its ballot boxes, simulates them, and sends each ballot once", async () => {
    const { governor, assessment, mutual } = world.admin.deployment;
    const url = world.relayerService.url;
    const client = new RelayerClient(url);
    const sender = world.relayerService.address;
    const nonceBefore = await world.net.chain.provider.getTransactionCount(sender);
    const refusal = async (to: string, data: string) =>
      client.submitBallot(to, data).then(
        () => undefined,
        (error: { code?: string }) => error.code,
      );
    // A call that is not a ballot, to a ballot box: the relayer does not spend its gas on proposals or anything else.
    const propose = world.governance.governor.contract.interface.encodeFunctionData("propose", [[mutual], [0n], ["0x"], "spam"]);
    expect(await refusal(governor, propose)).toBe("NOT_A_BALLOT");
    // A ballot call to a contract that is not one of its boxes (the mutual itself).
    const vote = world.governance.governor.contract.interface.encodeFunctionData("castAnonymousVote", [1n, 1, 1n, Array(8).fill(1n)]);
    expect(await refusal(mutual, vote)).toBe("UNKNOWN_BALLOT_BOX");
    // A ballot the contract refuses (no such proposal): refused by simulation with the contract's error.
    expect(await refusal(governor, vote)).toBe("GovernorNonexistentProposal");
    expect(await world.net.chain.provider.getTransactionCount(sender)).toBe(nonceBefore);

    // A real ballot, sent twice (a client that lost the answer): one transaction, the same answer.
    const { proposalId } = await world.governance.propose(
      [{ target: mutual, value: 0n, calldata: world.admin.mutual.contract.interface.encodeFunctionData("setPaused", [false]) }],
      "relayer test: a proposal to vote on",
    );
    const alice = world.members[0];
    if (!alice) throw new Error("no member");
    // (the world's governance sends proposals from the relayer's account too)
    const beforeBallot = await world.net.chain.provider.getTransactionCount(sender);
    const first = await world.governance.vote(alice.wallet, proposalId, "abstain");
    const tx = await world.net.chain.provider.getTransaction(first.transactionHash);
    const again = await client.submitBallot(governor, tx?.data ?? "0x");
    expect(again.transactionHash).toBe(first.transactionHash);
    expect(await world.net.chain.provider.getTransactionCount(sender)).toBe(beforeBallot + 1);
    // Sealed votes go to the assessment module: a reveal of an unknown ballot is refused by simulation.
    const reveal = assessmentInterface.encodeFunctionData("revealVote", [incidentId, 1n, 0, 1n, [true, 1n, `0x${"00".repeat(32)}`, "0x"]]);
    expect(await refusal(assessment, reveal)).toBe("RevealNotOpen");
    // A ballot to the wrong kind of box (a member's vote to the assessment module): refused by name, not "chain down".
    expect(await refusal(assessment, vote)).toBe("CALL_REVERTED");
  });

  it("a payout to the relayer's own sending account is flagged before anything is stored or proven", async () => {
    const bob = world.members[1];
    if (!bob) throw new Error("no member");
    const filing = { incidentId, amount: 10n * USDC, files: evidenceFiles("paid to the relayer") };
    const warnings: string[] = [];
    await expect(
      bob.member.prepareClaim({
        ...filing,
        recipient: world.relayerService.address,
        confirm: (warning) => {
          warnings.push(...(warning.roles ?? []));
          return false;
        },
      }),
    ).rejects.toMatchObject({ code: "RECIPIENT_LINKED" });
    expect(warnings).toContain("a relayer's sending account");
  });

  it("a sealed vote is sent once per ballot: other contents under its nullifier, or a claim nobody filed, cost nothing", async () => {
    const { assessment } = world.admin.deployment;
    const client = new RelayerClient(world.relayerService.url);
    const sender = world.relayerService.address;
    const refusal = async (data: string) =>
      client.submitBallot(assessment, data).then(
        () => undefined,
        (error: { code?: string; status?: number }) => `${error.status} ${error.code}`,
      );
    const carol = world.members[2];
    if (!carol) throw new Error("no member");
    const { incidentId: fresh } = await world.admin.openIncident(7 * DAY, 7 * DAY);
    const filed = await carol.member.fileClaim({
      incidentId: fresh,
      amount: 80n * USDC,
      recipient: await world.take().getAddress(),
      files: evidenceFiles("a sealed vote's relay"),
    });
    const [listed] = (await world.assessors[0]?.assessor.listClaims(fresh))?.filter((c) => c.claimId === filed.claimId) ?? [];
    if (!listed) throw new Error("the claim is not listed");
    const sent = await world.assessors[0]?.assessor.vote(listed, { approve: true, reason: "seen" });
    const data = (await world.net.chain.provider.getTransaction(sent?.transactionHash ?? ""))?.data ?? "0x";
    const args = assessmentInterface.decodeFunctionData("commitVote", data);
    const nonceBefore = await world.net.chain.provider.getTransactionCount(sender);
    // The same ballot again: the first answer. The same nullifier with another commitment: refused, no transaction.
    expect((await client.submitBallot(assessment, data)).transactionHash).toBe(sent?.transactionHash);
    const other = assessmentInterface.encodeFunctionData("commitVote", [...args.slice(0, 5), toBeHex(12345n, 32), args[6]]);
    expect(await refusal(other)).toBe("422 BallotAlreadyCast");
    // The proof replayed onto a claim nobody filed (another nullifier): the contract refuses it before the proof.
    const ghost = assessmentInterface.encodeFunctionData("commitVote", [args[0], 777n, ...args.slice(2, 4), 999n, ...args.slice(5)]);
    expect(await refusal(ghost)).toBe("422 ClaimNotFiled");
    // A keeper call for a claim with nothing due (its votes still open), or for made-up claims: no empty upkeep.
    const keeper = world.admin.deployment.keeper ?? "";
    const upkeep = (claims: { incidentId: bigint; nullifier: bigint }[]) =>
      client.submitBallot(keeper, keeperInterface.encodeFunctionData("performUpkeep", [upkeepData(claims)])).then(
        () => undefined,
        (error: { code?: string; status?: number }) => `${error.status} ${error.code}`,
      );
    expect(await upkeep([{ incidentId: fresh, nullifier: filed.nullifier }])).toBe("422 NOTHING_DUE");
    expect(await upkeep([{ incidentId: fresh, nullifier: 424242n }])).toBe("422 NOTHING_DUE");
    expect(await world.net.chain.provider.getTransactionCount(sender)).toBe(nonceBefore);
  });
});
