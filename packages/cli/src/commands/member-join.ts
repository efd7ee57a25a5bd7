import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { OfferJson } from "@mutua/sdk";
import {
  admissionOf,
  agentResolver,
  checkDeskOffer,
  InvalidArgumentError,
  JoinDeskClient,
  Member,
  MutuaError,
  MutualAdmin,
  writeFileAtomic,
} from "@mutua/sdk";
import QRCode from "qrcode";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, signerFor } from "../context.ts";
import { formatUsdc, parseUsdc } from "../inputs.ts";
import { report } from "../output.ts";
import { openWallet } from "./member.ts";

const usdc = formatUsdc;

/** A join in progress, kept in the wallet's home: an interrupted `member join` resumes instead of paying twice. */
interface PendingJoin {
  desk: string;
  ticket: string;
  offer: OfferJson;
}

/**
 * Joins through the mutual's join desk in one command: the wallet (made if new) signs a request, the desk
 * answers its offer; with `--pay <usdc>` equal to the offer's premium the premium is paid from the member's
 * account and the credential collected and kept once the issuer admits. Without --pay nothing is paid: the
 * offer is shown in words with the flag that accepts it.
 */
export async function joinMutual(global: GlobalOptions, options: AccountOptions & { name: string; pay?: string; desk?: string }) {
  const { config, home, handle, wallet } = await openWallet(global, options.name, { mustExist: false });
  const deskUrl = options.desk ?? config.joinDesk;
  if (!deskUrl) {
    throw new InvalidArgumentError(
      "--desk",
      "this mutual's config names no join desk: give its URL with --desk, or join by offer (member request, issuer offer)",
    );
  }
  const desk = new JoinDeskClient(deskUrl);
  const pendingFile = join(home, "join-pending.json");
  const mutual = { chainId: config.deployment.chainId, contract: config.deployment.mutual };
  let pending = existsSync(pendingFile) ? (JSON.parse(readFileSync(pendingFile, "utf8")) as PendingJoin) : undefined;
  if (pending) {
    const status = await desk.status(pending.ticket).catch((error: unknown) => {
      if ((error as MutuaError).code === "UNKNOWN_TICKET") return undefined;
      throw error;
    });
    if (!status || status.state === "refused") pending = undefined;
    // An offer that closed unpaid is asked for again (paid late, the desk would refuse it and refund).
    else if (status.state === "awaiting-payment" && Date.now() > status.payBefore) {
      const member = new Member({
        wallet,
        signer: await signerFor(config, options, 1),
        deployment: config.deployment,
        resolver: agentResolver(handle.agent),
      });
      if (!(await member.pendingPremiumFor(MutualAdmin.leafOf(admissionOf(pending.offer))))) pending = undefined;
    }
  }
  if (!pending) {
    const proofState = await showProofIfAsked(desk);
    const signed = await wallet.signMembershipRequest(mutual, desk.url);
    await handle.flush();
    const answer = await desk.request(signed, proofState);
    pending = { desk: desk.url, ticket: answer.ticket, offer: answer.offer };
    writeFileAtomic(pendingFile, JSON.stringify(pending));
  }
  const offer = admissionOf(pending.offer);
  // A desk that cites a rate table: the premium recomputed from the table the members adopted, before anything is
  // shown as payable (a mismatch stops here, nothing paid).
  const priced = await checkDeskOffer({
    deployment: config.deployment,
    runner: await chainFor(config),
    description: await desk.describe(),
    offer,
    money: (units) => `${usdc(BigInt(Math.round(units)))} USDC`,
  });
  const why = priced ? ["why this premium:", ...priced.lines.map((line) => `  ${line.sentence}`), priced.classSize.sentence] : [];
  const words = `cover up to ${usdc(offer.terms.coverageLimit)} USDC per claim from ${isoDate(BigInt(offer.terms.policyStart))} to ${isoDate(BigInt(offer.terms.policyExpiry))}, premium ${usdc(offer.premium)} USDC`;
  if (options.pay === undefined) {
    report(
      global.json,
      { offer: pending.offer, paid: false, ...(priced ? { why: priced.lines.map((l) => l.sentence), classSize: priced.classSize } : {}) },
      [`the mutual offers: ${words}`, ...why, `nothing paid. To accept, run this again with --pay ${usdc(offer.premium)}`],
    );
    return;
  }
  if (parseUsdc(options.pay, "--pay") !== offer.premium) {
    throw new InvalidArgumentError("--pay", `the offer's premium is ${usdc(offer.premium)} USDC, not ${options.pay}: nothing was paid`);
  }
  const signer = await signerFor(config, options, 1);
  const member = new Member({ wallet, signer, deployment: config.deployment, resolver: agentResolver(handle.agent) });
  const status = await desk.status(pending.ticket);
  const leaf = MutualAdmin.leafOf(offer);
  const paidAlready = status.state === "admitted" || (await member.pendingPremiumFor(leaf));
  if (!paidAlready) await member.payPremium(offer);
  const credential = await desk.waitForCredential(pending.ticket, { signal: AbortSignal.timeout(10 * 60_000) }).catch((error: unknown) => {
    if ((error as Error).name === "TimeoutError")
      throw new MutuaError("NOT_ADMITTED_YET", "paid, but the mutual has not admitted you within 10 minutes: run this command again later");
    throw error;
  });
  const held = await wallet.accept(credential.jwt);
  await handle.flush();
  rmSync(pendingFile, { force: true });
  const standard = credential.credentialOffer;
  report(
    global.json,
    {
      credentialId: held.credentialId,
      paid: usdc(offer.premium),
      memberDid: held.membership.memberDid,
      ...(standard ? { credentialOffer: standard } : {}),
    },
    [
      `joined: ${words}`,
      `kept credential ${held.credentialId}; make a backup of this wallet's directory (${home})`,
      ...(standard
        ? [
            `for a standard wallet (proof of cover to anyone who asks), open within 30 minutes with code ${standard.txCode}:`,
            `  ${standard.uri}`,
          ]
        : []),
    ],
  );
}

/**
 * A desk that asks to see a credential first (an identity credential, another mutual's membership): the request
 * for the person's own wallet, as a QR code and a link on stderr, then the wait for the desk to verify the answer.
 */
async function showProofIfAsked(desk: JoinDeskClient): Promise<string | undefined> {
  const asks = (await desk.describe()).proof;
  if (!asks) return undefined;
  const { uri, state } = await desk.proofRequest();
  const qr = await QRCode.toString(uri, { type: "terminal", small: true, errorCorrectionLevel: "L" });
  process.stderr.write(
    `the mutual asks to see a credential from your wallet first: ${asks.purpose}\n` +
      `it asks for: ${asks.claims.map((path) => path.join(".")).join(", ")}\n${qr}\n${uri}\nwaiting for your wallet…\n`,
  );
  await desk.waitForProof(state, { signal: AbortSignal.timeout(10 * 60_000) }).catch((error: unknown) => {
    if ((error as Error).name === "TimeoutError")
      throw new MutuaError("PROOF_TIMEOUT", "your wallet did not answer within 10 minutes: run this command again to get a new request");
    throw error;
  });
  return state;
}

function isoDate(unix: bigint): string {
  return new Date(Number(unix) * 1000).toISOString().slice(0, 10);
}
