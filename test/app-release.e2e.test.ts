/// <reference lib="dom" />
// The app holds the member's secrets, so the code it runs must be the mutual's. In Chromium, against the app served
// as a host serves it (the CLI's app handler over a copy of the build): the service worker installs the signed
// release; then the host is changed as an attacker, or a careless deploy, would change it, and each update is tried:
// a tampered file, a manifest re-signed with another key, an older release replayed, a tampered circuit. Each is
// refused, the member is told, and the version installed keeps working. A release signed with the mutual's key
// installs, and waits until no open page runs the old version: a flow started there finishes on the code it began with.

import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eligibilityArtifactPaths } from "@mutua/circuits";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newReleaseKey, releaseSigningKey } from "../packages/app/build/release-key.ts";
import type { AppRelease } from "../packages/app/build/release-manifest.ts";
import { signRelease } from "../packages/app/build/release-manifest.ts";
import { STATIC_MUTUAL, serveApp } from "./app-static-host.ts";
import { APP_DIST } from "./app-world.ts";
import { launchChromium } from "./browser.ts";

const PASSPHRASE = "correct horse battery staple";
const site = join(mkdtempSync(join(tmpdir(), "mutua-app-release-")), "app");
const v1 = JSON.parse(readFileSync(join(APP_DIST, "release.json"), "utf8")) as AppRelease;
let host: Awaited<ReturnType<typeof serveApp>>;
let circuits: Awaited<ReturnType<typeof serveApp>>["circuits"];
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** What an attacker's tampered build leaves in the page when it runs. */
const TAMPER = ";globalThis.__mutuaTampered = true;";

beforeAll(async () => {
  cpSync(APP_DIST, site, { recursive: true });
  host = await serveApp(site);
  ({ origin, circuits } = host);
  browser = await launchChromium();
  context = await browser.newContext();
  page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
});
afterAll(async () => {
  await browser?.close();
  host?.close();
  rmSync(join(site, ".."), { recursive: true, force: true });
});

/** The entry script of the first screen, as index.html names it. */
const entryScript = () => /src="\.\/(assets\/index-[^"]+\.js)"/.exec(readFileSync(join(site, "index.html"), "utf8"))?.[1] as string;

/** A new service worker script on the host (any byte changed makes the browser install it on its next check). */
function newWorker(label: string): void {
  appendFileSync(join(site, "sw.js"), `\n// ${label}\n`);
}

/** Asks the browser to check for an update now; the new worker's fate: "waiting" (installed) or "refused". */
async function update(): Promise<"waiting" | "refused"> {
  return page.evaluate(async () => {
    const registration = (await navigator.serviceWorker.getRegistration()) as ServiceWorkerRegistration;
    await registration.update();
    const worker = registration.installing ?? registration.waiting;
    if (!worker) return "refused";
    if (worker.state === "installed") return "waiting";
    return new Promise<"waiting" | "refused">((resolve) => {
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed") resolve("waiting");
        if (worker.state === "redundant") resolve("refused");
      });
    });
  });
}

/** What the open page told the member about a refused update. */
const refusal = () => page.locator("#update-refused").textContent({ timeout: 30_000 });

async function firstScreenWorks(on: Page): Promise<void> {
  await on.getByRole("heading", { level: 1, name: new RegExp(STATIC_MUTUAL) }).waitFor({ timeout: 60_000 });
  expect(await on.evaluate(() => (globalThis as { __mutuaTampered?: boolean }).__mutuaTampered)).toBeUndefined();
}

