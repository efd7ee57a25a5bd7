/** What the claimant sealed: the list of files, readable only by recipients (it is encrypted like a file). */
export interface EvidenceManifest {
  version: 1;
  createdAt: string;
  files: EvidenceFileEntry[];
  /**
   * The claimant's X25519 public key for this claim (base64url), so that assessors can seal their reasons to the
   * claimant (sealReason). Inside the encryption: only readers of the evidence learn it, and it is fresh per claim.
   */
  replyKey?: string;
}

/** One file in the sealed manifest: its name, media type, size and the salt its key is derived with. */
export interface EvidenceFileEntry {
  /** The claimant's file name (never visible outside the encryption: stored files are named 0.enc, 1.enc, …). */
  name: string;
  mediaType: string;
  size: number;
  /**
   * SHA-256 of the plaintext, hex: only in evidence sealed before files carried a key commitment (format 1),
   * and checked after decryption when present.
   */
  sha256?: string;
  /**
   * The file's salt (base64url): its key is HKDF(contentKey, salt) and its header commits to that key, so the
   * salt names exactly one file of this evidence; a file found under another entry's path is refused.
   */
  salt?: string;
  /** Path of the encrypted file inside the evidence directory. */
  path: string;
}

/** The manifest's name in the evidence directory. */
export const MANIFEST_PATH = "manifest.enc";
/** The key envelope of the recipients named at sealing time. */
export const ENVELOPE_PATH = "keys.json";
export const fileStoragePath = (index: number) => `files/${index}.enc`;

export function parseManifest(bytes: Uint8Array): EvidenceManifest {
  const manifest = JSON.parse(new TextDecoder().decode(bytes)) as EvidenceManifest;
  if (manifest.version !== 1 || !Array.isArray(manifest.files)) throw new Error("unknown manifest version");
  return manifest;
}
