import { join } from "node:path";
import { admissionOf, checkIncidentNote, InvalidArgumentError, MutualAdmin, offerJson, parseOffer, writeFileAtomic } from "@mutua/sdk";
import { formatUnits } from "ethers";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, issuerHomeOf, openAgent, signerFor, storageSecret } from "../context.ts";
import { parseUsdc, parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { fileJoinRecords, recordManualOffer } from "../join-desk-service.ts";
import { report } from "../output.ts";

/**
 * The mutual's operator roles, each its own key: on a devnet the issuer is account 7, the incident opener
 * account 8, the capital provider account 0 (pass --account or --key to change). Governance is the members'.
 */
export async function connect(global: GlobalOptions, account: AccountOptions, fallbackAccount: number) {
  const config = loadConfig(global);
  const home = issuerHomeOf(config);
  const { agent, flush } = await openAgent(home, storageSecret(global));
  const signer = await signerFor(config, account, fallbackAccount);
  const admin = await MutualAdmin.connect({
    signer,
    issuer: { agent, did: config.issuerDid, statusListUrl: config.statusListUrl, log: { kind: "file", path: join(home, "issued.jsonl") } },
    deployment: config.deployment,
  });
  // The devnet serves this file at the status list URL.
  const publish = async () => writeFileAtomic(join(home, "status-members.jwt"), await admin.issuer.statusListCredential());
  return { admin, flush, publish };
}

export async function offer(
  global: GlobalOptions,
  options: AccountOptions & { request: string; coverage: string; premium: string; days: string; policy: string },
) {
  const request = parseJson<{ memberDid?: string; identityCommitment?: string }>(
    options.request,
    "--request",
    "`mutua member request --json`",
  );
  if (typeof request.memberDid !== "string" || typeof request.identityCommitment !== "string") {
    throw new InvalidArgumentError("--request", "must hold memberDid and identityCommitment, as `mutua member request --json` prints");
  }
  const config = loadConfig(global);
  const block = await (await chainFor(config)).getBlock("latest");
  const now = BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
  const terms = {
    policyId: parseWholeNumber(options.policy, "--policy"),
    coverageLimit: parseUsdc(options.coverage, "--coverage"),
    policyStart: now - 60n,
    policyExpiry: now + parseWholeNumber(options.days, "--days", 1n) * 86_400n,
  };
  const premium = parseUsdc(options.premium, "--premium");
  const leaf = MutualAdmin.leafOf({ identityCommitment: BigInt(request.identityCommitment), terms });
  const made = offerJson({ memberDid: request.memberDid, identityCommitment: BigInt(request.identityCommitment), terms, premium });
  // The join desk leaves payments for this leaf to the operator (a leaf nobody offered, it refuses after a while).
  recordManualOffer(issuerHomeOf(config), leaf);
  report(global.json, { ...made, leaf: leaf.toString() }, [
    `offer to ${request.memberDid}: cover ${options.coverage} USDC for ${options.days} days, premium ${options.premium} USDC`,
    "the member pays it (member pay-premium --offer …), then issuer admit --offer … admits them:",
    JSON.stringify(made),
  ]);
}

export async function admit(global: GlobalOptions, options: AccountOptions & { offer: string }) {
  const made = readOffer(options.offer);
  const { admin, flush, publish } = await connect(global, options, 7);
  const { credentials, receipt, root } = await admin.admitMembers([made]);
  await publish();
  await flush();
  const [credential] = credentials;
  // No receipt: an earlier run posted the leaf and stopped before the credential; this run issued it.
  report(global.json, { credentialId: credential?.id, credential: credential?.jwt, root, gasUsed: receipt?.gasUsed ?? 0n }, [
    receipt
      ? `admitted ${made.memberDid} (premium paid on-chain; root ${root.toString().slice(0, 16)}…, ${receipt.gasUsed} gas)`
      : `admitted ${made.memberDid}: the leaf was already on-chain from an earlier run, the credential is issued now`,
    `credential ${credential?.id}:`,
    credential?.jwt ?? "",
  ]);
}

/** The premium payments waiting for the issuer, in the order admissions must take them. */
export async function queue(global: GlobalOptions, options: AccountOptions) {
  const { admin } = await connect(global, options, 7);
  const pending = await admin.pendingPayments();
  // The join desk's requests (when this issuer runs one): which payments are its offers, and who has not paid yet.
  const records = fileJoinRecords(join(issuerHomeOf(loadConfig(global)), "join-desk.json")).load();
  const deskOffers = new Map(records.map((r) => [MutualAdmin.leafOf(admissionOf(r.offer)), r]));
  const unpaid = records.filter((r) => !r.credential && !r.refused && !pending.some((p) => deskOffers.get(p.leaf) === r));
  const owner = (leaf: bigint) => {
    const record = deskOffers.get(leaf);
    return record
      ? ` (the join desk's offer to ${record.offer.memberDid.slice(0, 24)}…)`
      : " (no offer of the join desk: admit or refuse it)";
  };
  report(
    global.json,
    {
      pending: pending.map((p) => ({
        ...p,
        leaf: p.leaf.toString(),
        amount: formatUnits(p.amount, USDC_DECIMALS),
        desk: deskOffers.has(p.leaf),
      })),
      deskRequestsAwaitingPayment: unpaid.length,
    },
    [
      ...(pending.length === 0
        ? ["no premium payment is waiting"]
        : [
            `${pending.length} premium ${pending.length === 1 ? "payment waits" : "payments wait"}, admitted or refused in this order:`,
            ...pending.map(
              (p) =>
                `  #${p.position}  ${formatUnits(p.amount, USDC_DECIMALS)} USDC from ${p.payer} in block ${p.blockNumber} for leaf ${p.leaf.toString().slice(0, 16)}…${records.length ? owner(p.leaf) : ""}`,
            ),
          ]),
      ...(records.length ? [`${unpaid.length} request(s) at the join desk wait for their premium`] : []),
    ],
  );
}

/** Refuses the next payments in the queue: their payers withdraw them (member withdraw-refund). */
export async function refuse(global: GlobalOptions, options: AccountOptions & { count: string }) {
  const count = Number(parseWholeNumber(options.count, "--count", 1n));
  const { admin } = await connect(global, options, 7);
  const { refused, receipt } = await admin.refusePayments(count);
  report(global.json, { refused: refused.map((p) => p.position), gasUsed: receipt.gasUsed }, [
    `refused ${refused.map((p) => `#${p.position}`).join(", ")}: each payer can withdraw their premium (${receipt.gasUsed} gas)`,
  ]);
}

/** Parses an offer as `issuer offer --json` printed it. */
export function readOffer(text: string) {
  try {
    return parseOffer(text);
  } catch (error) {
    throw new InvalidArgumentError("--offer", `${(error as Error).message}: give the JSON printed by \`mutua issuer offer --json\``);
  }
}

function parseJson<T>(text: string, flag: string, source: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InvalidArgumentError(flag, `must be the JSON printed by ${source}`);
  }
}

