/** 256 random bits, base64url: the tickets, codes, tokens, nonces and states the protocols hand out. */
export function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}
