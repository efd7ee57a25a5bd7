// Lighthouse (12.2.3, the npm package) on the member app, with its default mobile profile (a mid-range phone on a
// slow 4G link, simulated), driving the same Chromium as the app's tests through the DevTools port Playwright opens.
import { createServer } from "node:net";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  /** The failing audits of each category, for the docs and whoever improves the scores. */
  failing: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs Lighthouse's mobile audit of `url` (a cold profile: no cache, no service worker) and returns its scores. */
export async function lighthouseScores(url: string): Promise<LighthouseScores> {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [`--remote-debugging-port=${port}`, "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const result = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
    });
    if (!result) throw new Error("Lighthouse returned no result");
    const { categories, audits } = result.lhr;
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    const failing = Object.values(categories).flatMap((category) =>
      category.auditRefs
        .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 0.9)
        .map((ref) => `${category.id}: ${audits[ref.id]?.title ?? ref.id} (${audits[ref.id]?.displayValue ?? audits[ref.id]?.score})`),
    );
    return { performance: score("performance"), accessibility: score("accessibility"), bestPractices: score("best-practices"), failing };
  } finally {
    await browser.close();
  }
}
