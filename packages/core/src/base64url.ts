// base64url without padding (RFC 4648 §5), the encoding of every JOSE field: through multiformats, which the CID code
// already loads, so that encoding a key or a salt does not load a JOSE library.
import { base64url } from "multiformats/bases/base64";

/** Bytes as unpadded base64url (RFC 4648 §5), as JOSE writes keys, salts and signatures. */
export function base64urlEncode(bytes: Uint8Array): string {
  return base64url.baseEncode(bytes);
}

/** Unpadded base64url to bytes; throws on any character outside the alphabet. */
export function base64urlDecode(text: string): Uint8Array {
  return base64url.baseDecode(text);
}
