import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClaimStep } from "@mutua/sdk";
import { agentResolver, createIdentityAgent, HeliaEvidenceStore, Member, MemberWallet } from "@mutua/sdk";
import { Wallet } from "ethers";
import { runYourOwnMutual } from "./mutual.ts";

/**
 * Build your own wallet: keys sealed at rest, a membership paid for and accepted, a backup that restores the wallet
 * on another device, and a claim filed through the relayer (evidence sealed and the proof made on the device).
 */
export async function buildYourOwnWallet() {
  const mutual = await runYourOwnMutual();
  const home = mkdtempSync(join(tmpdir(), "mutua-wallet-"));
  const store = await HeliaEvidenceStore.create(); // or new HttpEvidenceStore(the mutual's evidence node), in a browser
  const passphrase = "the passphrase the member chose";
  // The agent's keys and the wallet's secrets, each in one file sealed under the passphrase (scrypt, then AEAD).
  const handle = await createIdentityAgent({ storage: { kind: "file", path: join(home, "agent.json"), secret: passphrase } });
  const wallet = await MemberWallet.open(handle, { kind: "file", path: join(home, "wallet.json"), secret: passphrase });
  // The account the member pays premiums from; claims are paid to fresh addresses, never to it.
  const payer = Wallet.createRandom(mutual.chain.provider);
  const member = new Member({
    wallet,
    signer: payer,
    deployment: mutual.admin.deployment,
    store,
    resolver: agentResolver(handle.agent),
    relayer: mutual.relayer.url,
  });
  try {
    // Joining: pay the offered premium on-chain (the payment is the acceptance), then hold the credential issued.
    const now = BigInt(Math.floor(Date.now() / 1000));
    const terms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: now - 86_400n, policyExpiry: now + 31_536_000n };
    const premium = 100_000_000n;
    await mutual.fund(payer.address, premium);
    await member.payPremium({ terms, premium });
    const { credentials } = await mutual.admin.admitMembers([{ ...(await member.requestMembership()), terms, premium }]);
    await wallet.accept(credentials[0]?.jwt ?? "");

    // A backup the member keeps elsewhere (a file, QR codes on paper): the whole wallet, sealed under a passphrase.
    const backup = await wallet.exportBackup("a second passphrase, written down");
    const restored = await MemberWallet.restore(await createIdentityAgent(), backup, "a second passphrase, written down");

    // A claim: nothing in it links to the member's DID, account or other claims.
    const { incidentId } = await mutual.admin.openIncident(7 * 86_400, 7 * 86_400);
    const steps: ClaimStep[] = [];
    const claim = await member.fileClaim({
      incidentId,
      amount: 250_000_000n,
      recipient: Wallet.createRandom().address,
      files: [{ name: "photo.jpg", mediaType: "image/jpeg", content: new TextEncoder().encode("the hull, holed") }],
      onProgress: (event) => event.status === "done" && steps.push(event.step),
    });
    return {
      did: await wallet.did(),
      restoredDid: await restored.did(),
      restoredMemberships: restored.memberships().length,
      steps,
      status: await member.claimStatus(incidentId, claim.nullifier),
      sender: claim.receipt.from,
      payer: payer.address,
    };
  } finally {
    await member.close();
    await store.close();
    await mutual.close();
    rmSync(home, { recursive: true, force: true });
  }
}
