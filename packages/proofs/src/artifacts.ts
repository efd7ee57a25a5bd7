import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ArtifactError } from "./errors.ts";

/** Where the eligibility circuit's artifacts are: file paths, file: URLs or http(s) URLs. */
export interface EligibilityArtifactSources {
  wasm: string | URL;
  zkey: string | URL;
  verificationKey: string | URL;
  /** MAX_DEPTH the circuit was compiled with. */
  maxDepth: number;
}

/** Groth16 verification key as exported by snarkjs. */
export interface VerificationKey {
  protocol: "groth16";
  curve: string;
  nPublic: number;
  [key: string]: unknown;
}

/** The artifacts in memory: proving reads them once, not on every proof. */
export interface EligibilityArtifacts {
  wasm: Uint8Array;
  zkey: Uint8Array;
  verificationKey: VerificationKey;
  maxDepth: number;
}

async function readSource(source: string | URL): Promise<Uint8Array> {
  const text = String(source);
  try {
    if (/^https?:\/\//.test(text)) {
      const response = await fetch(text);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    }
    return new Uint8Array(await readFile(text.startsWith("file:") ? fileURLToPath(text) : text));
  } catch (error) {
    throw new ArtifactError(text, (error as Error).message, { cause: error });
  }
}

/** Reads a Groth16 verification key (path or URL) and checks it is one for BN254. */
export async function loadVerificationKey(source: string | URL): Promise<VerificationKey> {
  const bytes = await readSource(source);
  let key: VerificationKey;
  try {
    key = JSON.parse(new TextDecoder().decode(bytes)) as VerificationKey;
  } catch (error) {
    throw new ArtifactError(String(source), "verification key is not JSON", { cause: error });
  }
  if (key.protocol !== "groth16" || key.curve !== "bn128") throw new ArtifactError(String(source), "not a Groth16 BN254 verification key");
  return key;
}

/** Reads the wasm, zkey and verification key from paths or URLs, in parallel. */
export async function loadEligibilityArtifacts(sources: EligibilityArtifactSources): Promise<EligibilityArtifacts> {
  const [wasm, zkey, verificationKey] = await Promise.all([
    readSource(sources.wasm),
    readSource(sources.zkey),
    loadVerificationKey(sources.verificationKey),
  ]);
  return { wasm, zkey, verificationKey, maxDepth: sources.maxDepth };
}
