// The embedded store against IPFS itself: CIDs any IPFS node computes for the same bytes, blocks and pins
// that survive a restart, and replication to a second Helia node over libp2p on loopback.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, describe, expect, it } from "vitest";
import { HeliaEvidenceStore, openEvidence, sealEvidence, UNIXFS_IMPORT } from "../src/index.ts";
import { person, sampleFiles, streamOf } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-evidence-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("standard CIDs", () => {
  it("matches the well-known CIDv1s of small files", async () => {
    const store = await HeliaEvidenceStore.create();
    try {
      // `ipfs add --cid-version 1` of these bytes, as published across IPFS docs and tools.
      expect((await store.addFile(streamOf(new TextEncoder().encode("hello world")))).toString()).toBe(
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
      );
      expect((await store.addFile(streamOf(new Uint8Array(0)))).toString()).toBe(
        "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
      );
    } finally {
      await store.close();
    }
  });

  it("lays out a multi-chunk file as the UnixFS spec says: raw 1 MiB leaves under one dag-pb file node", async () => {
    const bytes = new Uint8Array(2.5 * UNIXFS_IMPORT.chunkSize).map((_, i) => (i * 31) % 251);
    const leaves = [];
    for (let offset = 0; offset < bytes.length; offset += UNIXFS_IMPORT.chunkSize) {
      const chunk = bytes.subarray(offset, offset + UNIXFS_IMPORT.chunkSize);
      leaves.push({ cid: CID.createV1(raw.code, await sha256.digest(chunk)), size: chunk.length });
    }
    const file = new UnixFS({ type: "file", blockSizes: leaves.map((l) => BigInt(l.size)) });
    const node = dagPb.encode(
      dagPb.prepare({ Data: file.marshal(), Links: leaves.map((l) => ({ Hash: l.cid, Name: "", Tsize: l.size })) }),
    );
    const expected = CID.createV1(dagPb.code, await sha256.digest(node));

    const store = await HeliaEvidenceStore.create();
    try {
      expect((await store.addFile(streamOf(bytes, 300_000))).toString()).toBe(expected.toString());
    } finally {
      await store.close();
    }
  });
});

describe("persistence", () => {
  it("evidence and pins survive a restart of the embedded node", async () => {
    const [claimant] = await Promise.all([person()]);
    const directory = join(dir, "node");
    const first = await HeliaEvidenceStore.create({ directory });
    const sealed = await sealEvidence(first, sampleFiles(), { recipients: [claimant.did], resolver: claimant.resolver });
    await first.close();

    const second = await HeliaEvidenceStore.create({ directory });
    try {
      expect(await second.isPinned(sealed.evidenceCid)).toBe(true);
      const opened = await openEvidence(second, sealed, claimant.ecdh, { timeoutMs: 2_000 });
      expect(Buffer.from(await (opened.files[2] as { bytes(): Promise<Uint8Array> }).bytes()).toString()).toContain("storm damage");
      await second.unpin(sealed.evidenceCid);
      expect(await second.isPinned(sealed.evidenceCid)).toBe(false);
    } finally {
      await second.close();
    }
  });
});

describe("replication", () => {
  it("node B fetches and pins by CID from node A; A stops; the evidence still opens from B", async () => {
    const [claimant, assessor] = await Promise.all([person(), person()]);
    const a = await HeliaEvidenceStore.create({ directory: join(dir, "a"), listen: ["/ip4/127.0.0.1/tcp/0"] });
    const b = await HeliaEvidenceStore.create({ directory: join(dir, "b"), listen: ["/ip4/127.0.0.1/tcp/0"] });
    try {
      const files = sampleFiles();
      const sealed = await sealEvidence(a, files, { recipients: [claimant.did, assessor.did], resolver: claimant.resolver });
      expect(await b.isPinned(sealed.evidenceCid)).toBe(false);

      await b.connect(a.multiaddrs()[0] as never);
      await b.pin(sealed.evidenceCid, { timeoutMs: 10_000 });
      await a.close();

      const opened = await openEvidence(b, sealed, assessor.ecdh, { timeoutMs: 2_000 });
      for (const [index, file] of opened.files.entries()) {
        expect(Buffer.compare(Buffer.from(await file.bytes()), Buffer.from(files[index]?.content as Uint8Array))).toBe(0);
      }
    } finally {
      await a.close().catch(() => {});
      await b.close();
    }
  });
});
