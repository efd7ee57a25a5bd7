import { base64urlDecode, base64urlEncode, MutuaError } from "@mutua/core";
import { x25519 } from "@noble/curves/ed25519.js";
import type { CID } from "multiformats/cid";
import type { KeyAgreement } from "./anonymous-jwe.ts";
import type { OpenedEvidence } from "./evidence-bundle.ts";
import { addRecipients, openEvidence } from "./evidence-bundle.ts";
import type { EvidenceStore, ReadOptions } from "./evidence-store.ts";

/**
 * What a claimant publishes with an appeal so that the members can judge it: a fresh key that reads the evidence
 * (through an envelope added for it: the evidence CID never changes) and the key reasons are sealed to. Anyone who
 * reads the appeal can then read the evidence: appealing is the claimant's choice to disclose it (it still names
 * no member unless its content does).
 */
export interface AppealDisclosure {
  version: 1;
  evidenceCid: string;
  envelopeCid: string;
  /** X25519 private key (base64url) of the envelope added for the appeal. */
  readKey: string;
  /** The claimant's X25519 public key for this claim (base64url): members seal their reasons to it. */
  replyKey: string;
}

/** Adds an envelope for a fresh reading key (as a reader: the claimant's key agreement) and returns the disclosure. */
export async function discloseEvidence(
  store: EvidenceStore,
  evidenceCid: CID | string,
  claimantKeyAgreement: KeyAgreement,
  replyKey: Uint8Array,
): Promise<AppealDisclosure> {
  const readKey = x25519.utils.randomSecretKey();
  const envelopeCid = await addRecipients(
    store,
    { evidenceCid },
    claimantKeyAgreement,
    [{ x25519PublicKey: x25519.getPublicKey(readKey) }],
    undefined,
  );
  return {
    version: 1,
    evidenceCid: String(evidenceCid),
    envelopeCid: envelopeCid.toString(),
    readKey: base64urlEncode(readKey),
    replyKey: base64urlEncode(replyKey),
  };
}

/** An appeal disclosure as the bytes that are sealed and stored. */
export function encodeDisclosure(disclosure: AppealDisclosure): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(disclosure));
}

/** An appeal disclosure from its stored bytes; throws when they are not one. */
export function parseDisclosure(bytes: Uint8Array): AppealDisclosure {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as AppealDisclosure;
    if (parsed.version !== 1 || typeof parsed.readKey !== "string" || typeof parsed.replyKey !== "string") throw new Error("unknown shape");
    return parsed;
  } catch (error) {
    throw new MutuaError(
      "DISCLOSURE_UNREADABLE",
      `the appeal's disclosure cannot be read: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
}

/** Opens the evidence of an appealed claim with the key its disclosure publishes. */
export function openDisclosedEvidence(
  store: EvidenceStore,
  disclosure: AppealDisclosure,
  options: ReadOptions = {},
): Promise<OpenedEvidence> {
  const key = base64urlDecode(disclosure.readKey);
  const agreement: KeyAgreement = async (theirs) => x25519.getSharedSecret(key, theirs);
  return openEvidence(store, { evidenceCid: disclosure.evidenceCid, envelopeCid: disclosure.envelopeCid }, agreement, options);
}
