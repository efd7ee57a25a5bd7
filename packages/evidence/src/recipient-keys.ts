import type { Resolvable } from "did-resolver";
import { NoKeyAgreementError } from "./errors.ts";
import { loadDidJwt } from "./lazy-libraries.ts";

const KEY_AGREEMENT_TYPES = ["X25519KeyAgreementKey2019", "X25519KeyAgreementKey2020", "JsonWebKey2020", "Multikey"];

/**
 * The X25519 key-agreement key of `did`, from its DID document. Only the key's bytes go into the envelope's
 * key wrapping; neither the DID nor the key's id is written anywhere.
 */
export async function resolveKeyAgreementKey(did: string, resolver: Resolvable | undefined): Promise<Uint8Array> {
  if (!resolver) throw new NoKeyAgreementError(did, "no DID resolver was given to look up its key");
  let resolved: Awaited<ReturnType<Resolvable["resolve"]>>;
  try {
    resolved = await resolver.resolve(did);
  } catch (error) {
    throw new NoKeyAgreementError(did, (error as Error).message);
  }
  const document = resolved.didDocument;
  if (resolved.didResolutionMetadata?.error || !document) {
    throw new NoKeyAgreementError(did, `it does not resolve (${resolved.didResolutionMetadata?.error ?? "no document"})`);
  }
  const { extractPublicKeyBytes } = await loadDidJwt();
  const methods = [...(document.verificationMethod ?? [])];
  for (const entry of document.keyAgreement ?? []) {
    const method = typeof entry === "string" ? methods.find((m) => m.id === entry) : entry;
    if (!method || !KEY_AGREEMENT_TYPES.includes(method.type)) continue;
    const { keyBytes, keyType } = extractPublicKeyBytes(method);
    if (keyType === "X25519" && keyBytes.length === 32) return keyBytes;
  }
  throw new NoKeyAgreementError(did, "its DID document lists no X25519 keyAgreement key");
}
