import { base64urlEncode, toField } from "@mutua/core";
import { x25519 } from "@noble/curves/ed25519.js";
import { hexToBytes } from "@noble/hashes/utils.js";
import { hkdfSha256 } from "./crypto-primitives.ts";
import type { KeyAgreement } from "./key-envelope.ts";

/** The key a claimant re-derives to open their own evidence: its X25519 pair and the id it is sealed under. */
export interface ClaimantEnvelopeKey {
  x25519PublicKey: Uint8Array;
  keyAgreement: KeyAgreement;
  /** The private key as a JWK (RFC 8037), to open the envelope with any JOSE library. Keep it private. */
  exportPrivateJwk(): { kty: "OKP"; crv: "X25519"; d: string; x: string };
}

const CLAIMANT_KEY_SALT = "mutua/claimant-envelope-key/v1";

/**
 * The claimant's own key for one claim: X25519, derived with HKDF from the member's identity secret and the
 * claim's scope (chain, contract, incident). The claimant can always re-derive it (from the wallet, or from
 * a restored backup, which holds the secret) to reopen their evidence; nobody else can, the issuer included
 * (it knows only Poseidon(secret)). A fresh key per scope means no public key, DID or key id of the member
 * is ever written into an envelope, and two claims of one member share nothing.
 */
export function claimantEnvelopeKey(identitySecret: bigint, scope: bigint): ClaimantEnvelopeKey {
  const privateKey = hkdfSha256(word(toField(identitySecret, "identitySecret")), CLAIMANT_KEY_SALT, word(toField(scope, "scope")), 32);
  return {
    x25519PublicKey: x25519.getPublicKey(privateKey),
    keyAgreement: async (theirPublicKey) => x25519.getSharedSecret(privateKey, theirPublicKey),
    exportPrivateJwk: () => ({
      kty: "OKP",
      crv: "X25519",
      d: base64urlEncode(privateKey),
      x: base64urlEncode(x25519.getPublicKey(privateKey)),
    }),
  };
}

function word(value: bigint): Uint8Array {
  return hexToBytes(value.toString(16).padStart(64, "0"));
}
