import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "@mutua/core";
import { MutualAdmin } from "@mutua/sdk";
import { parseUnits } from "ethers";
import { readConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { openAgent, providerFor, roleHome, signerFor, storageSecret } from "../context.ts";
import { report } from "../output.ts";

/** The mutual's admin and issuer (account 0 on a devnet). */
async function connect(global: GlobalOptions, account: AccountOptions) {
  const config = readConfig(global.config);
  const home = roleHome(config, "issuer", "mutual");
  const { agent, flush } = await openAgent(home, storageSecret(global));
  const signer = await signerFor(providerFor(config), account, 0);
  const admin = await MutualAdmin.connect({
    signer,
    issuer: { agent, did: config.issuerDid, statusListUrl: config.statusListUrl, log: { kind: "file", path: join(home, "issued.jsonl") } },
    deployment: config.deployment,
  });
  // The devnet serves this file at the status list URL.
  const publish = async () => writeFileSync(join(home, "status-members.jwt"), await admin.issuer.statusListCredential());
  return { admin, flush, publish };
}

export async function admit(
  global: GlobalOptions,
  options: AccountOptions & { request: string; coverage: string; days: string; policy: string },
) {
  let request: { memberDid: string; identityCommitment: string };
  try {
    request = JSON.parse(options.request);
  } catch {
    throw new InvalidArgumentError("--request", "must be the JSON printed by `mutua member request --json`");
  }
  const { admin, flush, publish } = await connect(global, options);
  const block = await admin.mutual.contract.runner?.provider?.getBlock("latest");
  const now = BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
  const terms = {
    policyId: BigInt(options.policy),
    coverageLimit: parseUnits(options.coverage, 6),
    policyStart: now - 60n,
    policyExpiry: now + BigInt(Number(options.days) * 86_400),
  };
  const { credentials, receipt, root } = await admin.admitMembers([
    { memberDid: request.memberDid, identityCommitment: BigInt(request.identityCommitment), terms },
  ]);
  await publish();
  await flush();
  const [credential] = credentials;
  report(global.json, { credentialId: credential?.id, credential: credential?.jwt, root, gasUsed: receipt.gasUsed }, [
    `admitted ${request.memberDid} (root ${root.toString().slice(0, 16)}…, ${receipt.gasUsed} gas)`,
    `credential ${credential?.id}:`,
    credential?.jwt ?? "",
  ]);
}

export async function revoke(global: GlobalOptions, options: AccountOptions & { credential: string }) {
  const { admin, flush, publish } = await connect(global, options);
  const { revocation, receipt } = await admin.revokeMember(options.credential);
  await publish();
  await flush();
  report(global.json, { credentialId: revocation.credentialId, statusListIndex: revocation.statusListIndex, gasUsed: receipt.gasUsed }, [
    `revoked ${revocation.credentialId}: status list updated, leaf removed on-chain (${receipt.gasUsed} gas)`,
  ]);
}

export async function openIncident(global: GlobalOptions, options: AccountOptions & { claimsDays: string; votingDays: string }) {
  const { admin } = await connect(global, options);
  const { incidentId, receipt } = await admin.openIncident(Number(options.claimsDays) * 86_400, Number(options.votingDays) * 86_400);
  report(global.json, { incidentId, gasUsed: receipt.gasUsed }, [`incident #${incidentId} is open (${receipt.gasUsed} gas)`]);
}

export async function addAssessor(global: GlobalOptions, options: AccountOptions & { address: string }) {
  const { admin } = await connect(global, options);
  const receipt = await admin.addAssessor(options.address);
  report(global.json, { assessor: options.address, gasUsed: receipt.gasUsed }, [
    `${options.address} is an assessor (${receipt.gasUsed} gas)`,
  ]);
}

export async function depositCapital(global: GlobalOptions, options: AccountOptions & { amount: string }) {
  const { admin } = await connect(global, options);
  const receipt = await admin.depositCapital(parseUnits(options.amount, 6));
  const pool = await admin.mutual.accounts();
  report(global.json, { deposited: options.amount, held: pool.held, gasUsed: receipt.gasUsed }, [
    `deposited ${options.amount} USDC of capital; the pool holds ${pool.held} units (${receipt.gasUsed} gas)`,
  ]);
}
