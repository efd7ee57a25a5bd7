import { readFileSync } from "node:fs";
import { builtCircuitArtifacts } from "@mutua/circuits";

/** The files a prover needs (witness code, proving key) and a verifier needs (verification key), for claims. */
export function readmeExample() {
  const eligibility = builtCircuitArtifacts("eligibility");
  const key = JSON.parse(readFileSync(eligibility.verificationKey, "utf8")) as { protocol: string; curve: string; nPublic: number };
  return { files: eligibility, protocol: key.protocol, curve: key.curve, publicInputs: key.nPublic };
}
