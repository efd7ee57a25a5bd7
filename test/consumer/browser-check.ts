// Opens a built browser consumer in Chromium (served over HTTP from its dist/) and reads what its page reports.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { launchChromium } from "../browser.ts";

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** The page's report: `window.consumerResult` once set, or its error. */
export async function browserCheck(dist: string): Promise<Record<string, unknown>> {
  const server = createServer((request, response) => {
    const path = normalize(join(dist, new URL(request.url ?? "/", "http://x").pathname));
    const file = path.endsWith("/") ? join(path, "index.html") : path;
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const handle = await page.waitForFunction(() => (window as { consumerResult?: unknown }).consumerResult, undefined, {
      timeout: 120_000,
    });
    const result = (await handle.jsonValue()) as Record<string, unknown>;
    if (errors.length > 0 || result.error) throw new Error(`the page failed: ${String(result.error ?? "")} ${errors.join("; ")}`);
    return result;
  } finally {
    await browser.close();
    server.close();
  }
}
