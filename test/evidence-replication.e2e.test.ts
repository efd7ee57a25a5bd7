// Evidence that survives the loss of nodes: three evidence nodes as separate processes (`mutua node`: Helia on
// disk, the IPFS Pinning Service API, a trustless gateway), a claimant whose evidence they pin, then two nodes
// stopped, a gateway that serves wrong blocks, one that never answers. Every read is verified block by block.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  claimantEnvelopeKey,
  HeliaEvidenceStore,
  KuboReplica,
  openEvidence,
  PinningServiceClient,
  ReplicatedEvidenceStore,
  sealEvidence,
} from "@mutua/evidence";
import type { CID } from "multiformats/cid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMutuaService } from "./devnet-process.ts";
import { startKuboRpcStandIn } from "./kubo-rpc-server.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-evidence-"));
const env = { ...process.env, MUTUA_SECRET: "unused" };
const TOKEN = "node-three-token";
const claimant = claimantEnvelopeKey(0x5eed_5eedn, 42n);
const photo = randomBytes(3 * 1024 * 1024 + 17); // four UnixFS chunks and a directory: several blocks
type Node = Awaited<ReturnType<typeof startMutuaService>>;
let nodes: Node[] = [];
let services: PinningServiceClient[];
let kubo: Awaited<ReturnType<typeof startKuboRpcStandIn>>;
let evidenceCid: CID;
const cleanups: (() => Promise<void>)[] = [];

const startNode = (n: number, extra: string[] = []) =>
  startMutuaService(["node", "--http-port", "0", "--ipfs-port", "0", "--dir", join(dir, `node${n}`), ...extra], { cwd: dir, env });

/** A trustless gateway that answers every block with other bytes of the same length: a lying store. */
async function startLyingGateway(): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/vnd.ipld.raw" }).end(randomBytes(1024));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A gateway that accepts connections and never answers. */
async function startSilentGateway(): Promise<string> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  nodes = [await startNode(1), await startNode(2), await startNode(3, ["--token", TOKEN])];
  services = nodes.map((node, i) => new PinningServiceClient({ endpoint: node.info.url as string, ...(i === 2 ? { token: TOKEN } : {}) }));
  kubo = await startKuboRpcStandIn();
  cleanups.push(() => kubo.close());
}, 120_000);

