// Chromium for the app's tests and bench: Debian's package (no browser download is possible on these machines),
// driven by Playwright through its executable path. CI installs it with apt (see .ci/run).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = process.env.MUTUA_SCREENSHOTS ?? join(import.meta.dirname, "..", ".ci", "out", "app-screenshots");

/** Chromium, headless; `args` adds command-line switches (a fake camera, for instance). */
export async function launchChromium(args: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", ...args],
  });
}

/** A phone: the viewport, touch and user agent of a mid-range Android phone. */
export const PHONE = {
  viewport: { width: 393, height: 851 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36",
};

/** Saves the page as `name`.png among the test's artifacts. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical violations on the page as it is (none is the bar). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * A minimal EIP-1193 wallet injected into the page, as a wallet extension injects `window.ethereum`: it shares
 * `account` and forwards every request to `rpc`, where the node holds the account's key (Anvil's unlocked accounts).
 */
export function injectedWallet(rpc: string, account: string): string {
  return `window.ethereum = {
    isMutuaTestWallet: true,
    async request({ method, params }) {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [${JSON.stringify(account)}];
      const response = await fetch(${JSON.stringify(rpc)}, { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: Date.now(), method, params: params ?? [] }) });
      const body = await response.json();
      if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
      return body.result;
    },
    on() {}, removeListener() {},
  };`;
}
