// One key derivation per session, and nothing weaker for it: every seal has a fresh nonce, opens with the plain
// unsealJson, and a wrong passphrase or a changed byte is still refused.
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { scryptKey } from "../src/scrypt-key.ts";
import { PassphraseSealer, sealJson, unsealJson } from "../src/sealed-json.ts";

describe("PassphraseSealer", () => {
  it("seals many times under one derived key, each with its own nonce; unsealJson opens every one", () => {
    const sealer = PassphraseSealer.derive("a long passphrase");
    const first = JSON.parse(sealer.seal({ n: 1 })) as { kdf: { salt: string }; nonce: string };
    const second = JSON.parse(sealer.seal({ n: 1 })) as { kdf: { salt: string }; nonce: string };
    expect(second.kdf.salt).toBe(first.kdf.salt);
    expect(second.nonce).not.toBe(first.nonce);
    expect(unsealJson(sealer.seal({ n: 2 }), "a long passphrase")).toEqual({ n: 2 });
    expect(() => unsealJson(sealer.seal({ n: 2 }), "another passphrase")).toThrow(/wrong passphrase/);
  });

  it("keeps the key of what it opened, so the next seals cost no derivation; a change is still refused", () => {
    const text = sealJson({ secret: "s" }, "a long passphrase");
    const { value, sealer } = PassphraseSealer.open<{ secret: string }>(text, "a long passphrase");
    expect(value).toEqual({ secret: "s" });
    const resealed = sealer.seal({ secret: "t" });
    expect((JSON.parse(resealed) as { kdf: { salt: string } }).kdf.salt).toBe((JSON.parse(text) as { kdf: { salt: string } }).kdf.salt);
    const tampered = JSON.parse(resealed) as { ciphertext: string };
    tampered.ciphertext = `${tampered.ciphertext.slice(0, -4)}AAAA`;
    expect(() => unsealJson(JSON.stringify(tampered), "a long passphrase")).toThrow(/wrong passphrase, or the backup was changed/);
  });

  it("a document sealed with other scrypt parameters is opened, and sealed again with today's (a new derivation)", () => {
    // What an older build would have written: N = 2^14.
    const salt = randomBytes(16);
    const nonce = randomBytes(24);
    const key = scryptKey(new TextEncoder().encode("a long passphrase"), salt, { N: 2 ** 14, r: 8, p: 1, dkLen: 32 });
    const older = JSON.stringify({
      format: "mutua-sealed/1",
      kdf: { name: "scrypt", N: 2 ** 14, r: 8, p: 1, salt: Buffer.from(salt).toString("base64") },
      nonce: Buffer.from(nonce).toString("base64"),
      ciphertext: Buffer.from(xchacha20poly1305(key, nonce).encrypt(new TextEncoder().encode('{"n":3}'))).toString("base64"),
    });
    const { value, sealer } = PassphraseSealer.open(older, "a long passphrase");
    expect(value).toEqual({ n: 3 });
    const resealed = JSON.parse(sealer.seal({ n: 4 })) as { kdf: { N: number; salt: string } };
    expect(resealed.kdf.N).toBe(2 ** 15);
    expect(resealed.kdf.salt).not.toBe(Buffer.from(salt).toString("base64"));
    expect(() => PassphraseSealer.derive("short")).toThrow(/at least 8 characters/);
  });
});
