// The store the member app uses in the browser: an evidence node reached over HTTP only (Kubo RPC dag/import to
// write, trustless gateway to read), against a real evidence node (Helia behind `startEvidenceNode`).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CarWriter } from "@ipld/car";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvidenceNode } from "../src/index.ts";
import { HeliaEvidenceStore, HttpEvidenceStore, openEvidence, sealEvidence, startEvidenceNode } from "../src/index.ts";
import { person, sampleFiles, streamOf } from "./support.ts";

let node: EvidenceNode;
beforeAll(async () => {
  node = await startEvidenceNode({ tokens: ["member-app"] });
});
afterAll(async () => node.close());

describe("HttpEvidenceStore", () => {
  it("stores a sealed bundle with the CID any store gives it, pinned on the node, and opens it through the gateway", async () => {
    const [claimant, assessor] = await Promise.all([person(), person()]);
    const store = new HttpEvidenceStore(node.url, { token: "member-app" });
    const sealed = await sealEvidence(store, sampleFiles(), { recipients: [claimant.did, assessor.did], resolver: claimant.resolver });
    expect(await node.store.isPinned(sealed.evidenceCid)).toBe(true);
    expect(await store.isPinned(sealed.evidenceCid)).toBe(true);
    const opened = await openEvidence(store, { evidenceCid: sealed.evidenceCid }, assessor.ecdh);
    expect(opened.files.map((f) => f.name)).toEqual(sampleFiles().map((f) => f.name));

    // The same bytes imported by an embedded Helia node: the same CID (one import profile everywhere).
    const helia = await HeliaEvidenceStore.create();
    try {
      const bytes = new TextEncoder().encode("same bytes, same CID");
      expect((await store.addFile(streamOf(bytes))).toString()).toBe((await helia.addFile(streamOf(bytes))).toString());
    } finally {
      await helia.close();
    }
  });

  it("reads a file a few blocks ahead of its reader, and refuses to read a directory as a file", async () => {
    const store = new HttpEvidenceStore(node.url, { token: "member-app" });
    // 12 MiB in 1 MiB blocks: the reader asks the gateway for the next blocks only as it consumes the earlier ones.
    const bytes = new Uint8Array(12 << 20).map((_, i) => (i * 31) & 255);
    const cid = await store.addFile(streamOf(bytes, 1 << 20));
    const requested: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      requested.push(String(input));
      return original(input, init);
    };
    try {
      const reader = store.cat(cid)[Symbol.asyncIterator]();
      const first = await reader.next();
      expect(first.value?.length).toBe(1 << 20);
      // The root and at most five leaves (the one read and four ahead), not the whole file.
      expect(requested.length).toBeLessThanOrEqual(6);
      const rest: Uint8Array[] = [first.value as Uint8Array];
      for (let next = await reader.next(); !next.done; next = await reader.next()) rest.push(next.value);
      expect(Buffer.compare(Buffer.concat(rest), Buffer.from(bytes))).toBe(0);
    } finally {
      globalThis.fetch = original;
    }
    const directory = await store.addDirectory([{ path: "a.txt", content: streamOf(new TextEncoder().encode("a")) }]);
    await expect(async () => {
      for await (const _ of store.cat(directory)) {
        // never reached
      }
    }).rejects.toMatchObject({ code: "EVIDENCE_NODE_REFUSED" });
  });

  it("a node without the token refuses to store: a typed error, nothing kept", async () => {
    const store = new HttpEvidenceStore(node.url, { token: "stolen" });
    await expect(store.addFile(streamOf(new TextEncoder().encode("no")))).rejects.toMatchObject({ code: "EVIDENCE_NODE_REFUSED" });
  });

  it("refuses a CAR whose block does not hash to its CID (an uploader cannot plant a block under another's CID), keeping none of it", async () => {
    const honest = new TextEncoder().encode("the honest block");
    const cid = CID.createV1(raw.code, await sha256.digest(honest));
    const before = new TextEncoder().encode("a valid block sent before the forged one");
    const beforeCid = CID.createV1(raw.code, await sha256.digest(before));
    const { writer, out } = CarWriter.create([cid]);
    const parts: Uint8Array[] = [];
    const done = (async () => {
      for await (const part of out) parts.push(part);
    })();
    await writer.put({ cid: beforeCid, bytes: before });
    await writer.put({ cid, bytes: new TextEncoder().encode("a forged block") });
    await writer.close();
    await done;
    const form = new FormData();
    form.append("file", new Blob(parts as Uint8Array<ArrayBuffer>[]));
    const response = await fetch(`${node.url}/api/v0/dag/import`, {
      method: "POST",
      body: form,
      headers: { authorization: "Bearer member-app" },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { Message: string }).Message).toMatch(/does not hash to its CID/);
    expect(await node.store.helia.blockstore.has(cid)).toBe(false);
    expect(await node.store.helia.blockstore.has(beforeCid)).toBe(false);
  });

  it("a gateway serving a wrong block is caught by the reader, never handed over", async () => {
    const good = new HttpEvidenceStore(node.url, { token: "member-app" });
    const cid = await good.addFile(streamOf(new TextEncoder().encode("real evidence bytes")));
    // A lying gateway in front of the node: every block body replaced.
    const liar = createServer((_request, response) =>
      response.writeHead(200, { "content-type": "application/vnd.ipld.raw" }).end("forged"),
    );
    await new Promise<void>((resolve) => liar.listen(0, "127.0.0.1", resolve));
    try {
      const reader = new HttpEvidenceStore(`http://127.0.0.1:${(liar.address() as AddressInfo).port}`);
      const read = async () => {
        for await (const _ of reader.cat(cid, { timeoutMs: 2_000 })) {
          // drain
        }
      };
      await expect(read()).rejects.toMatchObject({ code: "EVIDENCE_UNAVAILABLE" });
    } finally {
      liar.close();
    }
  });

  it("an unreachable node is a typed error naming it", async () => {
    const store = new HttpEvidenceStore("http://127.0.0.1:9");
    await expect(store.addFile(streamOf(new TextEncoder().encode("x")))).rejects.toMatchObject({ code: "EVIDENCE_NODE_UNREACHABLE" });
  });

  it("answers a browser's CORS preflight", async () => {
    const response = await fetch(`${node.url}/api/v0/dag/import`, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/authorization/);
  });
});
