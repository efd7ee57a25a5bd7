// The verifier's resolver cache, as an attacker and a key rotation meet it: a did:key document is resolved once
// (it cannot change), another method's is re-read after five minutes (a rotated key is seen), a failure is never
// kept (a resolver down for a moment does not make a DID unresolvable), and the cache stays bounded.
import type { DIDResolutionResult, Resolvable } from "did-resolver";
import { describe, expect, it } from "vitest";
import { cachedResolver } from "../src/cached-resolver.ts";

function countingResolver(answer: (did: string, call: number) => DIDResolutionResult | Error) {
  const calls: string[] = [];
  const resolver: Resolvable = {
    async resolve(did) {
      calls.push(did);
      const result = answer(did, calls.length);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { resolver, calls };
}

const document = (id: string, key: string): DIDResolutionResult => ({
  didResolutionMetadata: {},
  didDocumentMetadata: {},
  didDocument: { id, verificationMethod: [{ id: `${id}#${key}`, type: "JsonWebKey2020", controller: id }] },
});

describe("cachedResolver", () => {
  it("resolves a did:key once, whatever fragment is asked, and a did:web again after five minutes", async () => {
    let now = 0;
    const { resolver, calls } = countingResolver((did, call) => document(did, `key-${call}`));
    const cached = cachedResolver(resolver, () => now);
    for (let i = 0; i < 50; i++) await cached.resolve(`did:key:z6Mk1#z6Mk1`);
    await cached.resolve("did:key:z6Mk1");
    expect(calls).toEqual(["did:key:z6Mk1"]);

    const first = await cached.resolve("did:web:harbour.example");
    now += 4 * 60_000;
    expect(await cached.resolve("did:web:harbour.example")).toBe(first);
    now += 2 * 60_000;
    const rotated = await cached.resolve("did:web:harbour.example");
    expect(rotated.didDocument?.verificationMethod?.[0]?.id).not.toBe(first.didDocument?.verificationMethod?.[0]?.id);
    expect(calls.filter((d) => d === "did:web:harbour.example")).toHaveLength(2);
  });

  it("keeps no failure: a resolver that was down, or a DID it could not find, is asked again", async () => {
    const { resolver, calls } = countingResolver((did, call) =>
      call === 1
        ? new Error("network down")
        : call === 2
          ? { didResolutionMetadata: { error: "notFound" }, didDocumentMetadata: {}, didDocument: null }
          : document(did, "k"),
    );
    const cached = cachedResolver(resolver);
    await expect(cached.resolve("did:key:z6Mk2")).rejects.toThrow("network down");
    expect((await cached.resolve("did:key:z6Mk2")).didDocument).toBeNull();
    expect((await cached.resolve("did:key:z6Mk2")).didDocument?.id).toBe("did:key:z6Mk2");
    expect(calls).toHaveLength(3);
  });

  it("holds at most 1,000 DIDs: a stranger presenting endless fresh DIDs cannot grow it", async () => {
    const { resolver, calls } = countingResolver((did) => document(did, "k"));
    const cached = cachedResolver(resolver);
    for (let i = 0; i < 1_500; i++) await cached.resolve(`did:key:z${i}`);
    await cached.resolve("did:key:z0"); // evicted first: resolved again
    await cached.resolve("did:key:z1499"); // still kept
    expect(calls).toHaveLength(1_501);
  });
});
