// An evidence node (`mutua node`, its own process) killed with SIGKILL mid-work, then restarted on its directory:
// a pin request it had accepted is finished after the restart (fetched from its origin and pinned), and a CAR whose
// upload the kill cut off is never pinned nor read back as complete.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CarWriter } from "@ipld/car";
import { HeliaEvidenceStore, HttpEvidenceStore } from "@mutua/evidence";
import { varint } from "multiformats";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./devnet-process.ts";

const cliSource = join(import.meta.dirname, "..", "packages", "cli", "src", "cli.ts");
const TOKEN = "node-token";
const MiB = 2 ** 20;
let directory: string;
let port: number;
let node: ChildProcess | undefined;
let origin: HeliaEvidenceStore;

async function startNode(): Promise<void> {
  node = spawn(
    process.execPath,
    ["--conditions=source", cliSource, "node", "--http-port", String(port), "--ipfs-port", "0", "--dir", directory, "--token", TOKEN],
    {
      stdio: "ignore",
    },
  );
  for (let i = 0; i < 1_200; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/pins`).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the evidence node did not start");
}

async function killNode(): Promise<void> {
  const child = node;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "mutua-node-crash-"));
  port = await freePort();
  origin = await HeliaEvidenceStore.create({ listen: ["/ip4/127.0.0.1/tcp/0"] });
  await startNode();
}, 300_000);
afterAll(async () => {
  await killNode();
  await origin?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("an evidence node after kill -9", () => {
  it("finishes a pin request it had accepted before the kill", async () => {
    const cid = await origin.addFile(
      (async function* () {
        yield new Uint8Array(3 * MiB).map((_, i) => (i * 13) % 256);
      })(),
    );
    const response = await fetch(`http://127.0.0.1:${port}/pins`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ cid: cid.toString(), origins: origin.multiaddrs().map(String) }),
    });
    expect(response.status).toBe(202);
    const { requestid } = (await response.json()) as { requestid: string };
    await killNode();
    // The request was written before it was answered: it survives the kill.
    const kept = JSON.parse(readFileSync(join(directory, "pins.json"), "utf8")) as { requestid: string; status: string }[];
    expect(kept.find((p) => p.requestid === requestid)?.status).toMatch(/queued|pinning|pinned/);
    await startNode();
    let status = "";
    for (let i = 0; i < 600 && status !== "pinned" && status !== "failed"; i++) {
      const read = await fetch(`http://127.0.0.1:${port}/pins/${requestid}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      status = ((await read.json()) as { status: string }).status;
      if (status !== "pinned") await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe("pinned");
    const reader = new HttpEvidenceStore(`http://127.0.0.1:${port}`, { token: TOKEN });
    let bytes = 0;
    for await (const chunk of reader.cat(cid, { timeoutMs: 30_000 })) bytes += chunk.length;
    expect(bytes).toBe(3 * MiB);
  });

  it("never pins a CAR whose upload the kill cut off, nor reads it back as complete", async () => {
    // 24 blocks of 1 MiB whose root is the last block (as importers write them): the kill comes after about 8.
    const blocks = Array.from({ length: 24 }, (_, i) => new Uint8Array(MiB).fill(i + 1));
    const cids = await Promise.all(blocks.map(async (b) => CID.createV1(raw.code, await sha256.digest(b))));
    const root = cids.at(-1) as CID;
    const { writer, out } = CarWriter.create([root]);
    void writer.close();
    const header: Uint8Array[] = [];
    for await (const part of out) header.push(part);
    const boundary = "cut-off";
    const upload = httpRequest({
      host: "127.0.0.1",
      port,
      path: "/api/v0/dag/import",
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    upload.on("error", () => undefined);
    upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.car"\r\n\r\n`);
    for (const part of header) upload.write(part);
    for (const [i, block] of blocks.entries()) {
      const cid = cids[i] as CID;
      const length = cid.bytes.length + block.length;
      upload.write(varint.encodeTo(length, new Uint8Array(varint.encodingLength(length))));
      upload.write(cid.bytes);
      await new Promise<void>((resolve) => (upload.write(block) ? resolve() : upload.once("drain", () => resolve())));
      if (i === 8) break;
    }
    await new Promise((r) => setTimeout(r, 300));
    await killNode();
    upload.destroy();
    await startNode();
    const reader = new HttpEvidenceStore(`http://127.0.0.1:${port}`, { token: TOKEN });
    expect(await reader.isPinned(root)).toBe(false);
    const read = async () => {
      for await (const _ of reader.cat(root, { timeoutMs: 3_000 })) {
        // drain
      }
    };
    await expect(read()).rejects.toMatchObject({ code: "EVIDENCE_UNAVAILABLE" });
  });
});
