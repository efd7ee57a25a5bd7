import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { builtCircuitArtifacts, InvalidArgumentError } from "@mutua/sdk";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".zkey": "application/octet-stream",
};

/** Files the service worker must see fresh on every visit; everything else is named by its content. */
const FRESH = new Set(["", "index.html", "sw.js", "precache.json", "manifest.webmanifest", "mutua.json", "release.json", "release.sig"]);

/** The circuits' files as the app fetches them: each URL names the file's SHA-256, so they can be cached for good. */
export function circuitFiles(): {
  urls: Record<"eligibility" | "vote", { wasm: string; zkey: string; verificationKey: string }>;
  files: Map<string, string>;
} {
  const files = new Map<string, string>();
  const publish = (name: string, path: string, extension: string) => {
    if (!existsSync(path)) throw new InvalidArgumentError("circuits", `${path} is missing: run \`pnpm artifacts\` first`);
    const digest = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
    const file = `${name}-${digest}${extension}`;
    files.set(file, path);
    return `circuits/${file}`;
  };
  const of = (name: string, paths: { wasm: string; zkey: string; verificationKey: string }) => ({
    wasm: publish(name, paths.wasm, ".wasm"),
    zkey: publish(name, paths.zkey, ".zkey"),
    verificationKey: publish(`${name}-vkey`, paths.verificationKey, ".json"),
  });
  return {
    urls: { eligibility: of("eligibility", builtCircuitArtifacts("eligibility")), vote: of("vote", builtCircuitArtifacts("vote")) },
    files,
  };
}

/**
 * Serves the member app (a built packages/app) under /app/: its files, the circuits it proves with, and
 * mutua.json, which `config` makes fresh on each request (the devnet's assessors can change while it runs).
 */
export function appHandler(options: { directory: string; config: () => unknown; circuits: Map<string, string> }) {
  const root = resolve(options.directory);
  if (!existsSync(join(root, "index.html"))) {
    throw new InvalidArgumentError("--app", `${root} holds no built app: run \`pnpm --filter @mutua/app build\` first`);
  }
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const { pathname } = new URL(request.url ?? "/", "http://app");
    if (pathname === "/app") {
      response.writeHead(301, { location: "/app/" }).end();
      return true;
    }
    if (!pathname.startsWith("/app/") || (request.method !== "GET" && request.method !== "HEAD")) return false;
    const path = decodeURIComponent(pathname.slice("/app/".length));
    const headers = (type: string) => ({
      "content-type": type,
      "cache-control": FRESH.has(path) ? "no-cache" : "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    });
    if (path === "mutua.json") {
      const body = JSON.stringify(options.config(), (_, v) => (typeof v === "bigint" ? v.toString() : v));
      response.writeHead(200, headers(TYPES[".json"] as string)).end(body);
      return true;
    }
    const circuit = path.startsWith("circuits/") ? options.circuits.get(path.slice("circuits/".length)) : undefined;
    const file = circuit ?? normalize(join(root, path === "" ? "index.html" : path));
    // Never outside the app's directory (a ../ in the URL), never a directory.
    const inside = circuit !== undefined || file.startsWith(root + sep);
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return true;
    }
    const body = readFileSync(file);
    response.writeHead(200, { ...headers(TYPES[extname(file)] ?? "application/octet-stream"), "content-length": body.length });
    response.end(request.method === "HEAD" ? undefined : body);
    return true;
  };
}
