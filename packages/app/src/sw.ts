/// <reference lib="webworker" />
// The app's service worker. It keeps the app so that a reload works offline (the wallet opens from IndexedDB), and
// it decides which code the member runs: a version is installed only if its release manifest (release.json) carries
// the mutual's signature (release.sig, checked with the release key built into this worker) and every file kept
// matches the manifest's SHA-256; a release older than the one installed is refused too. A refused update changes
// nothing: the version already installed keeps serving, and open pages are told why. Pages are served from the
// verified copy only (never straight from the host), and circuits only if the release names their hash.
// A new version waits until no page runs the old one, so a claim half done in an open tab finishes on the code it
// started with. Nothing the member types or decrypts passes through here: evidence, the chain and the relayer are
// other origins or POSTs, which are never cached.
declare const self: ServiceWorkerGlobalScope;

const VERSION = "__MUTUA_BUILD__";
/** The mutual's release key (a public ECDSA P-256 JWK), put in by the build when it signs the release. */
const RELEASE_KEY = JSON.parse("__MUTUA_RELEASE_KEY__") as JsonWebKey;
const SHELL = `mutua-shell-${VERSION}`;
const CIRCUITS = "mutua-circuits";
/** Every release a worker of this app installed: the next worker must not install an older one. */
const RELEASES = "mutua-releases";
/** Where this worker keeps its own release, in its shell cache. */
const OWN_RELEASE = "./.mutua-release.json";
/** Files under the app's scope that are not in a release and pass through as they are. */
const UNSIGNED = new Set(["release.json", "release.sig", "sw.js"]);

interface AppRelease {
  format: "mutua-app-release/1";
  version: string;
  issuedAt: number;
  files: Record<string, string>;
  circuits: string[];
}

class ReleaseRefused extends Error {}

self.addEventListener("install", (event) => {
  event.waitUntil(
    install().catch(async (error: unknown) => {
      // Told to every open page (they say it in the member's language), then the install fails: the browser keeps
      // the worker it had, and with it the version the member was running.
      const reason = error instanceof ReleaseRefused ? error.message : `the update could not be downloaded (${String(error)})`;
      for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
        client.postMessage({ type: "mutua-update-refused", reason });
      }
      throw error;
    }),
  );
});

async function install(): Promise<void> {
  const release = await verifiedRelease();
  const installed = (await installedReleases()).sort((a, b) => b.issuedAt - a.issuedAt)[0];
  if (installed && release.issuedAt < installed.issuedAt) {
    throw new ReleaseRefused(`release ${release.version} is older than the installed ${installed.version}`);
  }
  const files = (await (await fetch("./precache.json", { cache: "no-cache" })).json()) as string[];
  const wanted = ["index.html", "manifest.webmanifest", "icon.svg", ...files];
  const verified = await Promise.all(
    wanted.map(async (file) => {
      const expected = release.files[file];
      if (!expected) throw new ReleaseRefused(`${file} is not in the signed release`);
      const response = await fetch(`./${file}`, { cache: "reload" });
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      const bytes = await response.arrayBuffer();
      if ((await sha256(bytes)) !== expected) throw new ReleaseRefused(`${file} does not match the signed release`);
      return { file, response: new Response(bytes, { headers: response.headers }) };
    }),
  );
  // Only once everything verified: a half-verified version is never kept.
  const cache = await caches.open(SHELL);
  for (const { file, response } of verified) await cache.put(file === "index.html" ? "./" : `./${file}`, response);
  await cache.put(OWN_RELEASE, new Response(JSON.stringify(release)));
  // The host's configuration (not part of a release): kept so that the app opens offline; refreshed on every visit.
  const config = await fetch("./mutua.json", { cache: "no-cache" }).catch(() => undefined);
  if (config?.ok) await cache.put("./mutua.json", config);
  await (await caches.open(RELEASES)).put(`./release-${release.version}.json`, new Response(JSON.stringify(release)));
}

/** release.json, if release.sig is the release key's signature over its bytes. */
async function verifiedRelease(): Promise<AppRelease> {
  const [text, signature] = await Promise.all(
    ["./release.json", "./release.sig"].map(async (url) => {
      const response = await fetch(url, { cache: "no-cache" });
      if (!response.ok) throw new ReleaseRefused(`${url.slice(2)} is missing (HTTP ${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    }),
  );
  const key = await crypto.subtle.importKey("jwk", RELEASE_KEY, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const valid = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    base64url(new TextDecoder().decode(signature)),
    text as Uint8Array<ArrayBuffer>,
  );
  if (!valid) throw new ReleaseRefused("release.json is not signed by the mutual's release key");
  const release = JSON.parse(new TextDecoder().decode(text)) as AppRelease;
  if (release.format !== "mutua-app-release/1") throw new ReleaseRefused(`unknown release format ${String(release.format)}`);
  return release;
}

/** The releases workers of this app installed (verified when they were). */
async function installedReleases(): Promise<AppRelease[]> {
  const cache = await caches.open(RELEASES);
  const releases = await Promise.all((await cache.keys()).map(async (request) => (await cache.match(request))?.json()));
  return releases.filter(Boolean) as AppRelease[];
}

/** The release this worker installed. */
async function ownRelease(): Promise<AppRelease | undefined> {
  return (await (await caches.open(SHELL)).match(OWN_RELEASE))?.json();
}

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
  if (path === "mutua.json") return event.respondWith(networkFirst(request));
  if (path.startsWith("circuits/")) return event.respondWith(verifiedCircuit(request));
  if (UNSIGNED.has(path)) return;
  // The app's own files, pages included: from the verified copy; a file kept on first use (not at install) only if it
  // matches this worker's release; anything the release does not name is refused.
  const page = request.mode === "navigate" || path === "" || path === "index.html";
  event.respondWith(verifiedFile(page ? "index.html" : path, page ? "./" : request));
});

async function verifiedFile(path: string, key: Request | string): Promise<Response> {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(key);
  if (hit) return hit;
  const release = await ownRelease();
  // Not installed yet (the first visit, before install finished): the host's files, as without a service worker.
  if (!release) return fetch(key);
  const expected = release.files[path];
  if (!expected) return refused(`${path} is not part of the app's signed release`);
  const response = await fetch(key, { cache: "reload" });
  if (!response.ok) return response;
  const bytes = await response.arrayBuffer();
  if ((await sha256(bytes)) !== expected) return refused(`${path} does not match the app's signed release`);
  const verified = new Response(bytes, { headers: response.headers });
  await cache.put(key, verified.clone());
  return verified;
}

function refused(reason: string): Response {
  return new Response(reason, { status: 502, statusText: "Not in the signed release" });
}

/** A circuit file, kept once fetched, and only if the installed release names its SHA-256: it is code the secret runs through. */
async function verifiedCircuit(request: Request): Promise<Response> {
  const cache = await caches.open(CIRCUITS);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (!response.ok) return response;
  const bytes = await response.arrayBuffer();
  // Any installed release's circuits: a page of the previous version may still be proving with its own.
  const digest = await sha256(bytes);
  if (!(await installedReleases()).some((release) => release.circuits.includes(digest))) {
    return refused("this circuit file is not one the app's signed release names");
  }
  const verified = new Response(bytes, { headers: response.headers });
  await cache.put(request, verified.clone());
  return verified;
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
}

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function base64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
