// The member app's evidence path, alone in a page: files sealed in the browser (Web Crypto AES-GCM, the anonymous key
// envelope) and uploaded to an evidence node over HTTP as one CAR (HttpEvidenceStore), then fetched back block by
// block and opened. bench/evidence-browser.ts drives it in Chromium and times each call.

import { claimantEnvelopeKey, HttpEvidenceStore, openEvidence, sealEvidence } from "@mutua/evidence";
// The npm package ("buffer" alone names Node's built-in, which a browser bundle leaves empty).
import { Buffer as BufferPolyfill } from "buffer/";

// Some of the evidence code uses Node's Buffer, which browsers lack (as the SDK's browser entry installs it).
(globalThis as { Buffer?: typeof BufferPolyfill }).Buffer ??= BufferPolyfill;

const key = claimantEnvelopeKey(123_456_789n, 42n);

/** `mb` megabytes of random bytes (getRandomValues gives at most 64 KiB a call). */
function randomBytes(mb: number): Uint8Array {
  const bytes = new Uint8Array(mb * 1_000_000);
  for (let offset = 0; offset < bytes.length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  return bytes;
}

async function seal(node: string, mb: number): Promise<{ cid: string; ms: number }> {
  const content = randomBytes(mb);
  const started = performance.now();
  const sealed = await sealEvidence(new HttpEvidenceStore(node), [{ name: "video.mp4", mediaType: "video/mp4", content }], {
    recipients: [{ x25519PublicKey: key.x25519PublicKey }],
  });
  return { cid: sealed.evidenceCid.toString(), ms: performance.now() - started };
}

async function open(node: string, cid: string): Promise<{ bytes: number; ms: number }> {
  const started = performance.now();
  const opened = await openEvidence(new HttpEvidenceStore(node), { evidenceCid: cid }, key.keyAgreement);
  let bytes = 0;
  for (const file of opened.files) bytes += (await file.bytes()).length;
  return { bytes, ms: performance.now() - started };
}

Object.assign(globalThis, { benchSeal: seal, benchOpen: open, benchReady: true });
