import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "@mutua/core/node";
import { bytesToHex, hexToBytes, randomBytes } from "@noble/hashes/utils.js";
import type { VeramoJsonCache, VeramoJsonStore } from "@veramo/data-store-json";
import type { SecretBox } from "@veramo/kms-local";
import { AgentStorageError } from "./errors.ts";
import { scryptKey } from "./scrypt-key.ts";

const FORMAT = "mutua-agent-store/1";
const CHECK_PLAINTEXT = "mutua agent store";
// scrypt cost: ~100 ms on these machines, paid once per open.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

interface StoreFile {
  format: typeof FORMAT;
  salt: string;
  /** CHECK_PLAINTEXT under the derived key: a wrong secret fails at open, not at the first signature. */
  check: string;
  state: VeramoJsonCache;
}

const TABLES = ["dids", "keys", "privateKeys", "credentials", "claims", "presentations", "messages"] as const;

/**
 * Veramo's JSON data store kept in one file. Private keys inside it are encrypted with a key derived
 * from the user's secret (scrypt); everything else (DIDs, public keys, credentials) is plain JSON.
 * Every change is written to a temporary file and renamed over the old one, so a crash never leaves
 * half a file.
 */
export class FileJsonStore implements VeramoJsonStore {
  dids: VeramoJsonCache["dids"] = {};
  keys: VeramoJsonCache["keys"] = {};
  privateKeys: VeramoJsonCache["privateKeys"] = {};
  credentials: VeramoJsonCache["credentials"] = {};
  claims: VeramoJsonCache["claims"] = {};
  presentations: VeramoJsonCache["presentations"] = {};
  messages: VeramoJsonCache["messages"] = {};
  readonly secretBox: SecretBox;
  readonly #path: string;
  readonly #salt: string;
  readonly #check: string;
  #writes: Promise<void> = Promise.resolve();

  private constructor(path: string, salt: string, secretBox: SecretBox, check: string) {
    this.#path = path;
    this.#salt = salt;
    this.secretBox = secretBox;
    this.#check = check;
  }

  /** Opens the store at `path`, creating it when missing. Throws AgentStorageError on a wrong secret or a corrupt file. */
  static async open(path: string, secret: string): Promise<FileJsonStore> {
    // Veramo's key box, loaded with the agent that uses it (not when the package is imported).
    const { SecretBox } = await import("@veramo/kms-local");
    if (secret.length < 8) throw new AgentStorageError(path, "the storage secret must be at least 8 characters");
    if (!existsSync(path)) {
      const salt = bytesToHex(randomBytes(16));
      const box = new SecretBox(deriveKey(secret, salt));
      const store = new FileJsonStore(path, salt, box, await box.encrypt(CHECK_PLAINTEXT));
      mkdirSync(dirname(path), { recursive: true });
      store.#writeNow();
      return store;
    }
    let file: StoreFile;
    try {
      file = JSON.parse(readFileSync(path, "utf8")) as StoreFile;
    } catch (error) {
      throw new AgentStorageError(path, "not a readable JSON file", { cause: error });
    }
    if (file.format !== FORMAT) throw new AgentStorageError(path, `unknown format ${String(file.format)}`);
    const box = new SecretBox(deriveKey(secret, file.salt));
    const check = await box.decrypt(file.check).catch(() => undefined);
    if (check !== CHECK_PLAINTEXT) throw new AgentStorageError(path, "wrong secret (cannot decrypt the store's check value)");
    const store = new FileJsonStore(path, file.salt, box, file.check);
    for (const table of TABLES) Object.assign(store[table] as object, file.state[table] ?? {});
    return store;
  }

  notifyUpdate = async (): Promise<void> => {
    this.#writes = this.#writes.then(() => this.#writeNow());
    return this.#writes;
  };

  /** Resolves once every pending write has reached the disk. */
  flush(): Promise<void> {
    return this.#writes;
  }

  #writeNow(): void {
    const state = Object.fromEntries(TABLES.map((table) => [table, this[table]])) as VeramoJsonCache;
    const file: StoreFile = { format: FORMAT, salt: this.#salt, check: this.#check, state };
    writeFileAtomic(this.#path, JSON.stringify(file), { mode: 0o600 });
  }
}

function deriveKey(secret: string, saltHex: string): string {
  return bytesToHex(scryptKey(new TextEncoder().encode(secret), hexToBytes(saltHex), SCRYPT));
}
