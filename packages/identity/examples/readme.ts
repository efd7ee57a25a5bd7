import type { MutuaError } from "@mutua/core";
import { startStatusListHost } from "@mutua/devnet";
import { createIdentityAgent, MembershipIssuer, MembershipVerifier, MemberWallet } from "@mutua/identity";

/** An issuer admits a member, a verifier checks the credential, the issuer revokes it, the verifier sees it. */
export async function readmeExample() {
  const host = await startStatusListHost(); // where the issuer publishes its revocation list (the mutual's website)
  try {
    const issuerAgent = (await createIdentityAgent()).agent;
    const { did: issuerDid } = await issuerAgent.didManagerCreate();
    const issuer = await MembershipIssuer.open(issuerAgent, { issuerDid, statusListUrl: host.url("harbor") });
    host.publish("harbor", () => issuer.statusListCredential());

    // The member's wallet asks to join with its DID and the commitment to its identity secret.
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const now = BigInt(Math.floor(Date.now() / 1000));
    const terms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: now, policyExpiry: now + 31_536_000n };
    const issued = await issuer.issue({
      ...(await wallet.requestMembership()),
      terms,
      mutual: { name: "Harbor Fishers Mutual", chainId: 8453n },
    });
    await wallet.accept(issued.jwt);

    const verifier = new MembershipVerifier((await createIdentityAgent()).agent, { trustedIssuers: [issuerDid] });
    const verified = await verifier.verifyCredential(issued.jwt);
    await issuer.revoke(issued.id);
    const afterRevocation = await verifier.verifyCredential(issued.jwt).then(
      () => "accepted",
      (error: MutuaError) => error.code,
    );
    return { member: verified.membership.memberDid, held: wallet.memberships().length, afterRevocation };
  } finally {
    await host.close();
  }
}
