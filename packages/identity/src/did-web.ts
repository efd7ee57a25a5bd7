import { base64urlEncode } from "@mutua/core";
import { hexToBytes } from "@noble/hashes/utils.js";
import type { IIdentifier, IKey } from "@veramo/core-types";
import type { DIDDocument, DIDResolutionResult, DIDResolver, VerificationMethod } from "did-resolver";

const DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"];
const FETCH_TIMEOUT_MS = 10_000;

/** did:web:example.com:mutual → https://example.com/mutual/did.json (without a path: /.well-known/did.json). */
export function didWebUrl(did: string, insecureHosts: readonly string[] = []): URL {
  const [method, ...segments] = did.replace(/^did:/, "").split(":");
  if (method !== "web" || segments.length === 0) throw new Error(`not a did:web: ${did}`);
  const host = decodeURIComponent(segments[0] as string);
  const path = segments.slice(1).map(decodeURIComponent);
  const hostname = host.replace(/:\d+$/, "");
  const protocol = insecureHosts.includes(hostname) ? "http" : "https";
  return new URL(`${protocol}://${host}/${path.length > 0 ? `${path.join("/")}/did.json` : ".well-known/did.json"}`);
}

/**
 * The DID document the issuer publishes at didWebUrl(did): Ed25519 keys sign (assertion, authentication),
 * X25519 keys receive encrypted evidence (keyAgreement).
 */
export function didWebDocument(identifier: Pick<IIdentifier, "did" | "keys">): DIDDocument {
  const methods = identifier.keys.map((key) => verificationMethod(identifier.did, key));
  const ids = (type: IKey["type"]) => identifier.keys.filter((k) => k.type === type).map((k) => `${identifier.did}#${k.kid}`);
  return {
    "@context": DID_CONTEXT,
    id: identifier.did,
    verificationMethod: methods,
    authentication: ids("Ed25519"),
    assertionMethod: ids("Ed25519"),
    keyAgreement: ids("X25519"),
  };
}

function verificationMethod(did: string, key: IKey): VerificationMethod {
  if (key.type !== "Ed25519" && key.type !== "X25519") {
    throw new Error(`did:web documents here carry Ed25519 and X25519 keys; ${key.kid} is ${key.type}`);
  }
  const x = base64urlEncode(hexToBytes(key.publicKeyHex));
  return { id: `${did}#${key.kid}`, type: "JsonWebKey2020", controller: did, publicKeyJwk: { kty: "OKP", crv: key.type, x } };
}

/** A did:web resolver (the did:web method spec) that may use plain http for the listed hosts only. */
export function didWebResolver(options: { insecureHosts: readonly string[] }): Record<string, DIDResolver> {
  const resolve: DIDResolver = async (did) => {
    const failure = (error: string, message: string): DIDResolutionResult => ({
      didResolutionMetadata: { error, message },
      didDocument: null,
      didDocumentMetadata: {},
    });
    let url: URL;
    try {
      url = didWebUrl(did, options.insecureHosts);
    } catch (error) {
      return failure("invalidDid", (error as Error).message);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) return failure("notFound", `${url} answered ${response.status}`);
      const document = (await response.json()) as DIDDocument;
      if (document.id !== did) return failure("notFound", `${url} holds the document of ${document.id}, not ${did}`);
      return { didDocument: document, didDocumentMetadata: {}, didResolutionMetadata: { contentType: "application/did+json" } };
    } catch (error) {
      return failure("notFound", `${url}: ${(error as Error).message}`);
    }
  };
  return { web: resolve };
}
