import { scrypt } from "@noble/hashes/scrypt.js";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  dkLen: number;
}

type NodeCrypto = {
  scryptSync(
    password: Uint8Array,
    salt: Uint8Array,
    keylen: number,
    options: { N: number; r: number; p: number; maxmem: number },
  ): Uint8Array;
};

// Node's built-in scrypt (OpenSSL) where there is one, found without a static import so that browser bundles keep
// the pure-JS one: the same key, in half the time (93 ms against 181 ms at N = 2^15 on these machines), which every
// CLI command opening a wallet or an agent pays.
const native = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:crypto") as
  | NodeCrypto
  | undefined;

/** scrypt(password, salt) with `params`: Node's OpenSSL when available, else @noble/hashes. */
export function scryptKey(password: Uint8Array, salt: Uint8Array, params: ScryptParams): Uint8Array {
  if (native) {
    const maxmem = 128 * params.N * params.r * params.p + 2 ** 20;
    return new Uint8Array(native.scryptSync(password, salt, params.dkLen, { N: params.N, r: params.r, p: params.p, maxmem }));
  }
  return scrypt(password, salt, params);
}
