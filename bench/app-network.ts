// The member app on a cheap phone and a slow network, its first visit: Chromium under the DevTools protocol's
// emulation (the CPU 4× slower; "slow 3G" at 400 kbit/s with 400 ms of latency, "fast 3G" at 1.44 Mbit/s down,
// 675 kbit/s up, 562.5 ms), no cache and no service worker (its install would download everything in the
// background, competing with what the member waits for). Time and bytes to the first screen, to a created wallet,
// to a joined wallet, and to a claim's proof with the circuits downloaded, then a later proof.
// Goals: first screen ≤ 3 s on slow 3G; a first claim ≤ 60 s on fast 3G with the slow CPU; a later one ≤ 10 s.
import type { Browser, Page } from "playwright-core";
import { round } from "./stats.ts";

export const NETWORK_PROFILES = {
  "slow 3G": { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 },
  "fast 3G": { latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 },
} as const;
const CPU_SLOWDOWN = 4;

interface Step {
  ms: number;
  kib: number;
}

/** Runs the member's first visit under each profile; `firstScreen` and `prove` are the app bench's own steps. */
export async function benchSlowNetworks(
  browser: Browser,
  app: string,
  steps: { firstScreen(page: Page, app: string): Promise<unknown>; prove(page: Page): Promise<unknown> },
  log: (line: string) => void,
): Promise<Record<string, Record<string, Step>>> {
  const results: Record<string, Record<string, Step>> = {};
  for (const [name, conditions] of Object.entries(NETWORK_PROFILES)) {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    const devtools = await context.newCDPSession(page);
    let bytes = 0;
    devtools.on("Network.loadingFinished", (event) => {
      bytes += event.encodedDataLength;
    });
    await devtools.send("Network.enable");
    await devtools.send("Network.emulateNetworkConditions", { offline: false, ...conditions });
    await devtools.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const measured: Record<string, Step> = {};
    const step = async (label: string, run: () => Promise<unknown>) => {
      const [startBytes, started] = [bytes, performance.now()];
      await run();
      measured[label] = { ms: round(performance.now() - started, 0), kib: round((bytes - startBytes) / 1024, 0) };
      log(`${name}, CPU ${CPU_SLOWDOWN}× slower: ${label} in ${(measured[label].ms / 1000).toFixed(1)} s, ${measured[label].kib} KiB`);
    };
    await step("first screen", () => steps.firstScreen(page, app));
    await step("wallet created", async () => {
      await page.getByLabel("New passphrase").fill("a slow network passphrase");
      await page.getByLabel("Repeat the passphrase").fill("a slow network passphrase");
      await page.getByRole("button", { name: "Create my wallet" }).click();
      await page.getByRole("link", { name: "Join the mutual" }).waitFor({ timeout: 600_000 });
    });
    await step("joined (offer read, premium paid, credential received)", async () => {
      await page.getByRole("link", { name: "Join the mutual" }).click();
      await page.getByRole("button", { name: "Pay the premium and join" }).click({ timeout: 600_000 });
      await page.locator(".badge[data-state=valid]").waitFor({ timeout: 600_000 });
    });
    await step("first claim proof (circuits downloaded)", () => steps.prove(page));
    await step("later claim proof", () => steps.prove(page));
    results[name] = measured;
    await context.close();
  }
  return results;
}
