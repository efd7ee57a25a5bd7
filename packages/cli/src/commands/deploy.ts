import { existsSync } from "node:fs";
import { join } from "node:path";
import { connectChain, deploymentGasBound, InsufficientFundsError, InvalidArgumentError, MutualAdmin, VERIFIER } from "@mutua/sdk";
import { formatEther, formatUnits, VoidSigner } from "ethers";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { issuerHome, openAgent, signerFor, storageSecret } from "../context.ts";
import { deploymentPath, slug, writeDeploymentFile } from "../deployment-file.ts";
import { parseAccountAddress, parseUsdc, parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";
import { userPath } from "../user-path.ts";

export interface DeployOptions extends AccountOptions {
  name: string;
  token: string;
  statusListUrl: string;
  issuer?: string;
  incidentOpener?: string;
  pauser?: string;
  relayer?: string;
  joinDesk?: string;
  pinningService: string[];
  maxClaim: string;
  quorum: string;
  settlementDelay: string;
  governanceDelay: string;
  votingPeriod: string;
  quorumShare: string;
  revealWindow: string;
  appealPeriod: string;
  allowDevVerifyingKey?: boolean;
  /** Deploy ParametricCover too (its products are then the members' vote). */
  parametric?: boolean;
  /** UMA's Optimistic Oracle V3 on this chain, for assertion-triggered products (implies --parametric). */
  optimisticOracle?: string;
  force?: boolean;
}

/**
 * Deploys a mutual (governance timelock, the mutual, the assessment module, the members' governor) to the chain
 * behind --rpc, signing with --key or --keystore, and writes deployments/<chainId>/<name>.json. Every input, the
 * chain id, the dev-key rule and the deployer's balance are checked before the first transaction. No key governs:
 * the first assessor seats, and every change after, are the members' vote (`mutua governance`).
 */
export async function deploy(global: GlobalOptions, options: DeployOptions): Promise<void> {
  const urls = global.rpc?.length ? global.rpc : process.env.MUTUA_RPC?.split(",");
  if (!urls?.length) throw new InvalidArgumentError("--rpc", "say which chain to deploy to: --rpc <url> (several for redundancy)");
  if (!options.key && !options.keystore && !process.env.MUTUA_PRIVATE_KEY) {
    throw new InvalidArgumentError("--key", "deploying needs the deployer's key: --key, --keystore or $MUTUA_PRIVATE_KEY");
  }
  const name = options.name.trim();
  slug(name);
  const token = parseAccountAddress(options.token, "--token");
  const roles = {
    issuer: options.issuer ? parseAccountAddress(options.issuer, "--issuer") : undefined,
    incidentOpener: options.incidentOpener ? parseAccountAddress(options.incidentOpener, "--incident-opener") : undefined,
    pauser: options.pauser ? parseAccountAddress(options.pauser, "--pauser") : undefined,
  };
  const statusListUrl = httpUrl(options.statusListUrl, "--status-list-url");
  const pinningServices = options.pinningService.map((url) => httpUrl(url, "--pinning-service"));
  const relayer = options.relayer ? httpUrl(options.relayer, "--relayer") : undefined;
  const joinDesk = options.joinDesk ? httpUrl(options.joinDesk, "--join-desk") : undefined;
  const settings = {
    maxClaimAmount: parseUsdc(options.maxClaim, "--max-claim"),
    quorum: Number(parseWholeNumber(options.quorum, "--quorum", 1n)),
    settlementDelay: Number(parseWholeNumber(options.settlementDelay, "--settlement-delay", 1n)),
    governanceDelay: Number(parseWholeNumber(options.governanceDelay, "--governance-delay", 1n)),
    votingPeriod: Number(parseWholeNumber(options.votingPeriod, "--voting-period", 1n)),
    quorumBps: Number(parsePercentBps(options.quorumShare, "--quorum-share")),
    revealWindow: Number(parseWholeNumber(options.revealWindow, "--reveal-window", 1n)),
    appealVotingPeriod: Number(parseWholeNumber(options.appealPeriod, "--appeal-period", 1n)),
  };

  const { chainId } = await connectChain({ urls });
  const file = deploymentPath(userPath("."), chainId, name);
  if (existsSync(file) && !options.force) {
    throw new InvalidArgumentError("--force", `${file} exists: a mutual named "${name}" is already deployed on chain ${chainId}`);
  }
  const config = {
    rpc: urls,
    deployment: { chainId, mutual: "", token, governance: "", governor: "", assessment: "", fromBlock: 0, name },
    issuerDid: "",
    statusListUrl,
    ipfs: { pinningServices },
    home: join(global.config, ".."),
  };
  const signer = await signerFor(config, options, 0);
  const provider = signer.provider;
  if (!provider) throw new Error("the deployer has no provider");
  const deployer = await signer.getAddress();
  // Funds first: a key that cannot pay for every contract must not leave a timelock behind.
  const fees = await provider.getFeeData();
  const price = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  const parametric = options.parametric === true || options.optimisticOracle !== undefined;
  const optimisticOracle = options.optimisticOracle ? parseAccountAddress(options.optimisticOracle, "--optimistic-oracle") : undefined;
  const need = deploymentGasBound({ parametric }) * price;
  const balance = await provider.getBalance(deployer);
  if (balance < need) throw new InsufficientFundsError(deployer, `${formatEther(need)} ETH`, `${formatEther(balance)} ETH`);

  const home = issuerHome(userPath(join(global.config, "..")), chainId, name);
  const { agent, flush } = await openAgent(home, storageSecret(global));
  const issuerDid = (await agent.didManagerGetOrCreate({ alias: "mutual" })).did;
  const role = (address: string | undefined) => new VoidSigner(address ?? deployer, provider);
  const admin = await MutualAdmin.deploy({
    signer,
    name,
    token,
    keys: { issuer: role(roles.issuer), incidentOpener: role(roles.incidentOpener), pauser: role(roles.pauser) },
    issuer: { agent, did: issuerDid, statusListUrl, log: { kind: "file", path: join(home, "issued.jsonl") } },
    settings,
    allowDevVerifyingKey: options.allowDevVerifyingKey === true,
    ...(parametric ? { parametric: optimisticOracle ? { optimisticOracle } : {} } : {}),
  });
  await flush();
  const record = {
    name,
    chainId: chainId.toString(),
    mutual: admin.deployment.mutual,
    token,
    governance: admin.deployment.governance,
    governor: admin.deployment.governor,
    assessment: admin.deployment.assessment,
    ...(admin.deployment.keeper ? { keeper: admin.deployment.keeper } : {}),
    ...(admin.deployment.incidentNotes ? { incidentNotes: admin.deployment.incidentNotes } : {}),
    ...(admin.deployment.parametricCover ? { parametricCover: admin.deployment.parametricCover } : {}),
    ...(admin.deployment.rateTables ? { rateTables: admin.deployment.rateTables } : {}),
    startBlock: admin.deployment.fromBlock,
    verifyingKeyHash: VERIFIER.verifyingKeyHash,
    devSetup: VERIFIER.devSetup,
    roles: {
      issuer: roles.issuer ?? deployer,
      incidentOpener: roles.incidentOpener ?? deployer,
      pauser: roles.pauser ?? deployer,
    },
    issuerDid,
    statusListUrl,
    ...(relayer ? { relayer } : {}),
    ...(joinDesk ? { joinDesk } : {}),
    pinningServices,
    deployer,
    deployedAt: new Date().toISOString(),
  };
  writeDeploymentFile(file, record);
  report(global.json, { ...record, file }, [
    `deployed "${name}" on chain ${chainId}`,
    `  mutual      ${record.mutual} (from block ${record.startBlock})`,
    `  governance  ${record.governance} (timelock, ${settings.governanceDelay} s delay), proposed to only by the members' governor ${record.governor}`,
    `  assessment  ${record.assessment} (sealed, anonymous assessor votes; no seats yet: the members appoint them)`,
    ...(record.keeper
      ? [`  keeper      ${record.keeper} (decides and pays due claims for anyone who runs it: \`mutua keeper\` or a keeper network)`]
      : []),
    `  issuer      ${issuerDid} (signs credentials; ${record.roles.issuer} admits on-chain)`,
    `  rules       quorum ${settings.quorum}, at most ${formatUnits(settings.maxClaimAmount, USDC_DECIMALS)} per claim, payout ${settings.settlementDelay} s after the decision`,
    `  evidence    ${pinningServices.length ? pinningServices.join(", ") : "no pinning service (claims keep evidence on the claimant's node only)"}`,
    `  file        ${file}`,
    `other commands: --deployment ${chainId}/${slug(name)} --rpc <url>`,
  ]);
}

/** A percentage (1–100, decimals allowed to two places) as basis points. */
function parsePercentBps(text: string, flag: string): bigint {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text.trim())) throw new InvalidArgumentError(flag, `"${text}" is not a percentage like 20 or 12.5`);
  const bps = BigInt(Math.round(Number(text) * 100));
  if (bps < 100n || bps > 10_000n) throw new InvalidArgumentError(flag, `${text} % is outside 1–100 %`);
  return bps;
}

function httpUrl(text: string, flag: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return text.replace(/\/+$/, "");
  } catch {
    // reported below
  }
  throw new InvalidArgumentError(flag, `"${text}" is not an http(s) URL`);
}
