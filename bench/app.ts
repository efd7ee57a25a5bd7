// The member app in Chromium (Debian's package, through Playwright), served by `mutua devnet --app` as a person
// starts it: bundle sizes, the first screen on a cold cache, a reload through the service worker, and the claim
// proof in the app's Web Worker (first, then warm; the same proof in Node in the same run as the peer).
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { eligibilityArtifactPaths } from "@mutua/circuits";
import { EligibilityProver, loadEligibilityArtifacts } from "@mutua/proofs";
import type { Page } from "playwright-core";
import { chromium } from "playwright-core";
import { benchSlowNetworks } from "./app-network.ts";
import { lighthouseScores } from "./lighthouse.ts";
import { buildTree, claim } from "./proofs.ts";
import { median, round, summarize } from "./stats.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "packages", "app", "dist");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What each screen downloads: the entry's JS and CSS (raw and gzip), the prover worker, everything. */
function bundleSizes() {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const entry = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const sized = (files: string[]) => {
    const bytes = files.map((f) => readFileSync(join(DIST, f)));
    return { bytes: bytes.reduce((n, b) => n + b.length, 0), gzipBytes: bytes.reduce((n, b) => n + gzipSync(b).length, 0) };
  };
  const assets = readdirSync(join(DIST, "assets")).map((f) => `assets/${f}`);
  // What the service worker keeps at install: every screen and the SDK, loaded on the member's first action.
  const precached = JSON.parse(readFileSync(join(DIST, "precache.json"), "utf8")) as string[];
  return {
    firstScreen: { files: entry.length, ...sized(entry) },
    allScreensAndSdk: { files: precached.length, ...sized(precached) },
    proverWorker: sized(assets.filter((f) => f.includes("prover-worker"))),
    allAssets: { files: assets.length, ...sized(assets) },
    circuitsFetchedOnFirstProof: statSync(eligibilityArtifactPaths().zkey).size + statSync(eligibilityArtifactPaths().wasm).size,
  };
}

async function startDevnet(): Promise<{ process: ChildProcess; app: string; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "mutua-bench-app-"));
  const config = join(dir, "config.json");
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const flags = ["--rpc-port", "--http-port", "--ipfs-port", "--relayer-port"].flatMap((flag, i) => [flag, String(ports[i])]);
  const child = spawn(
    process.execPath,
    [join(ROOT, "packages", "cli", "bin", "mutua.js"), "--config", config, "devnet", ...flags, "--app", DIST],
    {
      env: { ...process.env, MUTUA_SECRET: "bench app secret" },
      cwd: dir,
      stdio: "ignore",
    },
  );
  for (let i = 0; i < 480 && !existsSync(config); i++) await new Promise((r) => setTimeout(r, 250));
  if (!existsSync(config)) throw new Error("the devnet did not start within 2 minutes");
  const { statusListUrl } = JSON.parse(readFileSync(config, "utf8")) as { statusListUrl: string };
  return {
    process: child,
    app: `${new URL(statusListUrl).origin}/app/`,
    close() {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Milliseconds from navigation start until the first screen's title is on screen and the page answers input. */
async function firstScreen(page: Page, app: string): Promise<number> {
  await page.goto(app);
  await page.getByRole("heading", { level: 1, name: /^Join / }).waitFor({ timeout: 60_000 });
  return page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
}

/** One claim proof in the app's prover worker; the claim is revived from JSON (bigints as "123n"). */
async function proveInPage(page: Page, claimJson: string): Promise<number> {
  return page.evaluate(async (text) => {
    const revived = JSON.parse(text, (_, v) => (typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v));
    const app = (
      globalThis as unknown as {
        mutua: {
          config: { circuits: { eligibility: unknown } };
          prover: { eligibility(u: unknown): { prove(c: unknown): Promise<unknown> } };
        };
      }
    ).mutua;
    const started = performance.now();
    await app.prover.eligibility(app.config.circuits.eligibility).prove(revived);
    return performance.now() - started;
  }, claimJson);
}

export async function benchApp(log: (line: string) => void) {
  if (!existsSync(join(DIST, "index.html"))) throw new Error("packages/app/dist is missing: pnpm artifacts builds it");
  const sizes = bundleSizes();
  log(
    `bundle: first screen ${sizes.firstScreen.files} files, ${round(sizes.firstScreen.bytes / 1024, 0)} KiB (${round(sizes.firstScreen.gzipBytes / 1024, 0)} KiB gzip); prover worker ${round(sizes.proverWorker.gzipBytes / 1024, 0)} KiB gzip; all assets ${round(sizes.allAssets.gzipBytes / 1024, 0)} KiB gzip`,
  );
  const devnet = await startDevnet();
  // Lighthouse first, on a cold profile of its own (goals: performance ≥ 90, accessibility and best practices ≥ 95).
  const lighthouse = await lighthouseScores(devnet.app);
  log(
    `lighthouse (mobile): performance ${lighthouse.performance}, accessibility ${lighthouse.accessibility}, best practices ${lighthouse.bestPractices}${lighthouse.failing.length > 0 ? `; below 0.9: ${lighthouse.failing.join("; ")}` : ""}`,
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    // Cold: a new profile each time (no HTTP cache, no service worker).
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      cold.push(await firstScreen(await context.newPage(), devnet.app));
      await context.close();
    }
    log(`first screen, cold: median ${round(median(cold), 0)} ms`);

    const context = await browser.newContext();
    const page = await context.newPage();
    await firstScreen(page, devnet.app);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.reload();
      warm.push(await firstScreen(page, devnet.app));
    }
    log(`first screen, reload through the service worker: median ${round(median(warm), 0)} ms`);

    const { tree, index } = buildTree(1024);
    const theClaim = claim(tree, index);
    const claimJson = JSON.stringify(theClaim, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
    const firstProof = await proveInPage(page, claimJson); // downloads (then caches) the zkey and wasm
    const proofs: number[] = [];
    for (let i = 0; i < RUNS; i++) proofs.push(await proveInPage(page, claimJson));
    log(
      `claim proof in Chromium's worker: first ${round(firstProof, 0)} ms (artifacts fetched and compiled), warm median ${round(median(proofs), 0)} ms`,
    );
    await page.reload();
    await firstScreen(page, devnet.app);
    const afterReload = await proveInPage(page, claimJson);
    log(`claim proof after a reload (artifacts from the service worker's cache): ${round(afterReload, 0)} ms`);

    const nodeProver = new EligibilityProver(await loadEligibilityArtifacts(eligibilityArtifactPaths()));
    await nodeProver.prove(theClaim);
    const node: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await nodeProver.prove(theClaim);
      node.push(performance.now() - started);
    }
    await nodeProver.close();
    log(`same proof in Node (the peer): warm median ${round(median(node), 0)} ms`);
    await context.close();

    const slowNetworks = await benchSlowNetworks(browser, devnet.app, { firstScreen, prove: (on) => proveInPage(on, claimJson) }, log);
    return {
      slowNetworks,
      bundle: sizes,
      lighthouse,
      firstScreenColdMs: summarize(cold),
      firstScreenReloadMs: summarize(warm),
      proofChromium: { firstMs: round(firstProof), warm: summarize(proofs), afterReloadFromCacheMs: round(afterReload) },
      proofNode: summarize(node),
    };
  } finally {
    await browser.close();
    devnet.close();
  }
}
