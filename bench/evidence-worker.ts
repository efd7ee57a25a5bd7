// One evidence size in its own process, so its peak memory is its own: streams `size` MB of random bytes
// through sealEvidence into an on-disk Helia node, then reads it back through openEvidence.
import { randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unixfs } from "@helia/unixfs";
import { HeliaEvidenceStore, importerOptions, openEvidence, sealEvidence } from "@mutua/evidence";
import { agentKeyAgreement, agentResolver, createIdentityAgent } from "@mutua/identity";

const [sizeMb, runs] = process.argv.slice(2).map(Number) as [number, number];
const MB = 1_000_000;

async function* randomStream(bytes: number): AsyncGenerator<Uint8Array> {
  const piece = new Uint8Array(1 << 20);
  for (let sent = 0; sent < bytes; sent += piece.length) {
    randomFillSync(piece);
    yield piece.slice(0, Math.min(piece.length, bytes - sent));
  }
}

const dir = mkdtempSync(join(tmpdir(), "mutua-bench-evidence-"));
const store = await HeliaEvidenceStore.create({ directory: dir });
const { agent } = await createIdentityAgent();
const { did } = await agent.didManagerCreate();
const ecdh = await agentKeyAgreement(agent, did);
const resolver = agentResolver(agent);
const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
let peakRss = process.memoryUsage().rss;
// The peer's memory is its own phase: raw Helia's cat holds far more than Mutua's open (its block reads
// concatenate 64 KiB pieces one by one), and would otherwise show as Mutua's.
const phasePeak = { seal: 0, pin: 0, fetch: 0, peer: 0 };
let phase: keyof typeof phasePeak = "seal";
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rss);
  phasePeak[phase] = Math.max(phasePeak[phase], rss);
}, 5);

const encryptStoreMs: number[] = [];
const pinMs: number[] = [];
const fetchDecryptMs: number[] = [];
// The peer, in the same process and store: raw Helia storing and reading the same kind of bytes, no encryption.
const rawAddMs: number[] = [];
const rawCatMs: number[] = [];
const rawFs = unixfs(store.helia);
// Each timed phase starts from a collected heap: otherwise one phase pays for the garbage the one before left
// (raw Helia's cat, measured just before the next seal, leaves the most).
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
for (let run = 0; run < runs; run++) {
  phase = "seal";
  collect();
  let started = performance.now();
  const sealed = await sealEvidence(store, [{ name: "video.mp4", mediaType: "video/mp4", content: randomStream(sizeMb * MB) }], {
    recipients: [did],
    resolver,
    pin: false,
  });
  encryptStoreMs.push(performance.now() - started);
  phase = "pin";
  collect();
  started = performance.now();
  await store.pin(sealed.evidenceCid);
  pinMs.push(performance.now() - started);

  phase = "fetch";
  collect();
  started = performance.now();
  const opened = await openEvidence(store, sealed, ecdh);
  let read = 0;
  for await (const piece of (opened.files[0] as { read(): AsyncIterable<Uint8Array> }).read()) read += piece.length;
  if (read !== sizeMb * MB) throw new Error(`read ${read} bytes, expected ${sizeMb * MB}`);
  fetchDecryptMs.push(performance.now() - started);

  phase = "peer";
  collect();
  started = performance.now();
  const raw = await rawFs.addByteStream(randomStream(sizeMb * MB), await importerOptions());
  rawAddMs.push(performance.now() - started);
  collect();
  started = performance.now();
  let rawRead = 0;
  for await (const piece of rawFs.cat(raw)) rawRead += piece.length;
  if (rawRead !== sizeMb * MB) throw new Error(`raw read ${rawRead} bytes, expected ${sizeMb * MB}`);
  rawCatMs.push(performance.now() - started);
}
clearInterval(sampler);
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    encryptStoreMs,
    pinMs,
    fetchDecryptMs,
    rawAddMs,
    rawCatMs,
    baselineRssMiB,
    peakRssMiB: peakRss / 2 ** 20,
    phasePeakMiB: Object.fromEntries(Object.entries(phasePeak).map(([k, v]) => [k, v / 2 ** 20])),
  }),
);
process.exit(0);
