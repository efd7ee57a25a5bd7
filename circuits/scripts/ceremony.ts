// Phase-2 ceremony for the eligibility circuit: each participant adds a contribution; anyone verifies the chain.
//
//   node scripts/ceremony.ts contribute --in <previous.zkey> --out <next.zkey> --name "Alice"
//   node scripts/ceremony.ts verify --zkey <final.zkey> --ptau <pot.ptau> [--circuit eligibility|vote] [--depth 20]
//   node scripts/ceremony.ts finalize --in <last.zkey> --out <final.zkey> --beacon <hex from a public source>
//
// The chain starts at build/eligibility_<depth>/eligibility_<depth>.initial.zkey. One honest participant
// is enough for the keys to be sound; see docs/trusted-setup.md.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { buildDir, parseCircuitName } from "./lib/paths.ts";

const logger = { debug() {}, info: console.log, warn: console.warn, error: console.error };
const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    in: { type: "string" },
    out: { type: "string" },
    name: { type: "string" },
    entropy: { type: "string" },
    zkey: { type: "string" },
    ptau: { type: "string" },
    beacon: { type: "string" },
    depth: { type: "string", default: "20" },
    circuit: { type: "string", default: "eligibility" },
  },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") {
    console.error(`missing --${name}`);
    process.exit(2);
  }
  return value;
}

const circuit = parseCircuitName(values.circuit);
const name = `${circuit}_${values.depth}`;
const r1cs = join(buildDir, name, `${name}.r1cs`);

switch (command) {
  case "contribute": {
    // Entropy from the OS unless given; it must be thrown away afterwards, which this process does on exit.
    const entropy = values.entropy ?? randomBytes(64).toString("hex");
    const hash = await snarkjs.zKey.contribute(required("in"), required("out"), required("name"), entropy, logger);
    console.log(`contribution written to ${values.out}; publish this hash so others can check it is in the chain:`);
    console.log(Buffer.from(hash as Uint8Array).toString("hex"));
    break;
  }
  case "finalize": {
    await snarkjs.zKey.beacon(required("in"), required("out"), "final beacon", required("beacon"), 10, logger);
    break;
  }
  case "verify": {
    // The powers of tau are required: a zkey is only as good as the phase-1 file it is checked against.
    const ptau = required("ptau");
    const ok = await snarkjs.zKey.verifyFromR1cs(r1cs, ptau, required("zkey"), logger);
    console.log(ok ? "zkey verified: every contribution chains back to the circuit and the powers of tau" : "zkey INVALID");
    process.exitCode = ok ? 0 : 1;
    break;
  }
  default:
    console.error("usage: ceremony.ts contribute|finalize|verify [options] (see the header of this file)");
    process.exitCode = 2;
}
// snarkjs leaves worker threads behind.
process.exit(process.exitCode ?? 0);
