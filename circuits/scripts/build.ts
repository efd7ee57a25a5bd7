// Builds the circuits (eligibility: claims; vote: anonymous ballots) and their dev Groth16 keys; skips every
// step whose inputs did not change.
//   node scripts/build.ts [--depth 20] [--depth 32]    (extra depths are built for the eligibility circuit)
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { DEV_BEACON_LABEL, phase } from "./lib/dev-ptau.ts";
import type { CircuitName } from "./lib/paths.ts";
import { buildDir, circuitsDir, generatedVerifierPath, packageDirFromRoot, packageVersion, repoRoot } from "./lib/paths.ts";
import { run } from "./lib/run.ts";
import { devGroth16Setup, exportSolidityVerifier, exportVerificationKey } from "./lib/setup.ts";

/** The depth whose verifier the contracts deploy. */
const CONTRACT_DEPTH = 20;

const { values } = parseArgs({ options: { depth: { type: "string", multiple: true } } });
const depths = (values.depth ?? [String(CONTRACT_DEPTH)]).map(Number);

function filesUnder(dir: string): string[] {
  return (
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".circom") || name.endsWith(".ts"))
      // The ceremony and production-verifier scripts do not affect the dev artifacts.
      .filter((name) => name !== "ceremony.ts" && name !== "verifier.ts")
      .sort()
      .map((name) => join(dir, name))
  );
}

/** Everything the artifacts depend on: circuit sources, build scripts (not the ceremony), tool versions, the beacon. */
function inputsDigest(circuit: CircuitName, depth: number): string {
  const hash = createHash("sha256");
  hash.update(`circuit=${circuit}\ndepth=${depth}\nbeacon=${DEV_BEACON_LABEL}\n`);
  for (const pkg of ["circom2", "circomlib", "snarkjs"]) hash.update(`${pkg}@${packageVersion(pkg)}\n`);
  for (const file of [...filesUnder(join(circuitsDir, "src")), ...filesUnder(join(circuitsDir, "scripts"))]) {
    hash.update(relative(circuitsDir, file)).update(readFileSync(file));
  }
  return hash.digest("hex");
}

async function build(circuit: CircuitName, depth: number): Promise<void> {
  const name = `${circuit}_${depth}`;
  const out = join(buildDir, name);
  const stamp = join(out, "inputs.sha256");
  const digest = inputsDigest(circuit, depth);
  const zkey = join(out, `${name}.zkey`);
  const vkey = join(out, "verification_key.json");
  const wasm = join(out, `${name}_js`, `${name}.wasm`);
  const upToDate = existsSync(stamp) && readFileSync(stamp, "utf8") === digest && [zkey, vkey, wasm].every(existsSync);

  if (!upToDate) {
    const started = Date.now();
    console.log(`${name}: building once (compile, dev setup, keys); later runs skip it while the sources are unchanged`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const circomlib = join(packageDirFromRoot("circomlib"), "circuits");
    const source = relative(repoRoot, join(circuitsDir, "src", "main", `${name}.circom`));
    const circom = join(circuitsDir, "node_modules", ".bin", "circom2");
    console.log(`${name}: 1/3 compiling the circuit (at 0 s)`);
    run(
      circom,
      [
        source,
        "--r1cs",
        "--wasm",
        "--O2",
        "-l",
        circomlib,
        "-l",
        relative(repoRoot, join(circuitsDir, "src")),
        "-o",
        relative(repoRoot, out),
      ],
      repoRoot,
    );
    // circom emits CommonJS; this package is ESM, so mark the folder for Node and bundlers.
    writeFileSync(join(out, `${name}_js`, "package.json"), '{ "type": "commonjs" }\n');
    await phase(name, "2/3 Groth16 dev setup", started, () =>
      devGroth16Setup(join(out, `${name}.r1cs`), join(out, `${name}.initial.zkey`), zkey),
    );
    await phase(name, "3/3 verification key", started, () => exportVerificationKey(zkey, vkey));
    // Written last: a build that died half-way is redone from scratch next time.
    writeFileSync(stamp, digest);
    console.log(`${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    console.log(`${name}: up to date`);
  }

  if (depth !== CONTRACT_DEPTH) return;
  // A verifier built from a ceremony (scripts/verifier.ts) is never overwritten by the dev one.
  const verifierPath = generatedVerifierPath(circuit);
  if (existsSync(verifierPath) && readFileSync(verifierPath, "utf8").includes("DEV_SETUP = false")) {
    console.log(`${name}: keeping the ceremony verifier in ${relative(repoRoot, verifierPath)}`);
  } else if (await exportSolidityVerifier(zkey, verifierPath, { devSetup: true, circuit })) {
    console.log(`${name}: wrote ${relative(repoRoot, verifierPath)} (dev setup: NOT for production)`);
  }
}

for (const depth of depths) {
  if (!Number.isInteger(depth) || depth < 1 || depth > 32) throw new Error(`--depth must be an integer from 1 to 32, got ${depth}`);
  await build("eligibility", depth);
}
await build("vote", CONTRACT_DEPTH);
// snarkjs leaves worker threads behind; the build is done, so leave explicitly.
process.exit(0);
