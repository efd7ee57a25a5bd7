import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MutuaMutualClient } from "@mutua/contracts";
import { evidenceReference, InvalidArgumentError } from "@mutua/core";
import type { Assessor } from "@mutua/sdk";
import { formatUnits } from "ethers";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, openAgent, openStore, roleHome, signerFor, storageSecret } from "../context.ts";
import { parseUsdc, parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";
import { userPath } from "../user-path.ts";

async function openAssessor(global: GlobalOptions, options: AccountOptions & { name: string }, withStore: boolean) {
  const config = loadConfig(global);
  const home = roleHome(config, "assessor", options.name);
  const handle = await openAgent(home, storageSecret(global));
  const { did } = await handle.agent.didManagerGetOrCreate({ alias: "assessor" });
  await handle.flush();
  const signer = await signerFor(config, options, 2);
  const store = withStore ? await openStore(config, home) : undefined;
  const { Assessor } = await import("@mutua/sdk"); // loaded only by the commands that decrypt or vote
  const assessor = new Assessor({ agent: handle.agent, did, signer, deployment: config.deployment, ...(store ? { store } : {}) });
  return { assessor, did, store, signer, config };
}

async function findClaim(assessor: Assessor, claimId: string) {
  const claim = (await assessor.listClaims()).find((c) => c.claimId === claimId);
  if (!claim) throw new InvalidArgumentError("--claim", `no claim ${claimId} on this mutual`);
  return claim;
}

export async function init(global: GlobalOptions, options: AccountOptions & { name: string }) {
  const { did, signer } = await openAssessor(global, options, false);
  const address = await signer.getAddress();
  report(global.json, { did, address }, [`assessor "${options.name}": ${did} (votes from ${address})`]);
}

/** Lists the claims filed (chain reads only: no agent, no IPFS node, so it starts fast). */
export async function list(global: GlobalOptions, options: AccountOptions & { name: string; incident?: string }) {
  const incidentId = options.incident ? parseWholeNumber(options.incident, "--incident", 1n) : undefined;
  const config = loadConfig(global);
  const mutual = new MutuaMutualClient(config.deployment.mutual, await chainFor(config));
  const claims = (await mutual.claimsWithStatus(config.deployment.fromBlock, incidentId)).map((c) => ({
    ...c,
    ...evidenceReference(c.evidenceCid),
  }));
  report(
    global.json,
    {
      claims: claims.map((c) => ({
        claimId: c.claimId,
        incidentId: c.incidentId,
        amount: c.amount,
        amountUsdc: formatUnits(c.amount, USDC_DECIMALS),
        status: c.status.status,
        evidenceCid: c.evidenceCidText,
        ...(c.problem ? { problem: c.problem } : {}),
      })),
    },
    claims.length === 0
      ? ["no claims"]
      : claims.map(
          (c) =>
            `${c.claimId}  incident #${c.incidentId}  ${formatUnits(c.amount, USDC_DECIMALS)} USDC  ${c.status.status}  ${c.evidenceCidText ?? `unreadable: ${c.problem}`}`,
        ),
  );
}

export async function open(global: GlobalOptions, options: AccountOptions & { name: string; claim: string; out: string }) {
  const { assessor, store } = await openAssessor(global, options, true);
  try {
    const evidence = await assessor.openEvidence(await findClaim(assessor, options.claim), { timeoutMs: 30_000 });
    const out = userPath(options.out);
    mkdirSync(out, { recursive: true });
    const written = [];
    for (const file of evidence.files) {
      const path = join(out, file.name.replace(/[/\\]/g, "_"));
      writeFileSync(path, await file.bytes());
      written.push({ name: file.name, mediaType: file.mediaType, size: file.size, path });
    }
    report(
      global.json,
      { files: written },
      written.map((f) => `${f.path} (${f.mediaType}, ${f.size} bytes, hash verified)`),
    );
  } finally {
    await store?.close();
  }
}

export async function vote(
  global: GlobalOptions,
  options: AccountOptions & { name: string; claim: string; approve?: boolean; reject?: boolean; amount?: string },
) {
  if (options.approve === options.reject) throw new InvalidArgumentError("--approve/--reject", "give exactly one");
  const { assessor } = await openAssessor(global, options, false);
  const claim = await findClaim(assessor, options.claim);
  const amount = options.amount ? parseUsdc(options.amount, "--amount") : claim.amount;
  if (options.approve && amount > claim.amount) {
    throw new InvalidArgumentError("--amount", `an approval is at most the claimed ${formatUnits(claim.amount, USDC_DECIMALS)} USDC`);
  }
  const receipt = await assessor.vote(claim, options.approve === true, amount);
  report(global.json, { claimId: claim.claimId, approve: options.approve === true, gasUsed: receipt.gasUsed }, [
    `${options.approve ? "approved" : "rejected"} ${claim.claimId} (${receipt.gasUsed} gas)`,
  ]);
}

/** Finalizes a claim whose voting is over, and pays it once the cooldown has passed. Anyone may run it. */
export async function settle(global: GlobalOptions, options: AccountOptions & { claim: string }) {
  const config = loadConfig(global);
  const signer = await signerFor(config, options, 0);
  const { Settlement } = await import("@mutua/sdk");
  const settlement = new Settlement({ signer, deployment: config.deployment });
  const claim = await settlement.findClaim(options.claim);
  if (!claim) throw new InvalidArgumentError("--claim", `no claim ${options.claim} on this mutual`);
  const steps: string[] = [];
  if ((await settlement.status(claim.incidentId, claim.nullifier)).status === "Filed") {
    const receipt = await settlement.finalize(claim.incidentId, claim.nullifier);
    steps.push(`finalized (${receipt.gasUsed} gas)`);
  }
  const payableAt = await settlement.payableAt(claim.incidentId, claim.nullifier);
  if (payableAt !== undefined) {
    // The next block's time, not the last one's: an idle devnet mints no blocks, so its last block can be
    // long past; a new block takes the wall clock (or the chain's clock, if time-travel moved it ahead).
    const lastBlock = BigInt((await signer.provider?.getBlock("latest"))?.timestamp ?? 0);
    const wallClock = BigInt(Math.floor(Date.now() / 1000));
    const now = lastBlock > wallClock ? lastBlock : wallClock;
    if (now >= payableAt) {
      const receipt = await settlement.settle(claim.incidentId, claim.nullifier);
      steps.push(`paid (${receipt.gasUsed} gas)`);
    } else {
      steps.push(
        `approved; payable from ${new Date(Number(payableAt) * 1000).toISOString()} chain time (settlement cooldown): run settle again then`,
      );
    }
  }
  const status = await settlement.status(claim.incidentId, claim.nullifier);
  const reason = OUTCOME_REASONS[status.status];
  report(
    global.json,
    { claimId: claim.claimId, status: status.status, approvedAmount: status.approvedAmount, recipient: status.recipient },
    [
      ...steps,
      `claim ${claim.claimId}: ${status.status}${status.status === "Paid" ? `, ${formatUnits(status.approvedAmount, USDC_DECIMALS)} USDC to ${status.recipient}` : ""}`,
      ...(reason ? [`  ${reason(status)}`] : []),
    ],
  );
}

/** Why a claim ended without a payout, for people reading `settle`. */
const OUTCOME_REASONS: Partial<Record<string, (claim: { approvals: number; rejections: number }) => string>> = {
  Expired: (c) => `fewer votes (${c.approvals + c.rejections}) than the incident's quorum: nothing is paid`,
  Rejected: (c) => `rejected: ${c.rejections} rejections against ${c.approvals} approvals`,
  Lapsed: () => "approved, but the recipient could not be paid for 30 days: the reservation went back to the pool",
};
