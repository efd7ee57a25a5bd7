import type { Resolvable } from "did-resolver";
import { base58btc } from "multiformats/bases/base58";

/** Multicodec prefixes of Ed25519 and X25519 public keys, as did:key and Multikey encode them. */
const KEY_PREFIXES = [Uint8Array.of(0xed, 0x01), Uint8Array.of(0xec, 0x01)];

/**
 * Every form in which a member could be recognised in public data, lowercased for a case-insensitive search:
 * the DID, its method-specific id, every verification method id, and every public key of the DID document
 * (Ed25519 and X25519) as hex, base64, base64url, base58 and multibase; and addresses as 40 hex digits.
 */
export async function identifierForms(subject: { did?: string; resolver?: Resolvable; addresses?: readonly string[] }): Promise<string[]> {
  const forms = new Set<string>();
  for (const address of subject.addresses ?? []) forms.add(address.toLowerCase().replace(/^0x/, ""));
  if (subject.did) {
    forms.add(subject.did);
    forms.add(subject.did.split(":").slice(2).join(":"));
    const document = subject.resolver ? (await subject.resolver.resolve(subject.did)).didDocument : null;
    for (const method of [...(document?.verificationMethod ?? []), ...(document?.keyAgreement ?? [])]) {
      if (typeof method === "string") {
        forms.add(method);
        continue;
      }
      forms.add(method.id);
      if (method.id.includes("#")) forms.add(method.id.split("#")[1] as string);
      const key = keyBytes(method);
      if (key) for (const form of keyForms(key)) forms.add(form);
    }
  }
  return [...forms].filter((f) => f.length >= 16).map((f) => f.toLowerCase());
}

/** A public key in every common encoding. */
export function keyForms(key: Uint8Array): string[] {
  const bytes = Buffer.from(key);
  return [
    bytes.toString("hex"),
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64url"),
    base58btc.baseEncode(key),
    ...KEY_PREFIXES.map((prefix) => base58btc.encode(Uint8Array.from([...prefix, ...key]))),
  ];
}

function keyBytes(method: { publicKeyMultibase?: string; publicKeyBase58?: string; publicKeyHex?: string; publicKeyJwk?: { x?: string } }) {
  if (method.publicKeyMultibase) {
    const decoded = base58btc.decode(method.publicKeyMultibase);
    return decoded.length === 34 ? decoded.subarray(2) : decoded;
  }
  if (method.publicKeyBase58) return base58btc.baseDecode(method.publicKeyBase58);
  if (method.publicKeyHex) return Uint8Array.from(Buffer.from(method.publicKeyHex, "hex"));
  if (method.publicKeyJwk?.x) return Uint8Array.from(Buffer.from(method.publicKeyJwk.x, "base64url"));
  return undefined;
}
