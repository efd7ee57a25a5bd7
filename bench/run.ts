// pnpm bench: runs every suite, prints medians, writes bench/results/<commit>.json and latest.json.
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchApp } from "./app.ts";
import { benchCli } from "./cli.ts";
import { benchContracts } from "./contracts.ts";
import { benchEvidence } from "./evidence.ts";
import { benchEvidenceBrowser } from "./evidence-browser.ts";
import { benchIdentity } from "./identity.ts";
import { benchLoad } from "./load.ts";
import { benchParametric } from "./parametric.ts";
import { benchPricing } from "./pricing.ts";
import { benchProofs } from "./proofs.ts";
import { benchRelayer } from "./relayer.ts";
import { benchScale, benchScaleMillion } from "./scale.ts";
import { benchSoak } from "./soak.ts";
import { benchStandardCredentials } from "./standard-credentials.ts";

const suites: Record<string, (log: (line: string) => void) => Promise<Record<string, unknown>>> = {
  proofs: benchProofs,
  contracts: benchContracts,
  identity: benchIdentity,
  oid4vc: benchStandardCredentials,
  pricing: benchPricing,
  evidence: benchEvidence,
  "evidence-browser": benchEvidenceBrowser,
  relayer: benchRelayer,
  parametric: benchParametric,
  cli: benchCli,
  scale: benchScale,
  load: benchLoad,
  app: benchApp,
  // Minutes of setup (a million leaves on a chain): run on its own with --only scale-million.
  "scale-million": benchScaleMillion,
  // Ten minutes of services killed under load: run on its own with --only soak.
  soak: benchSoak,
};
const onlyWhenAsked = new Set(["scale-million", "soak"]);

const { values } = parseArgs({ options: { only: { type: "string", multiple: true } } });
const selected = values.only ?? Object.keys(suites).filter((name) => !onlyWhenAsked.has(name));
const commit = (() => {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "uncommitted";
  }
})();

const report: Record<string, unknown> = {
  commit,
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30) },
};
for (const name of selected) {
  const suite = suites[name];
  if (!suite) throw new Error(`unknown suite ${name}; known: ${Object.keys(suites).join(", ")}`);
  console.log(`\n== ${name}`);
  report[name] = await suite((line) => console.log(`  ${line}`));
}

const dir = join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
const json = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync(join(dir, `${commit}.json`), json);
writeFileSync(join(dir, "latest.json"), json);
console.log(`\nwrote bench/results/${commit}.json`);
process.exit(0);
