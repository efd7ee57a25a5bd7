// did:ethr through a real ERC-1056 registry on the in-process chain, and did:web served over loopback.
import type { LocalChain } from "@mutua/devnet";
import { startLocalChain } from "@mutua/devnet";
import { parseEther } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EthrNetwork } from "../src/index.ts";
import {
  createIdentityAgent,
  deployEthrDidRegistry,
  didWebDocument,
  MembershipIssuer,
  MembershipVerifier,
  MemberWallet,
} from "../src/index.ts";
import { policyTerms, startHttpServer } from "./support.ts";

let chain: LocalChain;
let server: Awaited<ReturnType<typeof startHttpServer>>;
let network: EthrNetwork;

beforeAll(async () => {
  chain = await startLocalChain();
  server = await startHttpServer();
  const [deployer] = chain.signers;
  if (!deployer) throw new Error("no accounts");
  network = { name: "devnet", chainId: chain.chainId, provider: chain.provider, registry: await deployEthrDidRegistry(deployer) };
});
afterAll(async () => {
  await server.close();
  await chain.close();
});

async function issueAndVerify(
  issuerAgent: Awaited<ReturnType<typeof createIdentityAgent>>["agent"],
  issuerDid: string,
  verifierOptions = {},
) {
  const issuer = await MembershipIssuer.open(issuerAgent, {
    issuerDid,
    statusListUrl: `${server.origin}/status/${encodeURIComponent(issuerDid)}`,
  });
  server.route(`/status/${encodeURIComponent(issuerDid)}`, async () => ({
    type: "application/vc+jwt",
    body: await issuer.statusListCredential(),
  }));
  const wallet = await MemberWallet.open(await createIdentityAgent());
  const issued = await issuer.issue({ ...(await wallet.requestMembership()), terms: policyTerms() });
  const verifier = new MembershipVerifier((await createIdentityAgent(verifierOptions)).agent, { trustedIssuers: [issuerDid] });
  return { issued, verifier };
}

describe("did:ethr on the local chain's ERC-1056 registry", () => {
  it("an issuer with did:ethr issues; a verifier resolves it through the registry", async () => {
    const { agent } = await createIdentityAgent({ ethrNetworks: [network] });
    const identifier = await agent.didManagerCreate({ provider: "did:ethr", options: { network: "devnet" } });
    expect(identifier.did).toMatch(/^did:ethr:devnet:0x[0-9a-fA-F]{66}$/);

    // A registry write from the DID's own key: publish where the status lists live.
    const address = (await agent.resolveDid({ didUrl: identifier.did })).didDocument?.verificationMethod?.[0]?.blockchainAccountId
      ?.split(":")
      .pop();
    const [funder] = chain.signers;
    await (await funder?.sendTransaction({ to: address, value: parseEther("1") }))?.wait();
    await agent.didManagerAddService({
      did: identifier.did,
      service: { id: `${identifier.did}#status`, type: "StatusListService", serviceEndpoint: server.origin },
    });

    const { issued, verifier } = await issueAndVerify(agent, identifier.did, { ethrNetworks: [network] });
    await expect(verifier.verifyCredential(issued.jwt)).resolves.toMatchObject({ issuer: identifier.did });

    const resolved = await (await createIdentityAgent({ ethrNetworks: [network] })).agent.resolveDid({ didUrl: identifier.did });
    expect(resolved.didDocument?.service?.map((s) => s.serviceEndpoint)).toContain(server.origin);
  });
});

describe("did:web", () => {
  it("the package produces the issuer's DID document; verifiers fetch it from the issuer's host", async () => {
    const { agent } = await createIdentityAgent();
    const identifier = await agent.didManagerCreate({
      provider: "did:web",
      alias: `127.0.0.1%3A${server.port}`,
      options: { keyType: "Ed25519" },
    });
    const document = didWebDocument(identifier);
    expect(document.assertionMethod).toHaveLength(1);
    server.route("/.well-known/did.json", async () => ({ type: "application/did+json", body: JSON.stringify(document) }));

    const { issued, verifier } = await issueAndVerify(agent, identifier.did, { didWebInsecureHosts: ["127.0.0.1"] });
    await expect(verifier.verifyCredential(issued.jwt)).resolves.toMatchObject({ issuer: identifier.did });

    // Without the loopback exception the resolver insists on https, finds nothing, and the signature cannot be checked.
    const strict = new MembershipVerifier((await createIdentityAgent()).agent, { trustedIssuers: [identifier.did] });
    await expect(strict.verifyCredential(issued.jwt)).rejects.toMatchObject({ code: "BAD_SIGNATURE" });
  });
});
