// `prepack` of the library packages: bundles the modules tsc built (dist/) into one ES module per export (bundle/),
// the form the package is published in. An integrator's `import "@mutua/sdk"` then opens a few files per package
// instead of dozens (Node's loader pays per file: ~50 ms of a cold import). Dependencies stay external; modules a
// package loads on first use (dynamic imports) become chunks loaded then. Types stay tsc's (dist/**/*.d.ts).
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { rolldown } from "rolldown";

interface ExportTarget {
  types: string;
  default: string;
}

const directory = process.cwd();
const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
  name: string;
  publishConfig: { exports: Record<string, ExportTarget | string> };
};

// Each published export names its bundle (./bundle/<name>.js); the module tsc built for it sits beside its types.
const input: Record<string, string> = {};
for (const target of Object.values(manifest.publishConfig.exports)) {
  if (typeof target === "string" || !target.default.startsWith("./bundle/")) continue;
  const name = target.default.slice("./bundle/".length, -".js".length);
  input[name] = join(directory, target.types.replace(/\.d\.ts$/, ".js"));
}
if (Object.keys(input).length === 0) throw new Error(`${manifest.name}: no export points into ./bundle/`);

rmSync(join(directory, "bundle"), { recursive: true, force: true });
const bundle = await rolldown({
  input,
  platform: "neutral",
  // Everything that is not one of this package's own modules is a dependency: resolved by the installer, not copied.
  external: (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("\0"),
  logLevel: "warn",
});
await bundle.write({ dir: join(directory, "bundle"), format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" });
await bundle.close();
console.log(`${manifest.name}: bundled ${Object.keys(input).join(", ")} into bundle/`);
