import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Assessor } from "@mutua/sdk";
import {
  ASSESSORS_ROUND,
  AssessmentClient,
  evidenceReference,
  InvalidArgumentError,
  MemberWallet,
  MutuaMutualClient,
  writeFileAtomic,
} from "@mutua/sdk";
import { formatUnits, VoidSigner, ZeroAddress } from "ethers";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, openAgent, openStore, roleHome, signerFor, storageSecret } from "../context.ts";
import { parseUsdc, parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";
import { userPath } from "../user-path.ts";

/**
 * An assessor's home: a Veramo agent (the DID evidence is sealed to) and a wallet whose identity secret for this
 * mutual makes the seat. With `--member <wallet>` at init the seat is made from that member wallet's identity, so
 * the assessment can exclude the assessor from their own claims (docs/governance.md).
 */
async function openAssessor(global: GlobalOptions, options: AccountOptions & { name: string }, withStore: boolean, member?: string) {
  const config = loadConfig(global);
  const home = roleHome(config, "assessor", options.name);
  const secret = storageSecret(global);
  const handle = await openAgent(home, secret);
  const { did } = await handle.agent.didManagerGetOrCreate({ alias: "assessor" });
  await handle.flush();
  const seatFile = join(home, "seat.json");
  if (member !== undefined) writeFileAtomic(seatFile, `${JSON.stringify({ member })}\n`);
  const seatMember = existsSync(seatFile) ? (JSON.parse(readFileSync(seatFile, "utf8")) as { member?: string }).member : undefined;
  const walletHome = seatMember ? roleHome(config, "member", seatMember) : home;
  if (seatMember && !existsSync(join(walletHome, "vault.json"))) {
    throw new InvalidArgumentError("--member", `there is no member wallet "${seatMember}": create it with \`mutua member init\``);
  }
  const walletHandle = seatMember ? await openAgent(walletHome, secret) : handle;
  const wallet = await MemberWallet.open(walletHandle, { kind: "file", path: join(walletHome, "vault.json"), secret });
  // Reads only; ballots go through the relayer, so no account of the assessor's ever sends one.
  const signer = new VoidSigner(ZeroAddress, await chainFor(config));
  const store = withStore ? await openStore(config, home) : undefined;
  const { Assessor, BallotJournal } = await import("@mutua/sdk"); // loaded only by the commands that decrypt or vote
  const assessor = new Assessor({
    agent: handle.agent,
    did,
    wallet,
    signer,
    deployment: config.deployment,
    journal: BallotJournal.file(join(home, "ballots.json"), secret),
    ...(config.relayer ? { relayer: config.relayer } : {}),
    ...(store ? { store } : {}),
  });
  return { assessor, did, store, config, seatMember };
}

async function findClaim(assessor: Assessor, claimId: string) {
  const claim = (await assessor.listClaims()).find((c) => c.claimId === claimId);
  if (!claim) throw new InvalidArgumentError("--claim", `no claim ${claimId} on this mutual`);
  return claim;
}

/**
 * Creates the assessor's DID and prints the seat governance appoints (`mutua governance propose --add-seat`): the
 * seat leaf and the DID claims will seal evidence to, as `<leaf>:<did>`.
 */
export async function init(global: GlobalOptions, options: { name: string; member?: string }) {
  const { did, assessor, seatMember } = await openAssessor(global, options, false, options.member);
  const { seatText } = await import("@mutua/sdk");
  const seat = seatText(assessor.seat());
  report(global.json, { did, seat, leaf: assessor.seatLeaf() }, [
    `assessor "${options.name}": ${did}`,
    `  seat ${seat}${seatMember ? ` (from member wallet "${seatMember}")` : ""}: members appoint it with \`mutua governance propose --add-seat <seat>\``,
  ]);
}

/** Lists the claims filed (chain reads only: no agent, no IPFS node, so it starts fast). */
export async function list(global: GlobalOptions, options: AccountOptions & { name: string; incident?: string }) {
  const incidentId = options.incident ? parseWholeNumber(options.incident, "--incident", 1n) : undefined;
  const config = loadConfig(global);
  const chain = await chainFor(config);
  const mutual = new MutuaMutualClient(config.deployment.mutual, chain);
  const assessment = new AssessmentClient(config.deployment.assessment, chain);
  const claims = await Promise.all(
    (await mutual.claimsWithStatus(config.deployment.fromBlock, incidentId)).map(async (c) => ({
      ...c,
      ...evidenceReference(c.evidenceCid),
      round: await assessment.roundWithCommits(c.incidentId, c.nullifier, ASSESSORS_ROUND, config.deployment.fromBlock),
    })),
  );
  report(
    global.json,
    {
      claims: claims.map((c) => ({
        claimId: c.claimId,
        incidentId: c.incidentId,
        amount: c.amount,
        amountUsdc: formatUnits(c.amount, USDC_DECIMALS),
        status: c.status.status,
        sealedVotes: c.round.commits,
        evidenceCid: c.evidenceCidText,
        ...(c.problem ? { problem: c.problem } : {}),
      })),
    },
    claims.length === 0
      ? ["no claims"]
      : claims.map(
          (c) =>
            `${c.claimId}  incident #${c.incidentId}  ${formatUnits(c.amount, USDC_DECIMALS)} USDC  ${c.status.status} (${c.round.commits} sealed votes)  ${c.evidenceCidText ?? `unreadable: ${c.problem}`}`,
        ),
  );
}

export async function open(global: GlobalOptions, options: AccountOptions & { name: string; claim: string; out: string }) {
  const { assessor, store } = await openAssessor(global, options, true);
  try {
    const claim = await findClaim(assessor, options.claim);
    const evidence = await assessor.openEvidence(claim, { timeoutMs: 30_000 });
    const out = userPath(options.out);
    mkdirSync(out, { recursive: true });
    const written = [];
    for (const file of evidence.files) {
      const path = join(out, file.name.replace(/[/\\]/g, "_"));
      writeFileSync(path, await file.bytes());
      written.push({ name: file.name, mediaType: file.mediaType, size: file.size, path });
    }
    // Signals to weigh, computed here from the decrypted files (image fingerprints kept in the sealed journal).
    const signals = await assessor.signals(claim, evidence);
    report(global.json, { files: written, signals }, [
      ...written.map((f) => `${f.path} (${f.mediaType}, ${f.size} bytes, hash verified)`),
      ...(signals.length > 0 ? ["signals (reasons to look closer, not decisions):", ...signals.map((s) => `  ${s.sentence}`)] : []),
    ]);
  } finally {
    await store?.close();
  }
}

/** A sealed, anonymous vote through the relayer, with a reason only the claimant can read. */
export async function vote(
  global: GlobalOptions,
  options: AccountOptions & { name: string; claim: string; approve?: boolean; reject?: boolean; amount?: string; reason: string },
) {
  if (options.approve === options.reject) throw new InvalidArgumentError("--approve/--reject", "give exactly one");
  if (options.reject && options.amount) throw new InvalidArgumentError("--amount", "a rejection has no amount");
  const { assessor, store, config } = await openAssessor(global, options, true);
  if (!config.relayer) throw new InvalidArgumentError("--relayer", "votes go through the mutual's relayer: none is configured");
  try {
    const claim = await findClaim(assessor, options.claim);
    const amount = options.amount ? parseUsdc(options.amount, "--amount") : claim.amount;
    if (options.approve && amount > claim.amount) {
      throw new InvalidArgumentError("--amount", `an approval is at most the claimed ${formatUnits(claim.amount, USDC_DECIMALS)} USDC`);
    }
    const decision = options.approve ? { approve: true, amount, reason: options.reason } : { approve: false, reason: options.reason };
    const sent = await assessor.vote(claim, decision);
    await assessor.close();
    report(global.json, { claimId: claim.claimId, voteNullifier: sent.voteNullifier, gasUsed: sent.gasUsed, from: sent.from }, [
      `sealed vote on ${claim.claimId} committed by the relayer ${sent.from} (${sent.gasUsed} gas)`,
      "  reveal it with `mutua assessor reveal` once voting closes: an unrevealed vote does not count",
    ]);
  } finally {
    await store?.close();
  }
}

/** Reveals this assessor's sealed votes whose voting window has closed. */
export async function reveal(global: GlobalOptions, options: AccountOptions & { name: string }) {
  const { assessor } = await openAssessor(global, options, false);
  const { revealed, waiting, missed } = await assessor.reveal();
  report(global.json, { revealed: revealed.length, waiting: waiting.length, missed: missed.length }, [
    `revealed ${revealed.length} vote${revealed.length === 1 ? "" : "s"}; ${waiting.length} still in their voting window; ${missed.length} missed their reveal window`,
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
  if (["Filed", "Appealed"].includes((await settlement.status(claim.incidentId, claim.nullifier)).status)) {
    const receipt = await settlement
      .finalize(claim.incidentId, claim.nullifier)
      .catch(doneMeanwhile("RoundAlreadyDecided", "ClaimNotInStatus"));
    steps.push(receipt ? `finalized (${receipt.gasUsed} gas)` : "decided meanwhile (by the mutual's keeper)");
  }
  const payableAt = await settlement.payableAt(claim.incidentId, claim.nullifier);
  if (payableAt !== undefined) {
    // The next block's time, not the last one's: an idle devnet mints no blocks, so its last block can be
    // long past; a new block takes the wall clock (or the chain's clock, if time-travel moved it ahead).
    const lastBlock = BigInt((await signer.provider?.getBlock("latest"))?.timestamp ?? 0);
    const wallClock = BigInt(Math.floor(Date.now() / 1000));
    const now = lastBlock > wallClock ? lastBlock : wallClock;
    if (now >= payableAt) {
      const receipt = await settlement.settle(claim.incidentId, claim.nullifier).catch(doneMeanwhile("ClaimNotInStatus"));
      steps.push(receipt ? `paid (${receipt.gasUsed} gas)` : "paid meanwhile (by the mutual's keeper)");
    } else {
      steps.push(
        `approved; payable from ${new Date(Number(payableAt) * 1000).toISOString()} chain time (settlement cooldown): run settle again then`,
      );
    }
  }
  const status = await settlement.status(claim.incidentId, claim.nullifier);
  const rounds = await settlement.rounds(claim.incidentId, claim.nullifier);
  const lastRound = rounds.appeal.opened ? rounds.appeal : rounds.assessors;
  const reason = OUTCOME_REASONS[status.status];
  report(
    global.json,
    { claimId: claim.claimId, status: status.status, approvedAmount: status.approvedAmount, recipient: status.recipient },
    [
      ...steps,
      `claim ${claim.claimId}: ${status.status}${status.status === "Paid" ? `, ${formatUnits(status.approvedAmount, USDC_DECIMALS)} USDC to ${status.recipient}` : ""}`,
      ...(reason ? [`  ${reason(lastRound)}`] : []),
    ],
  );
}

/**
 * For a step anyone may take that someone else (the keeper) took between our read and our transaction: the
 * contract's refusal by one of these names means it is done; anything else is a real failure.
 */
function doneMeanwhile(...names: string[]) {
  return (error: unknown): undefined => {
    if ((error as { errorName?: string }).errorName && names.includes((error as { errorName: string }).errorName)) return undefined;
    throw error;
  };
}

/** Why a claim ended without a payout, for people reading `settle`. */
const OUTCOME_REASONS: Partial<Record<string, (round: { approvals: number; rejections: number; commits: number }) => string>> = {
  Expired: (c) =>
    `fewer revealed votes (${c.approvals + c.rejections}, of ${c.commits} sealed) than the quorum: nothing is paid (it can be appealed)`,
  Rejected: (c) => `rejected: ${c.rejections} rejections against ${c.approvals} approvals (it can be appealed within the settlement delay)`,
  Lapsed: () => "approved, but paying the recipient failed for 30 days: the reservation went back to the pool",
};
