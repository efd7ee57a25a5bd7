// An evidence node importing a CAR over HTTP (Kubo's dag/import) as it streams: a large CAR costs the node one block
// of memory at a time, not the whole body; an upload cut off mid-way is never pinned and its blocks are discarded.
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CarWriter } from "@ipld/car";
import { varint } from "multiformats";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvidenceNode } from "../src/index.ts";
import { startEvidenceNode } from "../src/index.ts";

const MiB = 2 ** 20;
const BOUNDARY = "mutua-car-upload";
let directory: string;
let node: EvidenceNode;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "mutua-car-import-"));
  node = await startEvidenceNode({ directory, tokens: ["t"] });
});
afterAll(async () => {
  await node.close();
  rmSync(directory, { recursive: true, force: true });
});

/**
 * A CAR of `count` raw 1 MiB blocks (distinct contents), its root the first block, made block by block as it is read
 * (the header by @ipld/car's writer; each section as CARv1 lays it out: varint length, CID, bytes).
 */
async function* carOf(count: number, seed: number): AsyncGenerator<Uint8Array> {
  const block = (i: number) => new Uint8Array(MiB).fill((seed * 31 + i) % 251, 0, 64).fill(i % 256, 64, 128);
  const cidOf = async (i: number) => CID.createV1(raw.code, await sha256.digest(block(i)));
  const { writer, out } = CarWriter.create([await cidOf(0)]);
  void writer.close();
  for await (const header of out) yield header;
  for (let i = 0; i < count; i++) {
    const bytes = block(i);
    const cid = await cidOf(i);
    yield Uint8Array.from([
      ...varint
        .encodeTo(cid.bytes.length + bytes.length, new Uint8Array(10))
        .subarray(0, varint.encodingLength(cid.bytes.length + bytes.length)),
      ...cid.bytes,
    ]);
    yield bytes;
  }
}

/** A multipart/form-data body with the CAR as its `file` part, made as it is sent; `stopAfter` bytes cut it off. */
async function* upload(car: AsyncIterable<Uint8Array>, stopAfter = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="e.car"\r\nContent-Type: application/vnd.ipld.car\r\n\r\n`,
  );
  let sent = 0;
  for await (const part of car) {
    yield part;
    sent += part.length;
    if (sent > stopAfter) throw new Error("client gone");
  }
  yield encoder.encode(`\r\n--${BOUNDARY}--\r\n`);
}

/**
 * POSTs the body through node:http with backpressure (each part written only once the socket drains; Node's fetch held a
 * streamed body whole here, 96 MiB live for a 96 MiB CAR), answering the status and the response's text; a body that throws destroys the connection.
 */
function post(body: AsyncIterable<Uint8Array>): Promise<{ status: number; text: string }> {
  const url = new URL(`${node.url}/api/v0/dag/import`);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    pipeline(Readable.from(body), request).catch((error: Error) => {
      request.destroy(error);
      reject(error);
    });
  });
}

/** V8's garbage collector, callable from the test (the flag set at run time, the function from a fresh context). */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("dag/import", () => {
  it("imports a 96 MiB CAR as it streams: the node's memory grows by far less than the CAR", async () => {
    // Live buffers, garbage collected first at each sample: what the import holds, not what it has let go of.
    const gc = collector();
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 200);
    const response = await post(upload(carOf(96, 1))).finally(() => clearInterval(sampler));
    expect(response.status).toBe(200);
    const root = JSON.parse(response.text.split("\n")[0] as string).Root.Cid["/"];
    expect(await node.store.isPinned(CID.parse(root))).toBe(true);
    const grownMiB = (peak - before) / MiB;
    console.log(`live buffers grew at most ${grownMiB.toFixed(1)} MiB importing a 96 MiB CAR (client and node in one process)`);
    // Buffered (the former import), the node alone held the body three times over: well above 96 MiB.
    expect(grownMiB).toBeLessThan(64);
  });

  it("an upload cut off mid-way is never pinned and leaves none of its blocks; the node goes on serving", async () => {
    const first = CID.createV1(raw.code, await sha256.digest(new Uint8Array(MiB).fill((2 * 31) % 251, 0, 64).fill(0, 64, 128)));
    await post(upload(carOf(32, 2), 8 * MiB)).catch(() => undefined);
    // The node notices the client is gone and discards what it took.
    for (let i = 0; i < 100 && (await node.store.helia.blockstore.has(first)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await node.store.helia.blockstore.has(first)).toBe(false);
    expect(await node.store.isPinned(first)).toBe(false);
    const after = await post(upload(carOf(2, 3)));
    expect(after.status).toBe(200);
  });
});
