import { defineConfig } from "vite";
import { nodeOnlyModules } from "./build/node-only-modules.ts";
import { precacheManifest } from "./build/precache-manifest.ts";

// The app bundles the same SDK the CLI runs. Node built-ins become modules whose functions throw if ever called
// (the SDK's file vaults, file trees and servers are imported, never used here); Hardhat is never loaded.
export default defineConfig({
  base: "./",
  resolve: { conditions: ["source", "browser", "module", "import", "default"] },
  plugins: [nodeOnlyModules(), precacheManifest()],
  worker: { format: "es", plugins: () => [nodeOnlyModules()] },
  build: {
    target: "es2023",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      external: ["hardhat/hre"],
      input: { index: "index.html", sw: "src/sw.ts" },
      output: { entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js") },
    },
  },
});
