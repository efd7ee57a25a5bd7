import type { MutuaError } from "@mutua/core";
import { claimantEnvelopeKey, HeliaEvidenceStore, openEvidence, sealEvidence } from "@mutua/evidence";

/** Evidence sealed on IPFS to one reader: they open it; anyone else's key is refused. */
export async function readmeExample() {
  // An embedded Helia node in memory (its libraries are optional peers: npm install helia @helia/unixfs …).
  const store = await HeliaEvidenceStore.create();
  try {
    // The claimant's own key for this claim, re-derivable from their identity secret and the claim's scope.
    const claimant = claimantEnvelopeKey(123_456_789n, 42n);
    const photo = { name: "photo.jpg", mediaType: "image/jpeg", content: new TextEncoder().encode("the roof, after the storm") };
    const sealed = await sealEvidence(store, [photo], { recipients: [{ x25519PublicKey: claimant.x25519PublicKey }] });

    const opened = await openEvidence(store, sealed, claimant.keyAgreement);
    const text = new TextDecoder().decode(await opened.files[0]?.bytes());
    const stranger = await openEvidence(store, sealed, claimantEnvelopeKey(1n, 42n).keyAgreement).then(
      () => "opened",
      (error: MutuaError) => error.code,
    );
    return { cid: sealed.evidenceCid.toString(), text, stranger };
  } finally {
    await store.close();
  }
}
