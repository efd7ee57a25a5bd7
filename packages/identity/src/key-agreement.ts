import type { DIDResolutionResult, Resolvable } from "did-resolver";
import type { IdentityAgent } from "./agent.ts";

/** The agent's DID resolution as a did-resolver `Resolvable` (what did-jwt's JWE functions take). */
export function agentResolver(agent: IdentityAgent): Resolvable {
  return {
    resolve: (didUrl: string) => agent.resolveDid({ didUrl }) as Promise<DIDResolutionResult>,
  };
}

/**
 * X25519 key agreement with the key of `did` that this agent holds, as did-jwt's ECDH function: the
 * private key never leaves the agent's key manager (Ed25519 keys are converted to X25519 there).
 */
export async function agentKeyAgreement(agent: IdentityAgent, did: string): Promise<(theirPublicKey: Uint8Array) => Promise<Uint8Array>> {
  const identifier = await agent.didManagerGet({ did });
  const key = identifier.keys.find((k) => k.type === "X25519") ?? identifier.keys.find((k) => k.type === "Ed25519");
  if (!key) throw new Error(`${did} has no Ed25519 or X25519 key for key agreement`);
  return async (theirPublicKey) => {
    const secret = await agent.keyManagerSharedSecret({
      secretKeyRef: key.kid,
      publicKey: { type: "X25519", publicKeyHex: Buffer.from(theirPublicKey).toString("hex") },
    });
    return new Uint8Array(Buffer.from(secret, "hex"));
  };
}
