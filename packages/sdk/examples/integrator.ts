import { startEmbeddedNetwork } from "@mutua/devnet";
import { Assessor, agentResolver, createIdentityAgent, Member, MemberWallet, MutualAdmin, startRelayer } from "@mutua/sdk";

/** Admit a member and file a claim with encrypted evidence: the whole integration in one function. */
export async function integratorExample() {
  // Embedded chain and IPFS; with your own, pass any ethers Signer and any EvidenceStore (Helia, Kubo).
  const net = await startEmbeddedNetwork();
  const [operator, memberAccount, relayer, payout] = net.chain.signers;
  if (!operator || !memberAccount || !relayer || !payout) throw new Error("accounts missing");

  // The mutual: its contracts, an issuer DID that signs membership credentials, and a first assessor's seat (the
  // seat their ballots prove, and the DID claims seal evidence to; later seats are appointed by the members' vote).
  const issuer = (await createIdentityAgent()).agent;
  const issuerDid = (await issuer.didManagerCreate()).did;
  const assessor = await MemberWallet.open(await createIdentityAgent());
  const assessorDid = await assessor.did();
  const admin = await MutualAdmin.deploy({
    signer: operator,
    name: "Example Mutual",
    token: net.tokenAddress,
    issuer: { agent: issuer, did: issuerDid, statusListUrl: net.statusLists.url("example") },
    assessorSeats: (mutual) => [Assessor.seatOf(assessor, mutual, assessorDid)],
    settings: { maxClaimAmount: 10_000_000_000n },
  });

  // A relayer service sends claims from its own account, so no claim shows a member's address.
  const relayerService = await startRelayer({ signer: relayer, mutuals: [admin.deployment.mutual] });

  // A member: the wallet keeps the identity secret; the mutual sees only its commitment.
  const handle = await createIdentityAgent();
  const wallet = await MemberWallet.open(handle);
  const member = new Member({
    wallet,
    signer: memberAccount,
    deployment: admin.deployment,
    store: net.store,
    resolver: agentResolver(handle.agent),
    relayer: relayerService.url,
  });
  const now = BigInt(Math.floor(Date.now() / 1000));
  const terms = { policyId: 1n, coverageLimit: 5_000_000_000n, policyStart: now - 86_400n, policyExpiry: now + 31_536_000n };
  // The member pays the premium for the offered policy on-chain; only a paid policy can be admitted.
  const premium = 100_000_000n;
  await net.mint(await memberAccount.getAddress(), premium);
  await member.payPremium({ terms, premium });
  const { credentials } = await admin.admitMembers([{ ...(await member.requestMembership()), terms, premium }]);
  await wallet.accept(credentials[0]?.jwt ?? "");

  // A claim: evidence sealed to the mutual's assessors (their keys are read from the chain) and to a key only the
  // claimant can re-derive, a zero-knowledge proof of membership, submitted through the relayer.
  const { incidentId } = await admin.openIncident(7 * 86_400, 7 * 86_400);
  const claim = await member.fileClaim({
    incidentId,
    amount: 250_000_000n,
    // A payout address used nowhere else: paying the account that pays premiums would link the claim.
    recipient: await payout.getAddress(),
    files: [{ name: "photo.jpg", mediaType: "image/jpeg", content: new Uint8Array(1024) }],
  });
  const status = await member.claimStatus(incidentId, claim.nullifier);

  await member.close();
  await relayerService.close();
  await net.close();
  return { claim, status };
}
