import { createHash } from "node:crypto";
import type { Plugin } from "vite";

/**
 * Writes precache.json (the files the app can need offline) and stamps the service worker with a hash of the
 * whole build: a new build installs a new worker, which replaces the old shell cache.
 */
export function precacheManifest(): Plugin {
  return {
    name: "mutua-precache-manifest",
    apply: "build",
    generateBundle(_options, bundle) {
      // What the app can need offline: the entry and every chunk it imports, statically or lazily (the screens, the
      // SDK), with their CSS and assets. Left out: the SDK's bulk tree builder (circomlibjs, 2.6 MB), which the app
      // never runs, and what the prover worker fetches (kept by the service worker on the first proof).
      const needed = new Set<string>();
      const unused = (item: (typeof bundle)[string]) => item.type === "chunk" && item.moduleIds.some((id) => id.includes("/circomlibjs/"));
      const visit = (name: string) => {
        const item = bundle[name];
        if (!item || needed.has(name) || unused(item)) return;
        needed.add(name);
        if (item.type !== "chunk") return;
        for (const imported of [...item.imports, ...item.dynamicImports]) visit(imported);
        const meta = (item as { viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> } }).viteMetadata;
        for (const css of meta?.importedCss ?? []) visit(css);
        for (const asset of meta?.importedAssets ?? []) visit(asset);
      };
      for (const [name, item] of Object.entries(bundle)) if (item.type === "chunk" && item.isEntry && name !== "sw.js") visit(name);
      const files = [...needed].filter((name) => !name.endsWith(".map")).sort();
      const version = createHash("sha256");
      for (const name of Object.keys(bundle).filter((n) => n !== "sw.js").sort()) {
        const item = bundle[name];
        version.update(name);
        if (item?.type === "chunk") version.update(item.code);
        else if (item?.type === "asset") version.update(typeof item.source === "string" ? item.source : Buffer.from(item.source));
      }
      const stamp = version.digest("hex").slice(0, 16);
      const sw = bundle["sw.js"];
      if (sw?.type === "chunk") sw.code = sw.code.replace("__MUTUA_BUILD__", stamp);
      this.emitFile({ type: "asset", fileName: "precache.json", source: JSON.stringify(files, null, 1) });
    },
  };
}
