/// <reference lib="webworker" />
// The app's service worker: the app shell is kept at install (so a reload works offline: the wallet opens from
// IndexedDB), the circuits' proving key and wasm are kept on first use (they are large, and named by content),
// and mutua.json is fetched fresh when online. Nothing the member types or decrypts ever passes through here:
// evidence, the chain and the relayer are other origins or POSTs, which are never cached.
declare const self: ServiceWorkerGlobalScope;

const VERSION = "__MUTUA_BUILD__";
const SHELL = `mutua-shell-${VERSION}`;
const CIRCUITS = "mutua-circuits";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const files = (await (await fetch("./precache.json", { cache: "no-cache" })).json()) as string[];
      const cache = await caches.open(SHELL);
      await cache.addAll(["./", "./mutua.json", "./manifest.webmanifest", "./icon.svg", ...files.map((f) => `./${f}`)]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("mutua-shell-") && name !== SHELL) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  if (!url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length);
  if (path.startsWith("circuits/")) return event.respondWith(cacheFirst(CIRCUITS, request));
  if (request.mode === "navigate" || path === "" || path === "mutua.json") return event.respondWith(networkFirst(request));
  event.respondWith(cacheFirst(SHELL, request));
});

async function cacheFirst(name: string, request: Request): Promise<Response> {
  const cache = await caches.open(name);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.mode === "navigate" ? "./" : request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request.mode === "navigate" ? "./" : request);
    if (hit) return hit;
    throw error;
  }
}