afterAll(async () => {
  for (const node of nodes) await node.stop();
  for (const cleanup of cleanups) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe("evidence on three independent nodes", () => {
  it("a claim's evidence is pinned by the three nodes and a Kubo node before sealing returns, and each copy verifies", async () => {
    const local = await HeliaEvidenceStore.create({ listen: ["/ip4/127.0.0.1/tcp/0"] });
    const store = new ReplicatedEvidenceStore(local, { services: [...services, new KuboReplica(kubo.url)], copies: 4 });
    expect(store.copies).toBe(4);
    ({ evidenceCid } = await sealEvidence(store, [{ name: "photo.jpg", mediaType: "image/jpeg", content: photo }], {
      recipients: [claimant],
    }));
    const copies = await store.status(evidenceCid);
    expect(copies.map((c) => [c.store, c.pin, c.verified])).toEqual([
      ["this node", "local", true],
      ...services.map((s) => [s.endpoint, "pinned", true]),
      [kubo.url, "pinned", true],
    ]);
    expect(copies[1]?.blocks).toBeGreaterThan(4);
    await store.close(); // the claimant's node goes away
  }, 120_000);

  it("speaks the Pinning Service API: list by CID, status codes and Failure objects, bearer tokens", async () => {
    const [first, , third] = services as [PinningServiceClient, PinningServiceClient, PinningServiceClient];
    const listed = await first.list({ cid: [evidenceCid.toString()], status: ["pinned"] });
    expect(listed).toMatchObject({ count: 1, results: [{ status: "pinned", pin: { cid: evidenceCid.toString() } }] });
    expect(listed.results[0]?.delegates.length).toBeGreaterThan(0);
    await expect(first.get("no-such-request")).rejects.toMatchObject({ code: "PINNING_SERVICE", details: { status: 404 } });
    await expect(first.add({ cid: "not-a-cid" })).rejects.toMatchObject({
      details: { status: 400, reason: expect.stringContaining("BAD_REQUEST") },
    });
    const anonymous = new PinningServiceClient({ endpoint: third.endpoint });
    await expect(anonymous.list()).rejects.toMatchObject({ details: { status: 401 } });
    expect((await first.list({ name: "MUTUA-EVIDENCE", match: "iexact" })).count).toBe(1);
    expect((await first.list({ name: "nothing", status: ["pinned"] })).count).toBe(0);
    // A pin that cannot be fetched (nobody has it) stays queued or pinning; replacing and deleting requests.
    const queued = await first.add({ cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", name: "orphan" });
    expect(queued.status).toBe("queued");
    const orphan = await first.replace(queued.requestid, {
      cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      name: "renamed",
    });
    expect(orphan.requestid).not.toBe(queued.requestid);
    await expect(first.get(queued.requestid)).rejects.toMatchObject({ details: { status: 404 } });
    await first.remove(orphan.requestid);
    await expect(first.get(orphan.requestid)).rejects.toMatchObject({ details: { status: 404 } });
  });

  it("with two nodes stopped, a lying gateway and a silent one, the evidence still opens, verified", async () => {
    await nodes[0]?.stop();
    await nodes[1]?.stop();
    const liar = await startLyingGateway();
    const silent = await startSilentGateway();
    const reader = new ReplicatedEvidenceStore(await HeliaEvidenceStore.create(), {
      // Tried in this order: the liar first, then the silent one, the two stopped nodes, and the last node.
      services: [new PinningServiceClient({ endpoint: liar }), new PinningServiceClient({ endpoint: silent }), ...services],
      blockTimeoutMs: 1_000,
    });
    try {
      const opened = await openEvidence(reader, { evidenceCid }, claimant.keyAgreement);
      const [file] = opened.files;
      expect(file?.name).toBe("photo.jpg");
      expect(Buffer.from((await file?.bytes()) ?? []).equals(photo)).toBe(true);
      // The liar was detected and skipped on the first block, and named.
      expect(reader.faults[0]).toMatchObject({ source: liar, error: expect.stringContaining("does not hash to its CID") });
      const copies = await reader.status(evidenceCid, { blockTimeoutMs: 1_000 });
      const byStore = Object.fromEntries(copies.map((c) => [c.store, c]));
      expect(byStore[liar]).toMatchObject({ verified: false, error: expect.stringContaining("does not hash to its CID") });
      expect(byStore[silent]).toMatchObject({ verified: false });
      expect(byStore[services[0]?.endpoint as string]).toMatchObject({ verified: false, pin: "unreachable" });
      expect(byStore[services[2]?.endpoint as string]).toMatchObject({ verified: true, pin: "pinned" });
    } finally {
      await reader.close();
    }
  }, 120_000);

  it("when no store can give a block, the error names every store tried; too few copies refuse a seal", async () => {
    const reader = new ReplicatedEvidenceStore(await HeliaEvidenceStore.create(), {
      services: services.slice(0, 2),
      blockTimeoutMs: 1_000,
    });
    try {
      const failure = await openEvidence(reader, { evidenceCid }, claimant.keyAgreement, { timeoutMs: 5_000 }).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: "EVIDENCE_UNAVAILABLE" });
      for (const service of services.slice(0, 2)) expect((failure as Error).message).toContain(service.endpoint);
    } finally {
      await reader.close();
    }
    const writer = new ReplicatedEvidenceStore(await HeliaEvidenceStore.create({ listen: ["/ip4/127.0.0.1/tcp/0"] }), {
      services,
      pinTimeoutMs: 5_000,
    });
    try {
      const sealing = sealEvidence(writer, [{ name: "a.txt", mediaType: "text/plain", content: randomBytes(100) }], {
        recipients: [claimant],
      });
      await expect(sealing).rejects.toMatchObject({
        code: "REPLICATION_FAILED",
        message: expect.stringMatching(/held by 1 of the 3 stores required/),
      });
    } finally {
      await writer.close();
    }
  }, 120_000);

  it("with every pinning node gone, the Kubo node's copy (read over its RPC API) still opens, verified", async () => {
    const reader = new ReplicatedEvidenceStore(await HeliaEvidenceStore.create(), {
      services: [...services.slice(0, 2), new KuboReplica(kubo.url)],
      blockTimeoutMs: 1_000,
    });
    try {
      const opened = await openEvidence(reader, { evidenceCid }, claimant.keyAgreement);
      expect(Buffer.from((await opened.files[0]?.bytes()) ?? []).equals(photo)).toBe(true);
      const kuboCopy = (await reader.status(evidenceCid)).find((c) => c.store === kubo.url);
      expect(kuboCopy).toMatchObject({ pin: "pinned", verified: true, source: `${kubo.url} (Kubo RPC)` });
    } finally {
      await reader.close();
    }
    // A Kubo node that is down is named as unreachable when replicating.
    const gone = new KuboReplica("http://127.0.0.1:9");
    expect(await gone.replicate(evidenceCid, [], 2_000)).toMatchObject({ status: "unreachable" });
  }, 120_000);

  it("a node restarted on its disk still holds and serves its pins", async () => {
    await nodes[2]?.stop();
    nodes[2] = await startNode(3, ["--token", TOKEN]);
    const restarted = new PinningServiceClient({ endpoint: nodes[2].info.url as string, token: TOKEN });
    expect((await restarted.list({ cid: [evidenceCid.toString()] })).results[0]?.status).toBe("pinned");
    const reader = new ReplicatedEvidenceStore(await HeliaEvidenceStore.create(), { services: [restarted] });
    try {
      const opened = await openEvidence(reader, { evidenceCid }, claimant.keyAgreement);
      expect(Buffer.from((await opened.files[0]?.bytes()) ?? []).equals(photo)).toBe(true);
    } finally {
      await reader.close();
    }
  }, 120_000);
});
