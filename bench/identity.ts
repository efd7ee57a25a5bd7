// MembershipCredential issue/verify and presentation create/verify through real Veramo 7 agents (did:key,
// Ed25519, JWT). The status list is fetched from the issuer in-process, so the numbers are the agents' own
// work, not loopback HTTP; one extra series fetches it over HTTP to show that cost.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createIdentityAgent, MembershipIssuer, MembershipVerifier, MemberWallet } from "@mutua/identity";
import { getDidKeyResolver } from "@veramo/did-provider-key";
import { verifyJWT } from "did-jwt";
import { Resolver } from "did-resolver";
import { peakRssMiB, round, summarize, timeRuns } from "./stats.ts";

const RUNS = Number(process.env.BENCH_IDENTITY_RUNS ?? 200);
const THROUGHPUT_CREDENTIALS = 500;
const now = BigInt(Math.floor(Date.now() / 1000));
const terms = { policyId: 1n, coverageLimit: 5_000n * 10n ** 6n, policyStart: now - 86_400n, policyExpiry: now + 365n * 86_400n };

export async function benchIdentity(log: (line: string) => void) {
  const issuerAgent = (await createIdentityAgent()).agent;
  const issuerDid = (await issuerAgent.didManagerCreate()).did;
  const server = createServer(async (_request, response) => response.end(await issuer.statusListCredential()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const statusListUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
  const issuer = await MembershipIssuer.open(issuerAgent, { issuerDid, statusListUrl });
  const statusListJwt = await issuer.statusListCredential();

  const wallet = await MemberWallet.open(await createIdentityAgent());
  const request = await wallet.requestMembership();
  const first = await issuer.issue({ ...request, terms });
  const { credentialId } = await wallet.accept(first.jwt);

  const verifierAgent = (await createIdentityAgent()).agent;
  const verifier = new MembershipVerifier(verifierAgent, { trustedIssuers: [issuerDid], fetchStatusList: async () => statusListJwt });
  const overHttp = new MembershipVerifier(verifierAgent, { trustedIssuers: [issuerDid] });
  const audience = { challenge: "bench", domain: "bench.example" };
  const vp = await wallet.present(credentialId, audience);

  const bareResolver = new Resolver(getDidKeyResolver());
  const results: Record<string, unknown> = {
    issue: summarize(await timeRuns(() => issuer.issue({ ...request, terms }), RUNS, 10)),
    verify: summarize(await timeRuns(() => verifier.verifyCredential(first.jwt), RUNS, 10)),
    // The peer: bare did-jwt's verifyJWT with a did:key resolver, the signature and the JWT's times only (no
    // trusted-issuer, schema or status check): what Mutua's verifier costs above the bare library. (did-jwt-vc's
    // verifyCredential reads VC-JWT 1.1 only; the credential is VC Data Model 2.0 since the move.)
    verifyBareDidJwt: summarize(await timeRuns(() => verifyJWT(first.jwt, { resolver: bareResolver }), RUNS, 10)),
    verifyWithHttpStatusList: summarize(await timeRuns(() => overHttp.verifyCredential(first.jwt), Math.min(RUNS, 100), 5)),
    presentationCreate: summarize(await timeRuns(() => wallet.present(credentialId, audience), RUNS, 10)),
    presentationVerify: summarize(await timeRuns(() => verifier.verifyPresentation(vp, audience), RUNS, 10)),
  };

  // Throughput: distinct credentials, verified one after another (JavaScript verification is CPU-bound on one thread).
  const batch = await Promise.all(Array.from({ length: THROUGHPUT_CREDENTIALS }, () => issuer.issue({ ...request, terms })));
  const started = performance.now();
  for (const credential of batch) await verifier.verifyCredential(credential.jwt);
  const seconds = (performance.now() - started) / 1000;
  results.credentialsVerifiedPerSecond = round(THROUGHPUT_CREDENTIALS / seconds, 0);
  results.peakRssMiB = peakRssMiB();
  server.close();

  const ratio = (results.verify as { medianMs: number }).medianMs / (results.verifyBareDidJwt as { medianMs: number }).medianMs;
  results.verifyOverBareDidJwt = round(ratio, 2);
  for (const name of ["issue", "verify", "verifyBareDidJwt", "verifyWithHttpStatusList", "presentationCreate", "presentationVerify"]) {
    log(`${name.padEnd(26)} median ${(results[name] as { medianMs: number }).medianMs} ms`);
  }
  log(`verify / bare did-jwt: ${results.verifyOverBareDidJwt}×`);
  log(`credentials verified per second: ${results.credentialsVerifiedPerSecond} (${THROUGHPUT_CREDENTIALS} distinct credentials)`);
  return results;
}
