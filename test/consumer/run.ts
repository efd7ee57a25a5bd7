// `pnpm consumer`: the packages as an integrator gets them from the registry. Every publishable package is packed
// (`pnpm pack`: workspace versions resolved, the publish-time exports map, only the listed files), installed with npm
// into empty folders outside the workspace (no workspace links, no "source" condition), and then:
// - the SDK alone: packages and megabytes installed, and the time `import "@mutua/sdk"` takes (goals below);
// - its types: a small TypeScript consumer type-checks against the published .d.ts files (node16 and bundler);
// - publint and are-the-types-wrong on every tarball;
// - the README's integrator example (SDK + devnet) runs under Node 24 and Node 22;
// - a browser consumer of @mutua/sdk/browser bundles with Vite and creates a wallet in Chromium.
// Writes what it measured to .ci/out/consumer.json and exits non-zero on any failure or missed goal.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserCheck } from "./browser-check.ts";
import { installedSize, npmInstall, run } from "./npm.ts";
import { packAll } from "./pack.ts";

const GOALS = { packages: 350, megabytes: 250, importMs: 300 };
/** How far past its goal the import time may be on a busy machine before it counts as a regression. */
const IMPORT_REGRESSION = 1.5;
/** The same Vite the member app builds with. */
const VITE_VERSION = "8.3.8";

/** Prints how long `import "@mutua/sdk"` took, in milliseconds, from a fresh process. */
const IMPORT_TIMER = 'const t = performance.now(); await import("@mutua/sdk"); console.log(performance.now() - t);';

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(import.meta.dirname, "fixtures");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const work = mkdtempSync(join(tmpdir(), "mutua-consumer-"));
const failures: string[] = [];
const results: Record<string, unknown> = {};

async function step(name: string, work: () => void | Promise<void>): Promise<void> {
  const started = performance.now();
  process.stdout.write(`\n== ${name}\n`);
  try {
    await work();
    console.log(`   ok (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failures.push(`${name}: ${(error as Error).message.split("\n").slice(0, 12).join("\n")}`);
    console.log(`   FAILED: ${(error as Error).message.split("\n").slice(0, 30).join("\n")}`);
  }
}

try {
  const packs = packAll(join(work, "packs"));
  const tarballs = Object.fromEntries(packs.map((p) => [p.name, p.tarball]));
  console.log(`packed ${packs.length} packages into ${join(work, "packs")}`);

  // Node 22, the oldest Node the packages support (engines: >=22), from the registry like any other package.
  const node22Dir = join(work, "node22");
  const node24 = process.execPath;
  let node22 = "";
  await step("Node 22 from the registry", () => {
    npmInstall(node22Dir, { node: "22" });
    node22 = join(node22Dir, "node_modules", ".bin", "node");
    console.log(`   ${run(node22, ["--version"]).trim()} beside ${process.version}`);
  });

  const sdk = join(work, "sdk");
  await step("install @mutua/sdk alone", () => {
    npmInstall(sdk, { "@mutua/sdk": tarballs["@mutua/sdk"] as string }, tarballs);
    const size = installedSize(sdk);
    results.install = size;
    console.log(`   ${size.packages} packages, ${size.megabytes} MB (goals: ≤ ${GOALS.packages}, ≤ ${GOALS.megabytes} MB)`);
    if (size.packages > GOALS.packages) throw new Error(`${size.packages} packages installed, more than ${GOALS.packages}`);
    if (size.megabytes > GOALS.megabytes) throw new Error(`${size.megabytes} MB installed, more than ${GOALS.megabytes}`);
  });

  await step('import "@mutua/sdk" in plain Node', () => {
    const time = (node: string) => {
      const runs = Array.from({ length: 9 }, () => Number(run(node, ["--input-type=module", "-e", IMPORT_TIMER], { cwd: sdk }).trim()));
      return median(runs);
    };
    const [on24, on22] = [time(node24), node22 ? time(node22) : Number.NaN];
    results.importMs = { node24: on24, node22: on22 };
    const verdict = on24 <= GOALS.importMs ? "met" : "NOT MET";
    console.log(
      `   median of 9: ${on24.toFixed(0)} ms on Node 24, ${on22.toFixed(0)} ms on Node 22 (goal ≤ ${GOALS.importMs} ms: ${verdict})`,
    );
    // A timing on a shared machine is reported, not asserted (pnpm bench is where speed is judged); what fails here is
    // a regression no noise explains: a heavy library loaded at import again (Veramo alone took it to 920 ms).
    if (on24 > GOALS.importMs * IMPORT_REGRESSION)
      throw new Error(`import took ${on24.toFixed(0)} ms on Node 24: a heavy module loads at import again`);
  });

  for (const resolution of ["node16", "bundler"] as const) {
    await step(`type-check a TypeScript consumer (moduleResolution ${resolution})`, () => {
      cpSync(join(fixtures, "typecheck.ts"), join(sdk, "typecheck.ts"));
      cpSync(join(fixtures, `tsconfig.${resolution}.json`), join(sdk, `tsconfig.${resolution}.json`));
      run(bin("tsc"), ["-p", `tsconfig.${resolution}.json`], { cwd: sdk });
    });
  }

  await step("publint and are-the-types-wrong on every tarball", () => {
    for (const { name, tarball } of packs) {
      run(bin("publint"), ["run", "--strict", tarball], { cwd: work });
      // ESM only, as the packages are: CommonJS resolutions are not checked.
      run(bin("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"], { cwd: work });
      console.log(`   ${name}: clean`);
    }
  });

  const example = join(work, "example");
  await step("the README's integrator example under Node 24 and Node 22", () => {
    npmInstall(example, { "@mutua/sdk": tarballs["@mutua/sdk"] as string, "@mutua/devnet": tarballs["@mutua/devnet"] as string }, tarballs);
    cpSync(join(root, "packages", "sdk", "examples", "integrator.ts"), join(example, "integrator.ts"));
    cpSync(join(fixtures, "run-example.ts"), join(example, "run-example.ts"));
    for (const node of [node24, node22].filter(Boolean)) {
      const output = run(node, ["run-example.ts"], { cwd: example });
      console.log(`   ${run(node, ["--version"]).trim()}: ${output.trim()}`);
    }
  });

  const browser = join(work, "browser");
  await step("a browser consumer of @mutua/sdk/browser, bundled with Vite and run in Chromium", async () => {
    npmInstall(browser, { "@mutua/sdk": tarballs["@mutua/sdk"] as string, vite: VITE_VERSION }, tarballs);
    mkdirSync(join(browser, "src"), { recursive: true });
    cpSync(join(fixtures, "browser", "index.html"), join(browser, "index.html"));
    cpSync(join(fixtures, "browser", "main.ts"), join(browser, "src", "main.ts"));
    const output = run(join(browser, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], { cwd: browser });
    if (/error/i.test(output)) throw new Error(output);
    results.browser = await browserCheck(join(browser, "dist"));
    console.log(`   ${JSON.stringify(results.browser)}`);
  });
} finally {
  mkdirSync(join(root, ".ci", "out"), { recursive: true });
  writeFileSync(join(root, ".ci", "out", "consumer.json"), `${JSON.stringify({ ...results, failures }, null, 2)}\n`);
  if (!process.env.MUTUA_KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.log(`\nconsumer test: ${failures.length} failed\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log("\nconsumer test: all passed");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
