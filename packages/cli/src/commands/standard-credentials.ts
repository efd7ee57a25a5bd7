import { join } from "node:path";
import { startStatusListHost } from "@mutua/devnet";
import type { CoverQuery } from "@mutua/sdk";
import { InvalidArgumentError } from "@mutua/sdk";
import QRCode from "qrcode";
import { loadConfig } from "../config.ts";
import type { GlobalOptions } from "../context.ts";
import { issuerHomeOf, openAgent, storageSecret } from "../context.ts";
import { parseUsdc, parseWholeNumber } from "../inputs.ts";
import { report } from "../output.ts";
import { explainPortInUse } from "../port-in-use.ts";

/**
 * An offer of a member's credential to their standard wallet (OpenID4VCI): the link or QR code for the wallet,
 * and six digits to send the member by another channel (a call, an SMS). Made with the issuer's key: the
 * running endpoint (`issuer desk`, the devnet) honours it once, within 30 minutes.
 */
export async function offerCredential(global: GlobalOptions, options: { member?: string; credential?: string; credentialIssuer?: string }) {
  const config = loadConfig(global);
  const url = options.credentialIssuer ?? config.credentialIssuer;
  if (!url)
    throw new InvalidArgumentError("--credential-issuer", "say where the issuer's OpenID4VCI endpoint is (`issuer desk` prints it)");
  if (!options.member === !options.credential)
    throw new InvalidArgumentError("--member", "name the member's DID (--member) or a credential id (--credential)");
  const home = issuerHomeOf(config);
  const { agent } = await openAgent(home, storageSecret(global));
  const { MembershipIssuer, openCredentialIssuer } = await import("@mutua/sdk");
  const memberships = await MembershipIssuer.open(agent, {
    issuerDid: config.issuerDid,
    statusListUrl: config.statusListUrl,
    log: { kind: "file", path: join(home, "issued.jsonl") },
  });
  const standing = memberships.issuedCredentials().filter((c) => !memberships.isRevoked(c.id));
  const chosen = options.credential
    ? standing.find((c) => c.id === options.credential)
    : standing.filter((c) => c.membership.memberDid === options.member).at(-1);
  if (!chosen)
    throw new InvalidArgumentError(
      options.credential ? "--credential" : "--member",
      `${options.credential ?? options.member} holds no membership in good standing from this issuer`,
    );
  const { service } = await openCredentialIssuer({ memberships, url, directory: home });
  const offer = await service.offer(chosen.id);
  const qr = await QRCode.toString(offer.uri, { type: "terminal", small: true, errorCorrectionLevel: "L" });
  report(global.json, { credentialId: chosen.id, uri: offer.uri, txCode: offer.txCode, expiresAt: offer.expiresAt }, [
    `credential offer for ${chosen.membership.memberDid} (${chosen.id})`,
    `  open in a wallet  ${offer.uri}`,
    qr,
    `  code             ${offer.txCode} (send it to the member by another channel; 5 wrong tries void the offer)`,
    `  valid until      ${new Date(offer.expiresAt * 1000).toISOString()} (once)`,
  ]);
}

export interface VerifyCoverOptions {
  issuer?: string[];
  mutual?: string;
  chainId?: string;
  policyType?: string;
  until?: string;
  minLimit?: string;
  port: string;
  host: string;
  publicUrl?: string;
  wait: string;
}

/**
 * Asks a member for proof of cover (OpenID4VP) and says what their wallet showed: a verifier for a marina's
 * or a landlord's desk. Serves the request's response endpoint until the wallet answers or `--wait` passes.
 * Exit status 0 when covered, 1 otherwise.
 */
export async function verifyCover(global: GlobalOptions, options: VerifyCoverOptions) {
  const trusted = options.issuer?.length ? options.issuer : trustedFromConfig(global);
  const query: CoverQuery = {};
  if (options.mutual) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(options.mutual))
      throw new InvalidArgumentError("--mutual", `${options.mutual} is not a contract address`);
    query.mutual = { contract: options.mutual, chainId: parseWholeNumber(options.chainId ?? "", "--chain-id") };
  }
  if (options.policyType) query.policyType = options.policyType;
  if (options.until) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.until) || Number.isNaN(Date.parse(options.until)))
      throw new InvalidArgumentError("--until", `"${options.until}" is not a day like 2027-06-30`);
    query.coveredUntil = options.until;
  }
  if (options.minLimit) query.minCoverLimit = parseUsdc(options.minLimit, "--min-limit");
  const port = Number(parseWholeNumber(options.port, "--port"));
  const waitSeconds = Number(parseWholeNumber(options.wait, "--wait", 1n));
  const { CoverVerifier, coverVerifierHandler } = await import("@mutua/sdk");
  let handler: ReturnType<typeof coverVerifierHandler> | undefined;
  const host = await startStatusListHost({
    port,
    host: options.host,
    extra: async (request, response) => (handler ? handler(request, response) : false),
  }).catch(explainPortInUse("--port", port));
  try {
    const origin = options.publicUrl ? new URL(options.publicUrl).origin : host.origin;
    const verifier = new CoverVerifier({ responseUri: `${origin}/verify/response`, trustedIssuers: trusted });
    handler = coverVerifierHandler(verifier, "/verify");
    const asked = await handler.ask(query);
    // With --json a first line gives the request to scripts (to show as a QR code), the verdict comes last.
    if (global.json) console.log(JSON.stringify({ uri: asked.uri, waitingSeconds: waitSeconds }));
    else {
      console.log(`show this to the member (their wallet answers to ${origin}/verify/response):`);
      console.log(await QRCode.toString(asked.uri, { type: "terminal", small: true, errorCorrectionLevel: "L" }));
      console.log(asked.uri);
      console.log(`waiting up to ${waitSeconds} s for the wallet…`);
    }
    const outcome = await handler.outcome(asked.state, waitSeconds * 1000);
    if (outcome?.status === "verified") {
      const c = outcome.cover.claims;
      report(global.json, { covered: true, issuer: outcome.cover.issuer, claims: c, uri: asked.uri }, [
        `covered${c.mutual ? ` by ${c.mutual.name || c.mutual.contract}` : ""}${c.policy_type ? ` for ${c.policy_type}` : ""}${c.policy_period ? ` until ${c.policy_period.end}` : ""} (issuer ${outcome.cover.issuer})`,
      ]);
    } else {
      const reason = outcome?.status === "refused" ? outcome.reason : "no answer from the member's wallet in time";
      report(global.json, { covered: false, reason, uri: asked.uri }, [`not shown: ${reason}`]);
      process.exitCode = 1;
    }
  } finally {
    await host.close();
  }
}

function trustedFromConfig(global: GlobalOptions): string[] {
  const url = loadConfig(global).credentialIssuer;
  if (!url) throw new InvalidArgumentError("--issuer", "name the credential issuers you trust (their OpenID4VCI URLs)");
  return [url];
}
