// The production-verifier guard: a mutual whose verifier embeds the public dev setup's key (anyone can forge
// proofs) is refused on any chain but a local dev chain, before anything is deployed; the deployed contract
// publishes the key's hash so anyone can check which setup it verifies against.

import type { LocalChain } from "@mutua/devnet";
import { startLocalChain } from "@mutua/devnet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_MUTUAL_SETTINGS,
  deployGovernedMutual,
  deployTestToken,
  LOCAL_CHAIN_IDS,
  VERIFIER,
  VOTE_VERIFIER,
} from "../src-ts/index.ts";

let base: LocalChain;
let pretend: LocalChain;

beforeAll(async () => {
  [base, pretend] = await Promise.all([startLocalChain(), startLocalChain({ chainId: 8453 })]);
});
afterAll(async () => {
  await Promise.all([base?.close(), pretend?.close()]);
});

async function settingsOn(chain: LocalChain) {
  const [admin, issuer, opener, pauser] = chain.signers as [never, never, never, never];
  const token = await deployTestToken(admin);
  const address = (s: { getAddress(): Promise<string> }) => s.getAddress();
  return {
    admin,
    settings: {
      token: await token.getAddress(),
      roles: { issuer: await address(issuer), incidentOpener: await address(opener), pauser: await address(pauser) },
      parameters: { maxClaimAmount: 1_000_000n, quorum: 2, settlementDelay: 3_600 },
      rootWindow: 16,
      maxRootAge: 3_600,
      governance: DEFAULT_MUTUAL_SETTINGS,
    },
  };
}

describe("the dev verifying key never reaches a real chain by accident", () => {
  it("this build's verifier is the dev setup's, and says so on-chain with its key hash", async () => {
    expect(VERIFIER.devSetup).toBe(true);
    expect(VOTE_VERIFIER.devSetup).toBe(true);
    expect(LOCAL_CHAIN_IDS).toContain(base.chainId);
    const { admin, settings } = await settingsOn(base);
    const { mutual, governor, assessment } = await deployGovernedMutual(admin, settings);
    expect(await mutual.contract.getFunction("devSetup")()).toBe(true);
    expect(await mutual.contract.getFunction("verifyingKeyHash")()).toBe(VERIFIER.verifyingKeyHash);
    // The ballot verifier (governor and assessment) publishes its key too.
    for (const contract of [governor.contract, assessment.contract]) {
      expect(await contract.getFunction("devSetup")()).toBe(true);
      expect(await contract.getFunction("verifyingKeyHash")()).toBe(VOTE_VERIFIER.verifyingKeyHash);
    }
  });

  it("on chain 8453 it is refused before any transaction, unless the operator allows it explicitly", async () => {
    const { admin, settings } = await settingsOn(pretend);
    const nonce = await pretend.provider.getTransactionCount(await (admin as { getAddress(): Promise<string> }).getAddress());
    await expect(deployGovernedMutual(admin, settings)).rejects.toMatchObject({ code: "DEV_VERIFYING_KEY" });
    expect(await pretend.provider.getTransactionCount(await (admin as { getAddress(): Promise<string> }).getAddress())).toBe(nonce);
    const insecure = await deployGovernedMutual(admin, settings, { allowDevVerifyingKey: true });
    expect(await insecure.mutual.contract.getFunction("devSetup")()).toBe(true);
  });
});
