import type { Bitstring } from "@digitalbazaar/bitstring";
import { loadBitstring } from "./lazy-libraries.ts";

/** Bitstring Status List v1.0: 131,072 entries (16 KiB) is the minimum that gives holders herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
export const STATUS_LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential";
export const STATUS_LIST_ENTRY_TYPE = "BitstringStatusListEntry";

/** The credentialStatus of a MembershipCredential. */
export interface StatusListEntry {
  id: string;
  type: typeof STATUS_LIST_ENTRY_TYPE;
  statusPurpose: "revocation";
  statusListIndex: string;
  statusListCredential: string;
}

export function statusListEntry(statusListUrl: string, index: number): StatusListEntry {
  return {
    id: `${statusListUrl}#${index}`,
    type: STATUS_LIST_ENTRY_TYPE,
    statusPurpose: "revocation",
    statusListIndex: String(index),
    statusListCredential: statusListUrl,
  };
}

/** A revocation list: bit i set ⇔ the credential with statusListIndex i is revoked. */
export class RevocationList {
  readonly #bits: Bitstring;

  private constructor(bits: Bitstring) {
    this.#bits = bits;
  }

  /** A list with nothing revoked. */
  static async empty(): Promise<RevocationList> {
    const Bitstring = await loadBitstring();
    return new RevocationList(new Bitstring({ length: STATUS_LIST_LENGTH }));
  }

  /** From a status list's `encodedList`: multibase base64url ("u" prefix) of the GZIP-compressed bits. */
  static async decode(encodedList: string): Promise<RevocationList> {
    if (!encodedList.startsWith("u")) throw new Error("encodedList must be multibase base64url (prefix 'u')");
    const Bitstring = await loadBitstring();
    const buffer = await Bitstring.decodeBits({ encoded: encodedList.slice(1) });
    return new RevocationList(new Bitstring({ buffer }));
  }

  /** The list as the status list credential carries it (gzip, base64url). */
  async encode(): Promise<string> {
    return `u${await this.#bits.encodeBits()}`;
  }

  get length(): number {
    return this.#bits.length;
  }

  /** Whether the entry at `index` is revoked. */
  isRevoked(index: number): boolean {
    return this.#bits.get(index);
  }

  /** Marks the entry at `index` revoked. */
  revoke(index: number): void {
    this.#bits.set(index, true);
  }
}

/** A random free index: sequential indexes would let a verifier guess issuance order and list size. */
export function allocateStatusIndex(used: ReadonlySet<number>, length = STATUS_LIST_LENGTH): number {
  if (used.size >= length) throw new Error("status list is full");
  for (;;) {
    const index = uniformBelow(length);
    if (!used.has(index)) return index;
  }
}

/** A uniform integer in [0, bound) from Web Crypto (rejection sampling: no modulo bias). */
export function uniformBelow(bound: number): number {
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1)) as unknown as [number];
    if (value < limit) return value % bound;
  }
}
