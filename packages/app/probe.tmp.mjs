import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { chromium } from "playwright-core";

const root = process.argv[2];
const types = {
  ".js": "text/javascript",
  ".html": "text/html",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css",
};
const server = createServer(async (q, r) => {
  const path = join(root, new URL(q.url, "http://x").pathname.replace(/\/$/, "/index.html"));
  try {
    const b = await readFile(path);
    r.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(b);
  } catch {
    r.writeHead(404).end();
  }
}).listen(0);
await new Promise((r) => server.once("listening", r));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
page.on("console", (m) => console.log("console:", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror:", e.message, e.stack?.split("\n").slice(0, 5).join("\n")));
const t = Date.now();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForTimeout(Number(process.argv[3] ?? 4000));
console.log("text:", (await page.textContent("#app"))?.slice(0, 300), Date.now() - t, "ms");
await browser.close();
server.close();
