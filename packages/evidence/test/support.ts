import { randomBytes } from "node:crypto";
import type { IdentityAgent } from "@mutua/identity";
import { agentKeyAgreement, agentResolver, createIdentityAgent } from "@mutua/identity";

/** A person with a Veramo agent and a did:key (Ed25519, X25519 key agreement derived in the DID document). */
export async function person() {
  const { agent } = await createIdentityAgent();
  const { did } = await agent.didManagerCreate();
  return { agent, did, ecdh: await agentKeyAgreement(agent, did), resolver: agentResolver(agent) };
}

export type Person = Awaited<ReturnType<typeof person>>;
export type { IdentityAgent };

export const claimForm = (incident: string) =>
  new TextEncoder().encode(JSON.stringify({ incident, description: "storm damage to the boat's hull", estimate: "1200.00 USDC" }));

export function sampleFiles() {
  return [
    { name: "hull-photo.jpg", mediaType: "image/jpeg", content: randomBytes(3 * 1024 * 1024 + 123) },
    { name: "repair-quote.pdf", mediaType: "application/pdf", content: randomBytes(40_000) },
    { name: "claim-form.json", mediaType: "application/json", content: claimForm("storm-2026-11") },
  ];
}

export async function* streamOf(bytes: Uint8Array, piece = 65_536): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += piece) yield bytes.subarray(offset, offset + piece);
}

export async function readAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}
