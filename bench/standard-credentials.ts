// OpenID4VCI issuance and OpenID4VP presentation verification over loopback HTTP, against the same independent
// wallet the tests use (Animo's OpenID4VC clients, the OWF SD-JWT libraries). The peer: the OWF library's own
// SD-JWT VC verification (signature, disclosures, key binding) of the same presentation, without Mutua's
// verifier (trust, audience, freshness, status list, DCQL, the cover question).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CoverVerifier,
  CredentialIssuerService,
  coverVerifierHandler,
  createIdentityAgent,
  Es256Key,
  MembershipIssuer,
  MembershipSdJwtIssuer,
  MemberWallet,
  oid4vciHandler,
} from "@mutua/identity";
import {
  answerPresentationRequest,
  bareSdJwtVerifier,
  holderKey,
  presentSdJwt,
  receiveOffer,
  sdJwtVerifier,
} from "../test/standard-wallet.ts";
import { round, summarize, timeRuns } from "./stats.ts";

const RUNS = Number(process.env.BENCH_OID4VC_RUNS ?? 50);

export async function benchStandardCredentials(log: (line: string) => void) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = (await createIdentityAgent()).agent;
  const { did } = await agent.didManagerCreate();
  const memberships = await MembershipIssuer.open(agent, { issuerDid: did, statusListUrl: `${origin}/status/1` });
  const sdJwt = MembershipSdJwtIssuer.open({
    memberships,
    key: await Es256Key.generate(),
    issuer: `${origin}/oid4vci`,
    statusListUri: `${origin}/oid4vci/status`,
    policyType: () => "boats",
  });
  const service = new CredentialIssuerService(sdJwt);
  const verifier = new CoverVerifier({ responseUri: `${origin}/verify/response`, trustedIssuers: [`${origin}/oid4vci`] });
  const handler = oid4vciHandler(service, sdJwt);
  const verify = coverVerifierHandler(verifier, "/verify");
  server.on("request", async (request, response) => {
    if (!(await handler(request, response)) && !(await verify(request, response))) response.writeHead(404).end();
  });
  const now = BigInt(Math.floor(Date.now() / 1000));
  const wallet = await MemberWallet.open(await createIdentityAgent());
  const issued = await memberships.issue({
    ...(await wallet.requestMembership()),
    terms: { policyId: 1n, coverageLimit: 5_000n * 10n ** 6n, policyStart: now - 100n, policyExpiry: now + 365n * 86_400n },
    mutual: { name: "Bench Mutual", chainId: 31337n, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
  });
  const keys = await Promise.all(Array.from({ length: 10 }, () => holderKey()));
  const receive = async (count: number) => {
    const offer = await service.offer(issued.id);
    return receiveOffer(offer.uri, offer.txCode, keys.slice(0, count));
  };
  const { credentials } = await receive(1);
  const credential = credentials[0] as string;
  const key = keys[0] as (typeof keys)[number];
  const everything = { mutual: true, policy_type: true, cover_limit_band: true, policy_period: true, in_good_standing: true };
  // The peer verifies one fixed presentation; Mutua's verifier needs a fresh request (nonce) each time.
  const fixed = await presentSdJwt(credential, key, everything, { aud: verifier.clientId, nonce: "bench" });
  // Two peers: the OWF core verification alone (signature, disclosures, key binding), and the OWF SD-JWT VC
  // verification as a standard verifier runs it by default (that, plus fetching and decoding the status list).
  const peer = await bareSdJwtVerifier(`${origin}/oid4vci`);
  const peerWithStatus = await sdJwtVerifier(`${origin}/oid4vci`, { kbVerifier: async () => true });
  const results: Record<string, unknown> = {
    issuanceRoundTrip: summarize(await timeRuns(() => receive(1), RUNS, 3)),
    issuanceRoundTripBatch10: summarize(await timeRuns(() => receive(10), Math.ceil(RUNS / 2), 2)),
    presentationVerify: summarize(
      await timeRuns(
        async () => {
          const request = verifier.createRequest({ policyType: "boats" });
          const presentation = await presentSdJwt(credential, key, everything, { aud: verifier.clientId, nonce: request.nonce });
          await verifier.verifyResponse({ state: request.state, vp_token: { mutua_membership: [presentation] } });
        },
        RUNS,
        3,
      ),
    ),
    presentationCreate: summarize(
      await timeRuns(() => presentSdJwt(credential, key, everything, { aud: verifier.clientId, nonce: "n" }), RUNS, 3),
    ),
    peerSdJwtVerify: summarize(await timeRuns(() => peer.verify(fixed, { keyBindingNonce: "bench" }), RUNS, 3)),
    peerSdJwtVcVerifyWithStatus: summarize(await timeRuns(() => peerWithStatus.verify(fixed, { keyBindingNonce: "bench" }), RUNS, 3)),
    // The whole OpenID4VP round: request made, the wallet resolves it, matches DCQL, presents, posts; verified.
    presentationRoundTrip: summarize(
      await timeRuns(
        async () => {
          const asked = await verify.ask({ policyType: "boats" });
          const { response } = await answerPresentationRequest(asked.uri, credential, key);
          if (response.status !== 200) throw new Error(`verifier answered ${response.status}`);
        },
        RUNS,
        3,
      ),
    ),
  };
  server.close();
  const verifyOnly =
    (results.presentationVerify as { medianMs: number }).medianMs - (results.presentationCreate as { medianMs: number }).medianMs;
  results.presentationVerifyOnlyMs = round(verifyOnly, 2);
  results.verifyOverPeer = round(verifyOnly / (results.peerSdJwtVerify as { medianMs: number }).medianMs, 2);
  for (const name of [
    "issuanceRoundTrip",
    "issuanceRoundTripBatch10",
    "presentationCreate",
    "presentationVerify",
    "peerSdJwtVerify",
    "peerSdJwtVcVerifyWithStatus",
    "presentationRoundTrip",
  ])
    log(`${name.padEnd(26)} median ${(results[name] as { medianMs: number }).medianMs} ms`);
  log(
    `presentation verify (create subtracted) ${results.presentationVerifyOnlyMs} ms = ${results.verifyOverPeer}× the OWF core verification alone`,
  );
  return results;
}
