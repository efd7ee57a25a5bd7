import { registerHooks } from "node:module";

const seen = new Set();
registerHooks({
  load(url, ctx, next) {
    seen.add(url);
    return next(url, ctx);
  },
});
const spec = process.argv[2];
const t = performance.now();
await import(spec);
const ms = performance.now() - t;
const byPkg = {};
for (const u of seen) {
  const m = u.match(/node_modules\/((@[^/]+\/)?[^/]+)\//g);
  const k = m ? m[m.length - 1].replace(/node_modules\/|\/$/g, "") : u.slice(0, 60);
  byPkg[k] = (byPkg[k] || 0) + 1;
}
console.log(spec, seen.size, "modules", ms.toFixed(0), "ms");
console.log(
  Object.entries(byPkg)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, v]) => `${v} ${k}`)
    .join("\n"),
);
