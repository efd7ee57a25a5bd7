import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { deployTestToken, startLocalRpcServer, startStatusListHost } from "@mutua/devnet";
import {
  CoverVerifier,
  coverVerifierHandler,
  evidenceNodeHandler,
  HeliaEvidenceStore,
  InvalidArgumentError,
  MutuaError,
  MutualAdmin,
  MutualKeeper,
  openCredentialIssuer,
  startRelayer,
} from "@mutua/sdk";
import type { Contract } from "ethers";
import { parseUnits } from "ethers";
import { appHandler, circuitFiles } from "../app-host.ts";
import { writeConfig } from "../config.ts";
import type { GlobalOptions } from "../context.ts";
import { localProvider, openAgent, storageSecret } from "../context.ts";
import { clearDevnetFailure, recordDevnetFailure } from "../devnet-failure.ts";
import { parseWholeNumber } from "../inputs.ts";
import { issuerStatusPublisher } from "../issuer-status.ts";
import { startJoinDesk } from "../join-desk-service.ts";
import { report } from "../output.ts";
import { stopOnSignal } from "../stop-on-signal.ts";

/** The devnet's standing offer at its join desk: what the README walkthrough offers by hand. */
const DEVNET_PRODUCT = { policyId: 1n, coverageLimit: parseUnits("5000", 6), premium: parseUnits("300", 6), days: 365 };

/** How often the devnet's keeper looks for claims to decide or pay (chain time moves by `time-travel`, not by waiting). */
const KEEPER_INTERVAL_MS = 2_000;

export interface DevnetOptions {
  reset?: boolean;
  stop?: boolean;
  rpcPort: string;
  httpPort: string;
  ipfsPort: string;
  relayerPort: string;
  name: string;
  /** A built member app to serve at <http>/app/. */
  app?: string;
}

/**
 * A local chain (Hardhat EDR over JSON-RPC), an IPFS node with a pinning endpoint, a status list host,
 * a deployed stand-in stablecoin and mutual, and the config file every other command reads.
 */
export async function devnet(global: GlobalOptions, options: DevnetOptions): Promise<void> {
  const home = dirname(resolve(global.config));
  if (options.stop) return stopDevnet(global, home);
  if (runningDevnet(home) === undefined) clearDevnetFailure(home);
  try {
    await startDevnet(global, options);
  } catch (error) {
    // Said where `status --wait` looks (unless another devnet runs here: this one only failed to start beside it).
    if (runningDevnet(home) === undefined) recordDevnetFailure(home, error);
    throw error;
  }
}

