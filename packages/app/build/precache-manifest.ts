import { createHash } from "node:crypto";
import type { Plugin } from "vite";

/**
 * Writes precache.json (every file of the build but the service worker itself) and stamps the service worker with
 * a hash of the build: a new build installs a new worker, which replaces the old shell cache.
 */
export function precacheManifest(): Plugin {
  return {
    name: "mutua-precache-manifest",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name !== "sw.js" && !name.endsWith(".map"))
        .sort();
      const version = createHash("sha256");
      for (const name of files) {
        const item = bundle[name];
        version.update(name);
        if (item?.type === "chunk") version.update(item.code);
        else if (item?.type === "asset") version.update(typeof item.source === "string" ? item.source : Buffer.from(item.source));
      }
      const stamp = version.digest("hex").slice(0, 16);
      const sw = bundle["sw.js"];
      if (sw?.type === "chunk") sw.code = sw.code.replace("__MUTUA_BUILD__", stamp);
      this.emitFile({ type: "asset", fileName: "precache.json", source: JSON.stringify(files.filter((f) => f !== "precache.json"), null, 1) });
    },
  };
}
