// After `vite build`: puts the release key into the service worker and signs the release (release.json, release.sig)
// over every file built and the circuits the app proves with. Run with --conditions=source (the circuits package's
// sources say where its built files are).
import { join } from "node:path";
import { builtCircuitArtifacts } from "@mutua/circuits";
import { releaseSigningKey } from "./release-key.ts";
import { signRelease, sourceTime, stampReleaseKey } from "./release-manifest.ts";

const dist = join(import.meta.dirname, "..", "dist");
const key = releaseSigningKey();
stampReleaseKey(dist, key.publicJwk);
const circuitFiles = (["eligibility", "vote"] as const).flatMap((circuit) => {
  const { wasm, zkey, verificationKey } = builtCircuitArtifacts(circuit);
  return [wasm, zkey, verificationKey];
});
const release = signRelease(dist, { issuedAt: sourceTime(), circuitFiles, key: key.privateKey });
console.log(
  `app: release ${release.version} signed (${Object.keys(release.files).length} files, ${release.circuits.length} circuit files)` +
    (key.development ? " with the DEVELOPMENT release key: set MUTUA_RELEASE_KEY to sign with the mutual's own" : ""),
);
