// The key the app's releases are signed with (ECDSA P-256, as Web Crypto verifies it in every browser). A mutual
// signs its own releases: MUTUA_RELEASE_KEY names its private key (a JWK file, made with
// `node packages/app/build/release-key.ts new <file>`, kept off the build host's disk when not building). Without it
// the build signs with the development key committed beside this file, which anyone can use: like the development
// trusted setup, it is for trying Mutua, never for members' money.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The public half, as the service worker carries it. */
export interface ReleasePublicKey {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
}

export const DEVELOPMENT_RELEASE_KEY = join(import.meta.dirname, "development-release-key.json");

/** The signing key for this build: MUTUA_RELEASE_KEY's, or the development key (`development` says which). */
export function releaseSigningKey(path = process.env.MUTUA_RELEASE_KEY): {
  privateKey: KeyObject;
  publicJwk: ReleasePublicKey;
  development: boolean;
} {
  const file = path ?? DEVELOPMENT_RELEASE_KEY;
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(readFileSync(file, "utf8")) as JsonWebKey;
  } catch (error) {
    throw new Error(`the app's release key cannot be read from ${file}: ${(error as Error).message}`);
  }
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d) throw new Error(`${file} is not a private ECDSA P-256 key (JWK)`);
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  const { x, y } = createPublicKey(privateKey).export({ format: "jwk" });
  return { privateKey, publicJwk: { kty: "EC", crv: "P-256", x: x as string, y: y as string }, development: path === undefined };
}

/** Writes a new private key (JWK) to `file`, readable by its owner only. */
export function newReleaseKey(file: string): ReleasePublicKey {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  writeFileSync(file, `${JSON.stringify(privateKey.export({ format: "jwk" }), null, 1)}\n`, { mode: 0o600 });
  return releaseSigningKey(file).publicJwk;
}

if (import.meta.main && process.argv[2] === "new" && process.argv[3]) {
  console.log(JSON.stringify(newReleaseKey(process.argv[3])));
}