describe("the app's signed releases", () => {
  it("the first visit installs the release the mutual signed: every file checked against it", async () => {
    await page.goto(`${origin}/app/`);
    await firstScreenWorks(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    const kept = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys()).find((name) => name.startsWith("mutua-shell-")) as string);
      return (await cache.keys()).length;
    });
    expect(kept).toBeGreaterThan(50); // the shell, every screen and the SDK
  });

  it("a file changed on the host is refused; the member is told, and the version installed keeps working", async () => {
    appendFileSync(join(site, entryScript()), TAMPER);
    newWorker("tampered file");
    expect(await update()).toBe("refused");
    expect(await refusal()).toMatch(/assets\/index-.*\.js does not match the signed release/);
    // A new visit still runs the verified copy: the tampered script on the host is never served.
    const again = await context.newPage();
    await again.goto(`${origin}/app/`);
    await firstScreenWorks(again);
    await again.close();
  });

  it("a manifest re-signed with another key over the tampered files is refused", async () => {
    const stranger = newReleaseKey(join(site, "..", "stranger-key.json"));
    expect(stranger.x).not.toBe(releaseSigningKey().publicJwk.x);
    signRelease(site, {
      issuedAt: v1.issuedAt + 60,
      circuitFiles: [],
      key: releaseSigningKey(join(site, "..", "stranger-key.json")).privateKey,
    });
    newWorker("stranger's signature");
    expect(await update()).toBe("refused");
    expect(await refusal()).toMatch(/not signed by the mutual's release key/);
  });

  it("a circuit file that is not the one the release names is not served to the prover", async () => {
    const name = circuits.urls.eligibility.wasm;
    const verified = await page.evaluate(async (url) => (await fetch(url)).status, `./${name}`);
    expect(verified).toBe(200);
    // The host swaps the witness code (what the member's secret runs through) for other bytes under a new name.
    const forged = join(site, "..", "forged.wasm");
    writeFileSync(forged, Buffer.concat([readFileSync(eligibilityArtifactPaths().wasm), Buffer.from("forged")]));
    circuits.files.set("eligibility-forged.wasm", forged);
    const status = await page.evaluate(async () => (await fetch("./circuits/eligibility-forged.wasm")).status);
    expect(status).toBe(502);
  });

  it("a release signed with the mutual's key installs, and waits while a page runs the old version", async () => {
    // The next version (what the tampered entry stands for here), signed by the mutual, with a screen's file renamed away.
    const home = readdirSync(join(site, "assets")).find((file) => /^home-.*\.js$/.test(file)) as string;
    rmSync(join(site, "assets", home));
    const precache = JSON.parse(readFileSync(join(site, "precache.json"), "utf8")) as string[];
    writeFileSync(join(site, "precache.json"), JSON.stringify(precache.filter((file) => file !== `assets/${home}`)));
    signRelease(site, {
      issuedAt: v1.issuedAt + 120,
      circuitFiles: Object.values(circuits.urls.eligibility).map((url) => circuits.files.get(url.slice("circuits/".length)) as string),
      key: releaseSigningKey().privateKey,
    });
    newWorker("next version");
    expect(await update()).toBe("waiting");
    // The open page goes on with the version it started with: creating a wallet loads the home screen's old file,
    // which the host no longer has, from the installed version.
    await page.getByLabel("New passphrase").fill(PASSPHRASE);
    await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Create my wallet" }).click();
    await page.getByRole("heading", { level: 1, name: STATIC_MUTUAL }).waitFor({ timeout: 60_000 });
    await page.getByText(/You are not a member yet/).waitFor();
    expect(await page.evaluate(() => (globalThis as { __mutuaTampered?: boolean }).__mutuaTampered)).toBeUndefined();
    // Once no page runs the old version, the new one takes over.
    await page.close();
    page = await context.newPage();
    await page.goto(`${origin}/app/`);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.evaluate(() => (globalThis as { __mutuaTampered?: boolean }).__mutuaTampered === true);
        },
        { timeout: 60_000 },
      )
      .toBe(true);
  });

  it("an older release, though signed by the mutual, is refused: no downgrade to code it replaced", async () => {
    cpSync(APP_DIST, site, { recursive: true }); // the first version's files and its (validly signed) release
    newWorker("replayed older release");
    expect(await update()).toBe("refused");
    expect(await refusal()).toMatch(/is older than the installed/);
  });
});
