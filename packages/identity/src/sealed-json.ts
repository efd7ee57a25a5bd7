import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { BackupDecryptionError } from "./errors.ts";
import { scryptKey } from "./scrypt-key.ts";

const FORMAT = "mutua-sealed/1";
// ~100 ms per seal/unseal here: slows down guessing a passphrase, paid only on backup, restore and open.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

interface Sealed {
  format: typeof FORMAT;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  nonce: string;
  ciphertext: string;
}

/** JSON encrypted under a passphrase: scrypt derives the key, XChaCha20-Poly1305 encrypts and authenticates. */
export function sealJson(value: unknown, passphrase: string): string {
  if (passphrase.length < 8) throw new BackupDecryptionError("the passphrase must be at least 8 characters");
  const salt = randomBytes(16);
  const nonce = randomBytes(24);
  const key = scryptKey(new TextEncoder().encode(passphrase), salt, SCRYPT);
  const ciphertext = xchacha20poly1305(key, nonce).encrypt(new TextEncoder().encode(JSON.stringify(value)));
  const sealed: Sealed = {
    format: FORMAT,
    kdf: { name: "scrypt", N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: b64(salt) },
    nonce: b64(nonce),
    ciphertext: b64(ciphertext),
  };
  return JSON.stringify(sealed);
}

/** Throws BackupDecryptionError on a wrong passphrase or any change to the sealed text. */
export function unsealJson<T>(text: string, passphrase: string): T {
  let sealed: Sealed;
  try {
    sealed = JSON.parse(text) as Sealed;
  } catch {
    throw new BackupDecryptionError("not a sealed JSON document");
  }
  if (sealed.format !== FORMAT || sealed.kdf?.name !== "scrypt") throw new BackupDecryptionError(`unknown format ${String(sealed.format)}`);
  // Bound the KDF cost a crafted file can make us pay.
  if (sealed.kdf.N > 2 ** 20 || sealed.kdf.r > 16 || sealed.kdf.p > 4) throw new BackupDecryptionError("scrypt parameters out of range");
  const key = scryptKey(new TextEncoder().encode(passphrase), unb64(sealed.kdf.salt), {
    N: sealed.kdf.N,
    r: sealed.kdf.r,
    p: sealed.kdf.p,
    dkLen: 32,
  });
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(key, unb64(sealed.nonce)).decrypt(unb64(sealed.ciphertext));
  } catch {
    throw new BackupDecryptionError("wrong passphrase, or the backup was changed");
  }
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
