import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { BackupDecryptionError } from "./errors.ts";
import { scryptKey } from "./scrypt-key.ts";

const FORMAT = "mutua-sealed/1";
// ~100 ms per derivation here: slows down guessing a passphrase, paid on backup, restore and open.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

interface Sealed {
  format: typeof FORMAT;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  nonce: string;
  ciphertext: string;
}

/** JSON encrypted under a passphrase: scrypt derives the key, XChaCha20-Poly1305 encrypts and authenticates. */
export function sealJson(value: unknown, passphrase: string): string {
  return PassphraseSealer.derive(passphrase).seal(value);
}

/** Throws BackupDecryptionError on a wrong passphrase or any change to the sealed text. */
export function unsealJson<T>(text: string, passphrase: string): T {
  return PassphraseSealer.open<T>(text, passphrase).value;
}

/**
 * One scrypt derivation (one salt) for many seals under the same passphrase, each with a fresh random nonce: a
 * wallet that re-seals its storage after every change pays the derivation once per session, not once per change
 * (~90 ms in Node, ~180 ms in a browser). The output is exactly sealJson's; anything sealed under another
 * passphrase (an exported backup) gets a sealer of its own, with its own salt.
 */
export class PassphraseSealer {
  readonly #salt: Uint8Array;
  readonly #key: Uint8Array;

  private constructor(salt: Uint8Array, key: Uint8Array) {
    this.#salt = salt;
    this.#key = key;
  }

  /** A new salt and the key scrypt derives from it and `passphrase`. */
  static derive(passphrase: string): PassphraseSealer {
    if (passphrase.length < 8) throw new BackupDecryptionError("the passphrase must be at least 8 characters");
    const salt = randomBytes(16);
    return new PassphraseSealer(salt, scryptKey(new TextEncoder().encode(passphrase), salt, SCRYPT));
  }

  /**
   * Opens `text` (BackupDecryptionError on a wrong passphrase or any change) and keeps its key for the next seals,
   * unless it was sealed with other scrypt parameters than today's: then the next seals get a fresh derivation.
   */
  static open<T>(text: string, passphrase: string): { value: T; sealer: PassphraseSealer } {
    let sealed: Sealed;
    try {
      sealed = JSON.parse(text) as Sealed;
    } catch {
      throw new BackupDecryptionError("not a sealed JSON document");
    }
    if (sealed.format !== FORMAT || sealed.kdf?.name !== "scrypt")
      throw new BackupDecryptionError(`unknown format ${String(sealed.format)}`);
    // Bound the KDF cost a crafted file can make us pay.
    if (sealed.kdf.N > 2 ** 20 || sealed.kdf.r > 16 || sealed.kdf.p > 4) throw new BackupDecryptionError("scrypt parameters out of range");
    const salt = unb64(sealed.kdf.salt);
    const key = scryptKey(new TextEncoder().encode(passphrase), salt, { N: sealed.kdf.N, r: sealed.kdf.r, p: sealed.kdf.p, dkLen: 32 });
    let plaintext: Uint8Array;
    try {
      plaintext = xchacha20poly1305(key, unb64(sealed.nonce)).decrypt(unb64(sealed.ciphertext));
    } catch {
      throw new BackupDecryptionError("wrong passphrase, or the backup was changed");
    }
    const value = JSON.parse(new TextDecoder().decode(plaintext)) as T;
    const current = sealed.kdf.N === SCRYPT.N && sealed.kdf.r === SCRYPT.r && sealed.kdf.p === SCRYPT.p;
    return { value, sealer: current ? new PassphraseSealer(salt, key) : PassphraseSealer.derive(passphrase) };
  }

  /** `value` as JSON, sealed under this sealer's key (XChaCha20-Poly1305), with the salt to derive it again. */
  seal(value: unknown): string {
    const nonce = randomBytes(24);
    const ciphertext = xchacha20poly1305(this.#key, nonce).encrypt(new TextEncoder().encode(JSON.stringify(value)));
    const sealed: Sealed = {
      format: FORMAT,
      kdf: { name: "scrypt", N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: b64(this.#salt) },
      nonce: b64(nonce),
      ciphertext: b64(ciphertext),
    };
    return JSON.stringify(sealed);
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
