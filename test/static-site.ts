// A built web page (a Vite dist/ directory) served over HTTP on loopback, as a host would serve it: the browser
// consumer test and the browser evidence bench open their pages through it.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** Serves `directory` on a free loopback port; anything outside it, or missing, is a 404. */
export async function serveDirectory(directory: string): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    const path = normalize(join(directory, new URL(request.url ?? "/", "http://x").pathname));
    const file = path.endsWith("/") ? join(path, "index.html") : path;
    if (!file.startsWith(directory) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}
