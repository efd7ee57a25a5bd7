/// <reference lib="dom" />
// `pnpm app`'s devnet as a person starts it: `mutua devnet --app packages/app/dist` in its own process serves the
// member app, its circuits and its mutua.json; the app joins through the devnet's built-in account and the CLI
// issuer, and an assessor made with `mutua assessor init` is listed for claims at once.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_DIST } from "./app-world.ts";
import { launchChromium, PHONE, screenshot, seriousViolations } from "./browser.ts";
import { mutuaRunner, startDevnetProcess, stopProcess } from "./devnet-process.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-app-devnet-"));
const config = join(dir, ".mutua", "config.json");
const env = { ...process.env, MUTUA_SECRET: "app devnet secret" };
const mutua = mutuaRunner({ cwd: dir, env, prefix: ["--config", config] });
let devnet: ChildProcess;
let browser: Browser;
let app: string;

beforeAll(async () => {
  [devnet, browser] = await Promise.all([startDevnetProcess({ config, cwd: dir, env, args: ["--app", APP_DIST] }), launchChromium()]);
  const written = (await import(config, { with: { type: "json" } })).default as { statusListUrl: string };
  app = `${new URL(written.statusListUrl).origin}/app/`;
});
afterAll(async () => {
  await browser?.close();
  await stopProcess(devnet);
  rmSync(dir, { recursive: true, force: true });
});

describe("mutua devnet --app", () => {
  it("serves the app, content-named circuits and mutua.json (no assessor keys: those come from the chain); never a file outside the app", async () => {
    const index = await fetch(app);
    expect(index.headers.get("content-type")).toMatch(/text\/html/);
    const settings = (await (await fetch(`${app}mutua.json`)).json()) as {
      circuits: { eligibility: { zkey: string } };
      assessors?: string[];
      rpc: string;
    };
    const zkey = await fetch(`${app}${settings.circuits.eligibility.zkey}`, { method: "HEAD" });
    expect(zkey.status).toBe(200);
    expect(zkey.headers.get("cache-control")).toMatch(/immutable/);
    // Claims seal evidence to the readers governance appointed with the seats, never to a list the host serves.
    expect(settings.assessors).toBeUndefined();
    for (const outside of ["%2e%2e/%2e%2e/package.json", "..%2f..%2fpackage.json", "assets/../../../../etc/passwd"]) {
      expect((await fetch(`${app}${outside}`)).status).toBe(404);
    }
  });

  it("joins from the join link the devnet prints: the offer in words, one button, the credential from the desk; nothing pasted", async () => {
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    // What `mutua issuer join-link --app <app>` shows as a link and a QR code.
    const { link } = await mutua("issuer", "join-link", "--app", app);
    expect(link).toBe(`${app}#/join`);
    await page.goto(String(link));
    await page.getByRole("heading", { level: 1, name: "Join Devnet Mutual" }).waitFor({ timeout: 90_000 });
    await page.getByLabel("New passphrase").fill("devnet newcomer passphrase");
    await page.getByLabel("Repeat the passphrase").fill("devnet newcomer passphrase");
    await page.getByRole("button", { name: "Create my wallet" }).click();
    // The link's screen, straight after the wallet is made.
    await page.getByRole("heading", { level: 1, name: "Join the mutual" }).waitFor();
    await page.getByText("The mutual covers up to 5,000 USDC per claim for 365 days, for a premium of 300 USDC.").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Pay the premium and join" }).click();
    // The devnet's desk admits paid offers every 2 s with the issuer's key: no one at a terminal.
    await page.getByRole("heading", { level: 1, name: "Devnet Mutual" }).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 90_000 }).toBe("valid");
    await page.getByText(/Covers up to 5,000 USDC per claim/).waitFor();

    // Proof of cover to a third party: the devnet's verifier page asks, the app shows what is asked, then shares
    // it from a one-time credential the join brought (the desk's OpenID4VCI offer).
    await page.getByRole("link", { name: "Prove my cover" }).click();
    await page.getByRole("heading", { level: 1, name: "Prove my cover" }).waitFor();
    await page.getByText("You can prove your cover 5 more times").waitFor();
    const desk = await browser.newContext();
    const verifierPage = await desk.newPage();
    await verifierPage.goto(`${new URL(app).origin}/verify`);
    await verifierPage.getByLabel("Covered for (optional)").fill("boats");
    await verifierPage.getByRole("button", { name: "Ask for proof of cover" }).click();
    await verifierPage.locator("#link[href]").waitFor();
    const requestLink = await verifierPage.locator("#link").getAttribute("href");
    expect(requestLink).toMatch(/^openid4vp:\/\//);
    await screenshot(verifierPage, "09-verifier-asks");
    await page.getByLabel("The verifier's link").fill(requestLink as string);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("list", { name: "What the verifier asks" }).waitFor();
    await page.getByText("what you are covered for").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "phone-09-prove-cover");
    await page.getByRole("button", { name: "Share" }).click();
    await page.getByText("Shown. The verifier sees that you are covered.").waitFor({ timeout: 60_000 });
    await page.getByText("You can prove your cover 4 more times").waitFor();
    await verifierPage.getByText(/^Covered .*for boats/).waitFor({ timeout: 30_000 });
    await screenshot(verifierPage, "10-verifier-covered");
    await desk.close();
    await phone.close();
  });

  it("joins from the browser: the premium paid from the devnet's built-in account, the credential from `mutua issuer admit`", async () => {
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    await page.goto(app);
    await page.getByRole("heading", { level: 1, name: "Join Devnet Mutual" }).waitFor({ timeout: 90_000 });
    await page.getByLabel("New passphrase").fill("devnet member passphrase");
    await page.getByLabel("Repeat the passphrase").fill("devnet member passphrase");
    await page.getByRole("button", { name: "Create my wallet" }).click();
    await page.getByRole("link", { name: "Join the mutual" }).click();
    await page.getByText("Join with an offer the mutual sent you").click();
    const request = (await page.getByLabel("Your membership request").textContent()) ?? "";
    const offer = await mutua("issuer", "offer", "--request", request, "--coverage", "2000", "--premium", "100");
    await page.getByLabel("The mutual's offer").fill(JSON.stringify(offer));
    await page.getByRole("button", { name: "Pay the premium", exact: true }).click();
    await page.getByText(/Paid from your devnet account/).waitFor({ timeout: 60_000 });
    const { credential } = await mutua("issuer", "admit", "--offer", JSON.stringify(offer));
    await page.getByLabel("The credential you received").fill(String(credential));
    // Nothing wider than the phone: long addresses and DIDs wrap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport.width);
    await page.getByRole("button", { name: "Keep the credential" }).click();
    await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 90_000 }).toBe("valid");
    await page.getByText(/Covers up to 2,000 USDC per claim/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await phone.close();
  });
});
