import type { DIDResolutionResult, Resolvable } from "did-resolver";

/** How long a resolved document of a DID that can change (did:web, did:ethr) is reused. */
const MUTABLE_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 1_000;

/**
 * A resolver that remembers what it resolved: a did:key document is derived from the DID itself and never changes,
 * so it is kept (up to 1,000 DIDs); other methods' documents for five minutes, so a rotated key is seen soon after.
 * Failures are never kept. Verifying the same issuer's credentials then costs one resolution, not one each.
 */
export function cachedResolver(inner: Resolvable, clock: () => number = Date.now): Resolvable {
  const cache = new Map<string, { result: Promise<DIDResolutionResult>; until: number }>();
  return {
    resolve(didUrl, options) {
      const did = didUrl.split("#")[0]?.split("?")[0] ?? didUrl;
      const now = clock();
      const kept = cache.get(did);
      if (kept && kept.until > now) return kept.result;
      const result = inner.resolve(did, options).then((resolved) => {
        if (resolved.didResolutionMetadata?.error || !resolved.didDocument) cache.delete(did);
        return resolved;
      });
      result.catch(() => cache.delete(did));
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(did, { result, until: did.startsWith("did:key:") ? Number.POSITIVE_INFINITY : now + MUTABLE_TTL_MS });
      return result;
    },
  };
}
