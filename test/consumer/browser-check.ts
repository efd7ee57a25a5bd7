// Opens a built browser consumer in Chromium (served over HTTP from its dist/) and reads what its page reports.
import { launchChromium } from "../browser.ts";
import { serveDirectory } from "../static-site.ts";

/** The page's report: `window.consumerResult` once set, or its error. */
export async function browserCheck(dist: string): Promise<Record<string, unknown>> {
  const site = await serveDirectory(dist);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(site.url);
    const handle = await page.waitForFunction(() => (window as { consumerResult?: unknown }).consumerResult, undefined, {
      timeout: 120_000,
    });
    const result = (await handle.jsonValue()) as Record<string, unknown>;
    if (errors.length > 0 || result.error) throw new Error(`the page failed: ${String(result.error ?? "")} ${errors.join("; ")}`);
    return result;
  } finally {
    await browser.close();
    site.close();
  }
}
