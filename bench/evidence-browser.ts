// Evidence in the browser (the member app's path): sealing in Chromium and uploading to an evidence node over HTTP
// (HttpEvidenceStore: one CAR per evidence set), and opening it back block by block; the same calls in Node against
// the same node in the same run are the peer. The page is bench/evidence-page, bundled with Vite as an app would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claimantEnvelopeKey, HttpEvidenceStore, openEvidence, sealEvidence, startEvidenceNode } from "@mutua/evidence";
import { build } from "vite";
import { launchChromium } from "../test/browser.ts";
import { serveDirectory } from "../test/static-site.ts";
import { median, round } from "./stats.ts";

const SIZES = [
  { mb: 10, runs: 5 },
  { mb: 100, runs: 3 },
];

export async function benchEvidenceBrowser(log: (line: string) => void) {
  const dist = mkdtempSync(join(tmpdir(), "mutua-bench-evidence-page-"));
  await build({
    root: join(import.meta.dirname, "evidence-page"),
    logLevel: "error",
    resolve: { conditions: ["source", "browser", "module", "import", "default"] },
    build: { outDir: dist, emptyOutDir: true, target: "es2023", chunkSizeWarningLimit: 8192 },
  });
  const node = await startEvidenceNode();
  const site = await serveDirectory(dist);
  const browser = await launchChromium();
  const results: Record<string, unknown> = {};
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => (globalThis as { benchReady?: boolean }).benchReady === true);
    const key = claimantEnvelopeKey(123_456_789n, 42n);
    const store = new HttpEvidenceStore(node.url);
    for (const { mb, runs } of SIZES) {
      const browserSeal: number[] = [];
      const browserOpen: number[] = [];
      const nodeSeal: number[] = [];
      const nodeOpen: number[] = [];
      for (let run = 0; run < runs; run++) {
        const sealed = await page.evaluate(
          ([url, size]) =>
            (globalThis as unknown as { benchSeal(u: string, m: number): Promise<{ cid: string; ms: number }> }).benchSeal(url, size),
          [node.url, mb] as const,
        );
        browserSeal.push(sealed.ms);
        const opened = await page.evaluate(
          ([url, cid]) =>
            (globalThis as unknown as { benchOpen(u: string, c: string): Promise<{ bytes: number; ms: number }> }).benchOpen(url, cid),
          [node.url, sealed.cid] as const,
        );
        if (opened.bytes !== mb * 1_000_000) throw new Error(`the browser opened ${opened.bytes} bytes of ${mb} MB`);
        browserOpen.push(opened.ms);
        // The peer: the same store, code and node, from Node.
        const content = new Uint8Array(mb * 1_000_000).map((_, i) => (i * 2_654_435_761) >>> 24);
        let started = performance.now();
        const inNode = await sealEvidence(store, [{ name: "video.mp4", mediaType: "video/mp4", content }], {
          recipients: [{ x25519PublicKey: key.x25519PublicKey }],
        });
        nodeSeal.push(performance.now() - started);
        started = performance.now();
        const openedInNode = await openEvidence(store, inNode, key.keyAgreement);
        for (const file of openedInNode.files) await file.bytes();
        nodeOpen.push(performance.now() - started);
      }
      const rate = (samples: number[]) => round(mb / (median(samples) / 1000), 1);
      results[`${mb}MB`] = {
        runs,
        browserSealMBps: rate(browserSeal),
        browserOpenMBps: rate(browserOpen),
        nodeSealMBps: rate(nodeSeal),
        nodeOpenMBps: rate(nodeOpen),
        browserOverNodeSeal: round(median(nodeSeal) / median(browserSeal), 2),
        browserOverNodeOpen: round(median(nodeOpen) / median(browserOpen), 2),
      };
      log(`${mb} MB: ${JSON.stringify(results[`${mb}MB`])}`);
    }
  } finally {
    await browser.close();
    site.close();
    await node.close();
    rmSync(dist, { recursive: true, force: true });
  }
  return results;
}