export async function revoke(global: GlobalOptions, options: AccountOptions & { credential: string }) {
  const { admin, flush, publish } = await connect(global, options, 7);
  const { revocation, receipt } = await admin.revokeMember(options.credential);
  await publish();
  await flush();
  const gas = receipt ? `${receipt.gasUsed} gas` : "leaf already removed";
  report(global.json, { credentialId: revocation.credentialId, statusListIndex: revocation.statusListIndex, gasUsed: receipt?.gasUsed }, [
    `revoked ${revocation.credentialId}: leaf removed on-chain, then status list updated (${gas})`,
  ]);
}

export async function openIncident(
  global: GlobalOptions,
  options: AccountOptions & { claimsDays: string; votingDays: string; occurred?: string; description: string; region: string },
) {
  const note = { region: options.region.trim().toUpperCase(), description: options.description.trim() };
  try {
    checkIncidentNote(note);
  } catch (error) {
    const field = (error as { details?: { name?: string } }).details?.name;
    throw new InvalidArgumentError(field === "region" ? "--region" : "--description", (error as Error).message.replace(/^[^:]*: /, ""));
  }
  const occurredAt = options.occurred === undefined ? undefined : parseTime(options.occurred);
  const claimsDays = parseWholeNumber(options.claimsDays, "--claims-days", 1n);
  const votingDays = parseWholeNumber(options.votingDays, "--voting-days", 1n);
  const { admin } = await connect(global, options, 8);
  const { incidentId, receipt } = await admin.openIncident(Number(claimsDays) * 86_400, Number(votingDays) * 86_400, occurredAt, note);
  report(global.json, { incidentId, ...note, gasUsed: receipt.gasUsed }, [
    `incident #${incidentId} is open: ${note.description}${note.region ? ` (${note.region})` : ""} (${receipt.gasUsed} gas)`,
  ]);
}

/** A loss time: unix seconds or an ISO 8601 date. */
function parseTime(text: string): bigint {
  if (/^\d+$/.test(text)) return BigInt(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new InvalidArgumentError("--occurred", `${text} is neither unix seconds nor a date like 2026-11-24T06:00:00Z`);
  return BigInt(Math.floor(ms / 1000));
}

export async function depositCapital(global: GlobalOptions, options: AccountOptions & { amount: string }) {
  const amount = parseUsdc(options.amount, "--amount");
  const { admin } = await connect(global, options, 0);
  const receipt = await admin.depositCapital(amount);
  const held = formatUnits((await admin.mutual.accounts()).held, USDC_DECIMALS);
  report(global.json, { deposited: formatUnits(amount, USDC_DECIMALS), held, gasUsed: receipt.gasUsed }, [
    `deposited ${formatUnits(amount, USDC_DECIMALS)} USDC of capital; the pool holds ${held} USDC (${receipt.gasUsed} gas)`,
  ]);
}
