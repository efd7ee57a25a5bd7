import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startStatusListHost } from "@mutua/devnet";
import type { AdmissionProofPolicy } from "@mutua/sdk";
import { AdmissionProofs, InvalidArgumentError, openCredentialIssuer, quote, UNKNOWN_PAYMENT_GRACE_SECONDS } from "@mutua/sdk";
import QRCode from "qrcode";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { issuerHomeOf, openAgent, storageSecret } from "../context.ts";
import { parseUsdc, parseWholeNumber } from "../inputs.ts";
import { startJoinDesk } from "../join-desk-service.ts";
import { report } from "../output.ts";
import { explainPortInUse } from "../port-in-use.ts";
import { stopOnSignal } from "../stop-on-signal.ts";
import { connect } from "./issuer.ts";
import { parseClass, readTable } from "./pricing.ts";

export interface DeskOptions extends AccountOptions {
  coverage: string;
  premium: string;
  days: string;
  policy: string;
  port: string;
  host: string;
  publicUrl?: string;
  policyType: string;
  requireProof?: string;
  rateTable?: string;
  class?: string;
}

/**
 * Runs the issuer's join desk for a deployed mutual: the standing offer (cover, premium, days) to anyone who asks
 * with a signed request, and the issuer's key admitting each paid offer within seconds. `--public-url` is the
 * address members reach it at (behind a TLS proxy); requests must name it, so it must be exact.
 */
export async function serveDesk(global: GlobalOptions, options: DeskOptions): Promise<void> {
  // Priced from the members' rate table: the premium is the table's for the class, which members' wallets check.
  if ((options.rateTable === undefined) !== (options.class === undefined)) {
    throw new InvalidArgumentError("--rate-table", "a priced desk needs both --rate-table and --class");
  }
  const pricing = options.rateTable ? { table: readTable(options.rateTable), levels: parseClass(options.class as string) } : undefined;
  const product = {
    policyId: parseWholeNumber(options.policy, "--policy"),
    coverageLimit: parseUsdc(options.coverage, "--coverage"),
    premium: pricing ? quote(pricing.table, pricing.levels, 1).premium : parseUsdc(options.premium, "--premium"),
    days: Number(parseWholeNumber(options.days, "--days", 1n)),
    ...(pricing ? { pricing } : {}),
  };
  const port = Number(parseWholeNumber(options.port, "--port"));
  if (port > 65_535) throw new InvalidArgumentError("--port", `${options.port} is not a port (0–65535)`);
  const policy = options.requireProof === undefined ? undefined : readProofPolicy(options.requireProof);
  const config = loadConfig(global);
  const { admin } = await connect(global, options, 7);
  const { agent } = await openAgent(issuerHomeOf(config), storageSecret(global));
  let handler: ((...args: Parameters<ReturnType<typeof startJoinDesk>["handler"]>) => Promise<boolean>) | undefined;
  let oid4vci: typeof handler;
  const host = await startStatusListHost({
    port,
    host: options.host,
    extra: async (request, response) => ((await handler?.(request, response)) || (await oid4vci?.(request, response))) ?? false,
  }).catch(explainPortInUse("--port", port));
  const url = options.publicUrl ?? `${host.origin}/join`;
  const admissionProofs = policy && new AdmissionProofs(policy, { responseUri: `${url}/proof-response` });
  // Standard wallets get the same membership from the OpenID4VCI endpoint beside the desk.
  const credentialIssuer = await openCredentialIssuer({
    memberships: admin.issuer,
    url: `${new URL(url).origin}/oid4vci`,
    directory: issuerHomeOf(config),
    mutualName: admin.deployment.name ?? "",
    policyType: options.policyType,
  });
  oid4vci = credentialIssuer.handler;
  const desk = startJoinDesk({
    credentialOffers: credentialIssuer.service,
    ...(admissionProofs ? { admissionProofs } : {}),
    admin,
    agent,
    url,
    product,
    recordsFile: join(issuerHomeOf(config), "join-desk.json"),
    issuerHome: issuerHomeOf(config),
    onRefused: (count) =>
      console.log(`refused ${count} payment(s) (below or after their offer, or for a leaf nobody offered): the payers withdraw them`),
    onAdmitted: (count) => console.log(`admitted ${count} paid offer(s)`),
    onBlocked: (position, payer) =>
      console.log(
        `premium payment #${position} from ${payer} is not this desk's offer: admit it (issuer admit) or it is refused in ${UNKNOWN_PAYMENT_GRACE_SECONDS / 60} minutes unless you offered it with issuer offer`,
      ),
  });
  handler = desk.handler;
  report(global.json, { url, credentialIssuer: credentialIssuer.service.issuer, product: desk.desk.describe() }, [
    `join desk up (Ctrl-C stops it)`,
    `  url      ${url}`,
    `  offer    cover ${options.coverage} USDC per claim for ${options.days} days, premium ${options.premium} USDC`,
    `  admits   paid offers every 2 s with the issuer's key`,
    ...(policy ? [`  asks     a credential first: ${policy.purpose} (${policy.trustedIssuers.join(", ")})`] : []),
    `  wallets  ${credentialIssuer.service.issuer} (OpenID4VCI: the membership as SD-JWT VCs for standard wallets)`,
    `  app      put "joinDesk": "${url}" in the app's mutua.json (docs/deploy.md)`,
  ]);
  stopOnSignal(async () => {
    await desk.stop();
    await host.close();
  });
  await new Promise(() => {});
}

/**
 * The admission proof policy file: `{ purpose, trustedIssuers: [urls], vct: [types], claims: [{ path, values? }] }`
 * (docs/deploy.md, "Asking for a credential first").
 */
function readProofPolicy(path: string): AdmissionProofPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidArgumentError("--require-proof", `${path} is not a readable JSON file: ${(error as Error).message}`);
  }
  const p = raw as Partial<AdmissionProofPolicy>;
  const strings = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string");
  const claimsOk =
    Array.isArray(p.claims) &&
    p.claims.length > 0 &&
    p.claims.every((c) => strings(c?.path) && (c.values === undefined || (Array.isArray(c.values) && c.values.length > 0)));
  if (typeof p.purpose !== "string" || !p.purpose || !strings(p.trustedIssuers) || !strings(p.vct) || !claimsOk)
    throw new InvalidArgumentError(
      "--require-proof",
      `${path} must hold { "purpose": "...", "trustedIssuers": ["https://..."], "vct": ["..."], "claims": [{ "path": ["age_over_18"], "values": [true] }] }`,
    );
  if (!(p.trustedIssuers as string[]).every((u) => URL.canParse(u)))
    throw new InvalidArgumentError("--require-proof", "trustedIssuers must be URLs");
  return p as AdmissionProofPolicy;
}

/** The link (and its QR code) that brings a newcomer to the app's join screen: the app at `<app>#/join`. */
export async function joinLink(global: GlobalOptions, options: { app: string }): Promise<void> {
  let url: URL;
  try {
    url = new URL(options.app);
  } catch {
    throw new InvalidArgumentError("--app", `"${options.app}" is not a URL: give the address the member app is served at`);
  }
  url.hash = "/join";
  const link = url.toString();
  const qr = await QRCode.toString(link, { type: "terminal", small: true, errorCorrectionLevel: "M" });
  report(global.json, { link }, [`join link: ${link}`, qr]);
}