async function startDevnet(global: GlobalOptions, options: DevnetOptions): Promise<void> {
  const configPath = resolve(global.config);
  const home = dirname(configPath);
  const running = runningDevnet(home);
  if (running !== undefined) {
    throw new InvalidArgumentError("--stop", `a devnet is already running here (pid ${running}): stop it with \`mutua devnet --stop\``);
  }
  // The embedded chain keeps no state when it stops: starting again over an old config would leave wallets,
  // credentials and the issuer's log pointing at a chain that no longer exists. Refuse, or start clean.
  if (existsSync(configPath) && !options.reset) {
    throw new InvalidArgumentError(
      "--reset",
      `${configPath} is from an earlier devnet, whose chain is gone (the devnet keeps no chain state): pass --reset to delete ${home} and start a new mutual`,
    );
  }
  const secret = storageSecret(global);
  const ports = {
    rpc: parsePort(options.rpcPort, "--rpc-port"),
    http: parsePort(options.httpPort, "--http-port"),
    ipfs: parsePort(options.ipfsPort, "--ipfs-port"),
    relayer: parsePort(options.relayerPort, "--relayer-port"),
  };
  // Every port is checked before anything is deleted or started.
  for (const [flag, port] of [
    ["--rpc-port", ports.rpc],
    ["--http-port", ports.http],
    ["--ipfs-port", ports.ipfs],
    ["--relayer-port", ports.relayer],
  ] as const) {
    if (port !== 0 && !(await portIsFree(port))) throw new PortInUseError(port, flag);
  }
  // Only once every check has passed: an old devnet's state is deleted.
  if (existsSync(configPath)) rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });

  const rpc = await onPort(ports.rpc, "--rpc-port", () => startLocalRpcServer({ port: ports.rpc }));
  const store = await onPort(ports.ipfs, "--ipfs-port", () =>
    HeliaEvidenceStore.create({ directory: join(home, "devnet", "ipfs"), listen: [`/ip4/127.0.0.1/tcp/${ports.ipfs}`] }),
  );
  // Checked before anything starts: a missing build is a clear error, not a 404 later.
  const circuits = options.app ? circuitFiles() : undefined;
  let appConfig: () => unknown = () => ({});
  const app =
    options.app && circuits ? appHandler({ directory: options.app, config: () => appConfig(), circuits: circuits.files }) : undefined;
  let joinDesk: ReturnType<typeof startJoinDesk> | undefined;
  let standardCredentials: ((request: IncomingMessage, response: ServerResponse) => Promise<boolean>) | undefined;
  const evidence = evidenceNodeHandler(store, { stateFile: join(home, "devnet", "pins.json") });
  const http = await onPort(ports.http, "--http-port", () =>
    startStatusListHost({
      port: ports.http,
      extra: async (request, response) =>
        (await joinDesk?.handler(request, response)) ||
        (await standardCredentials?.(request, response)) ||
        (app ? await app(request, response) : false) ||
        evidence(request, response),
    }),
  );

  const provider = localProvider(rpc.url);
  const admin = await provider.getSigner(0);
  const token = (await deployTestToken(admin)) as Contract;
  const { agent } = await openAgent(join(home, "issuer", "mutual"), secret);
  const issuerDid = (await agent.didManagerGetOrCreate({ alias: "mutual" })).did;
  // Each power its own key: account 0 deploys; 7 issues credentials, 8 opens incidents, 6 pauses; 9 runs the
  // relayer. Governance is the members': proposals pass by their votes (1 day), then the timelock's 1-day delay.
  const mutual = await MutualAdmin.deploy({
    signer: admin,
    keys: {
      issuer: await provider.getSigner(7),
      incidentOpener: await provider.getSigner(8),
      pauser: await provider.getSigner(6),
    },
    name: options.name,
    token: await token.getAddress(),
    issuer: {
      agent,
      did: issuerDid,
      statusListUrl: http.url("members"),
      log: { kind: "file", path: join(home, "issuer", "mutual", "issued.jsonl") },
    },
    settings: {
      maxClaimAmount: parseUnits("10000", 6),
      quorum: 2,
      settlementDelay: 3_600,
      governanceDelay: 86_400,
      votingPeriod: 86_400,
      revealWindow: 3_600,
      appealVotingPeriod: 86_400,
    },
    // Parametric products trigger from data feeds here (no optimistic oracle on the devnet).
    parametric: { minPolicies: 5 },
  });
  http.publish("members", issuerStatusPublisher(agent, join(home, "issuer", "mutual"), issuerDid, http.url("members")));

  const accounts = await Promise.all([...Array(10).keys()].map(async (i) => (await provider.getSigner(i)).getAddress()));
  for (const account of accounts) await (await token.getFunction("mint")(account, parseUnits("10000", 6))).wait();
  // Account 9 runs the relayer: claims are sent from it, never from a member's account.
  const relayer = await startRelayer({
    signer: await provider.getSigner(9),
    mutuals: [mutual.deployment.mutual],
    ballotBoxes: [
      mutual.deployment.governor,
      mutual.deployment.assessment,
      ...(mutual.deployment.keeper ? [mutual.deployment.keeper] : []),
    ],
    port: ports.relayer,
  });
  // Account 10 runs the keeper: claims are decided and paid once due, with nobody at a terminal.
  const keeping = new MutualKeeper({ signer: await provider.getSigner(10), deployment: mutual.deployment });
  let keeperRound: Promise<unknown> = Promise.resolve();
  const keeperTimer = setInterval(() => {
    // One round at a time; a failed one (a race with a `mutua settle` run by hand) is retried next time.
    keeperRound = keeperRound.then(() => keeping.runOnce()).catch(() => undefined);
  }, KEEPER_INTERVAL_MS);
  // The join desk: anyone may ask to join at the standing offer, pay it from their own account, and collect the
  // credential; the issuer's key (account 7) admits paid offers every 2 s.
  // Standard wallets: the issuer's OpenID4VCI endpoint, and a verifier page (/verify) a third party uses to ask
  // a member for proof of cover.
  const credentialIssuer = await openCredentialIssuer({
    memberships: mutual.issuer,
    url: `${http.origin}/oid4vci`,
    directory: join(home, "issuer", "mutual"),
    mutualName: options.name,
    policyType: "boats",
  });
  const coverVerifier = coverVerifierHandler(
    new CoverVerifier({ responseUri: `${http.origin}/verify/response`, trustedIssuers: [credentialIssuer.service.issuer] }),
    "/verify",
  );
  standardCredentials = async (request, response) =>
    (await credentialIssuer.handler(request, response)) || coverVerifier(request, response);
  joinDesk = startJoinDesk({
    credentialOffers: credentialIssuer.service,
    admin: mutual,
    agent,
    url: `${http.origin}/join`,
    product: DEVNET_PRODUCT,
    recordsFile: join(home, "issuer", "mutual", "join-desk.json"),
    issuerHome: join(home, "issuer", "mutual"),
  });
  const peer = store.multiaddrs()[0]?.toString() ?? "";
  if (circuits) {
    // mutua.json for the app, made on each request: assessors added while the devnet runs are listed at once.
    appConfig = () => ({
      deployment: mutual.deployment,
      rpc: rpc.url,
      evidenceNode: http.origin,
      relayer: relayer.url,
      issuerDid,
      circuits: circuits.urls,
      joinDesk: `${http.origin}/join`,
      devnetAccount: 1,
      token: { symbol: "USDC", decimals: 6 },
    });
  }
  writeConfig(configPath, {
    rpc: rpc.url,
    deployment: mutual.deployment,
    issuerDid,
    statusListUrl: http.url("members"),
    ipfs: { peer, pinningServices: [http.origin] },
    relayer: relayer.url,
    joinDesk: `${http.origin}/join`,
    credentialIssuer: credentialIssuer.service.issuer,
    home,
  });

  report(
    global.json,
    {
      rpc: rpc.url,
      mutual: mutual.deployment,
      issuerDid,
      ipfs: peer,
      http: http.origin,
      ...(app ? { app: `${http.origin}/app/` } : {}),
      accounts,
      config: configPath,
    },
    [
      `devnet is up (Ctrl-C stops it)`,
      `  chain      ${rpc.url} (chain id ${mutual.deployment.chainId}, Hardhat EDR)`,
      `  mutual     ${mutual.deployment.mutual} "${options.name}"`,
      `  token      ${mutual.deployment.token} (test USDC, 6 decimals; 10,000 minted to accounts 0-9)`,
      `  issuer     ${issuerDid}`,
      `  governance members vote (1 day) on proposals to governor ${mutual.deployment.governor}; timelock ${mutual.deployment.governance} (1-day delay)`,
      `  keys       account 0 deposits capital and sends proposals; 7 issues credentials, 8 opens incidents, 6 pauses, 9 relays`,
      `  rules      quorum 2 sealed assessor votes (revealed within 1 hour), payout and appeal window 1 hour after the decision,`,
      `             at most 10,000 USDC per claim; no assessor seats yet: members appoint them (assessor init, governance propose)`,
      `  ipfs       ${peer}`,
      `  http       ${http.origin} (status lists, IPFS Pinning Service API, trustless gateway)`,
      `  relayer    ${relayer.url} (sends claims and ballots from account 9)`,
      `  join desk  ${http.origin}/join (cover 5,000 USDC for 365 days at 300 USDC; account 7 admits paid offers every 2 s)`,
      `  wallets    ${credentialIssuer.service.issuer} (OpenID4VCI: the membership as SD-JWT VCs; mutua issuer offer-credential)`,
      `  verifier   ${http.origin}/verify (a third party asks for proof of cover; mutua verify-cover)`,
      `  keeper     ${mutual.deployment.keeper} (account 10 decides and pays due claims every ${KEEPER_INTERVAL_MS / 1000} s)`,
      ...(app
        ? [
            `  app        ${http.origin}/app/ (the member app; pays from account 1 unless the browser has an Ethereum wallet)`,
            `  join link  ${http.origin}/app/#/join (open it on a phone, or show it as a QR code: mutua issuer join-link)`,
          ]
        : []),
      `  config     ${configPath}`,
      ...accounts.map((a, i) => `  account ${i}  ${a}`),
    ],
  );

  // `mutua devnet --stop` finds this process here (a script cannot always signal it: pnpm runs it through
  // shell wrappers that do not pass signals on).
  writeFileSync(pidFile(home), String(process.pid));
  // The pid file goes last: `devnet --stop` waits for it (or for this process to end), so the ports are free then.
  stopOnSignal(async () => {
    clearInterval(keeperTimer);
    await keeperRound;
    await joinDesk?.stop();
    await relayer.close();
    await http.close();
    await store.close();
    await rpc.close();
    rmSync(pidFile(home), { force: true });
  });
  await new Promise(() => {});
}

function parsePort(text: string, flag: string): number {
  const port = Number(parseWholeNumber(text, flag));
  if (port > 65_535) throw new InvalidArgumentError(flag, `${text} is not a port (0–65535)`);
  return port;
}

/** Starts a service on `port`; a port already taken is a clear error naming the flag to change. */
async function onPort<T>(port: number, flag: string, start: () => Promise<T>): Promise<T> {
  // Probed first: Hardhat's JSON-RPC server has no error handler on listen, so a taken port would crash the process.
  if (port !== 0 && !(await portIsFree(port))) throw new PortInUseError(port, flag);
  try {
    return await start();
  } catch (error) {
    const text = `${(error as { code?: string }).code ?? ""} ${(error as Error).message}`;
    if (/EADDRINUSE|address already in use/i.test(text)) throw new PortInUseError(port, flag);
    throw error;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** Another process (often an earlier devnet) holds a port the devnet needs. */
class PortInUseError extends MutuaError {
  constructor(port: number, flag: string) {
    super("PORT_IN_USE", `port ${port} is already in use (is another devnet running?): stop it, or pick another port with ${flag}`, {
      port,
      flag,
    });
  }
}

const pidFile = (home: string) => join(home, "devnet.pid");

/** The pid of a devnet running for this config, if its pid file names a live process. */
function runningDevnet(home: string): number | undefined {
  if (!existsSync(pidFile(home))) return undefined;
  const pid = Number(readFileSync(pidFile(home), "utf8"));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Stops the devnet of this config (SIGTERM) and waits until it has released everything. */
async function stopDevnet(global: GlobalOptions, home: string): Promise<void> {
  const pid = runningDevnet(home);
  if (pid === undefined) {
    report(global.json, { stopped: false }, ["no devnet is running for this config"]);
    return;
  }
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 200 && runningDevnet(home) !== undefined; i++) await new Promise((r) => setTimeout(r, 100));
  if (runningDevnet(home) !== undefined) throw new InvalidArgumentError("--stop", `the devnet (pid ${pid}) did not stop within 20 s`);
  report(global.json, { stopped: true, pid }, [`stopped the devnet (pid ${pid}); its chain state is gone`]);
}
