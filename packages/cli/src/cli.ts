// The `mutua` command. Every subcommand reads the config `mutua devnet` writes (--config) and accepts
// --json for scripts; failures print `error [CODE]: message` and exit 1.
import { enableCompileCache } from "node:module";
import { dirname, resolve } from "node:path";
import { Command, Option } from "commander";
// Only commander and node built-ins load here: `mutua --help` must not pay for ethers, Veramo or Helia.
// Each command loads its module, and errors their printer, when it runs.
import type { GlobalOptions } from "./context.ts";
import { DEFAULT_CONFIG_PATH, userPath } from "./user-path.ts";

// Node keeps the compiled code of every module a command loads (in the OS's temporary directory): the next
// command starts a third faster. A cache it cannot write is skipped, never an error.
enableCompileCache();

async function fail(json: boolean | undefined, error: unknown): Promise<never> {
  const output = await import("./output.ts");
  return output.fail(json, error);
}

const program = new Command("mutua")
  .description("Mutua: private claims for peer-to-peer insurance mutuals")
  .option("--config <path>", "config written by `mutua devnet`", DEFAULT_CONFIG_PATH)
  .option("--json", "print results as JSON")
  .option("--secret <secret>", "encrypts keys kept on disk (default: $MUTUA_SECRET)")
  .option("--deployment <name>", "a mutual from deployments/ (<chainId>/<name>, a name, or a file) instead of the devnet's config")
  .option(
    "--rpc <url>",
    "JSON-RPC URL of the chain; several (repeated, or comma-separated) are used with a majority quorum (default: $MUTUA_RPC, or the config's)",
    (value: string, previous: string[] | undefined) => [...(previous ?? []), ...value.split(",").filter(Boolean)],
  )
  .option("--confirmations <n>", "blocks to wait after a transaction's block before it counts (default 1)")
  .showHelpAfterError();

const accountOptions = (command: Command) =>
  command
    .addOption(
      new Option(
        "--account <index|address>",
        "an account the RPC node unlocks (devnet; defaults: members 1, issuer 7, incident opener 8, proposer 0, relayer 9, keeper 10, others 0)",
      ),
    )
    .addOption(new Option("--key <hex>", "a private key (default: $MUTUA_PRIVATE_KEY)"))
    .addOption(new Option("--keystore <file>", "an encrypted JSON keystore (password: $MUTUA_KEYSTORE_PASSWORD)"));

type Action = (global: GlobalOptions, options: never) => Promise<void>;

/** The global options, with --config resolved from the user's directory (pnpm runs from the repository root). */
function globalOptions(): GlobalOptions {
  const options = program.opts<GlobalOptions>();
  return { ...options, config: userPath(options.config) };
}
const modules = {
  assessor: () => import("./commands/assessor.ts"),
  deploy: () => import("./commands/deploy.ts"),
  devnet: () => import("./commands/devnet.ts"),
  evidence: () => import("./commands/evidence.ts"),
  governance: () => import("./commands/governance.ts"),
  issuer: () => import("./commands/issuer.ts"),
  member: () => import("./commands/member.ts"),
  "member-join": () => import("./commands/member-join.ts"),
  "member-parametric": () => import("./commands/member-parametric.ts"),
  parametric: () => import("./commands/parametric.ts"),
  "join-desk": () => import("./commands/join-desk.ts"),
  "standard-credentials": () => import("./commands/standard-credentials.ts"),
  pricing: () => import("./commands/pricing.ts"),
  time: () => import("./commands/time-travel.ts"),
  status: () => import("./commands/status.ts"),
  "test-token": () => import("./commands/test-token.ts"),
  // Services: their action runs until stopped (run's exit comes only when one returns, as `keeper --once`).
  relayer: () => import("./commands/relayer.ts"),
  keeper: () => import("./commands/keeper.ts"),
};

/**
 * Runs `name` from a command module with the global options; every error goes through `fail`. Modules load
 * on use, so a command pays only for the libraries it needs.
 */
function run<M extends keyof typeof modules>(module: M, name: keyof Awaited<ReturnType<(typeof modules)[M]>>) {
  return async (options: unknown) => {
    const global = globalOptions();
    try {
      const loaded = (await modules[module]()) as unknown as Record<string, Action>;
      const action = loaded[name as string] as Action;
      await action(global, options as never);
      // An action may set a failing exit status without throwing (verify-cover: "not covered").
      process.exit(process.exitCode ?? 0);
    } catch (error) {
      await fail(global.json, error);
    }
  };
}

program
  .command("devnet")
  .description("start a local chain, an IPFS node and a status-list host; deploy a mutual; write the config")
  .option("--rpc-port <port>", "JSON-RPC port (default: $MUTUA_RPC_PORT, else 8545)", process.env.MUTUA_RPC_PORT ?? "8545")
  .option(
    "--http-port <port>",
    "status lists, pinning endpoint and the app (default: $MUTUA_HTTP_PORT, else 8546)",
    process.env.MUTUA_HTTP_PORT ?? "8546",
  )
  .option("--ipfs-port <port>", "libp2p TCP port (default: $MUTUA_IPFS_PORT, else 4010)", process.env.MUTUA_IPFS_PORT ?? "4010")
  .option(
    "--relayer-port <port>",
    "the relayer service's HTTP port (default: $MUTUA_RELAYER_PORT, else 8547)",
    process.env.MUTUA_RELAYER_PORT ?? "8547",
  )
  .option("--stop", "stop the devnet running for this config, and wait until its ports are free")
  .option("--reset", "delete an earlier devnet's state (.mutua: wallets, issuer log, config) and start a new mutual")
  .option("--name <name>", "the mutual's name", "Devnet Mutual")
  .option("--app <dir>", "serve the member app built in <dir> (packages/app/dist) at <http>/app/")
  .action(async (options) => {
    try {
      // An earlier attempt's failure is cleared before the devnet's heavy modules load: `status --wait`, started at
      // the same moment, must not take it for this devnet's.
      if (!options.stop) (await import("./devnet-failure.ts")).clearDevnetFailure(dirname(resolve(globalOptions().config)));
      const { devnet } = await modules.devnet();
      await devnet(globalOptions(), options);
    } catch (error) {
      await fail(program.opts<GlobalOptions>().json, error);
    }
  });

accountOptions(
  program
    .command("deploy")
    .description("deploy a mutual to any EVM chain (--rpc, --key): writes deployments/<chainId>/<name>.json")
    .requiredOption("--name <name>", "the mutual's name (also its deployment file's)")
    .requiredOption("--token <address>", "the pool's stablecoin (6 decimals)")
    .requiredOption("--status-list-url <url>", "where the issuer's status list will be served (`mutua node --status-list`)")
    .option("--issuer <address>", "admits and revokes members (default: the deployer)")
    .option("--incident-opener <address>", "opens incidents (default: the deployer)")
    .option("--pauser <address>", "pauses in an emergency (default: the deployer)")
    .option("--relayer <url>", "the relayer members file claims through")
    .option("--join-desk <url>", "the issuer's join desk (`mutua issuer desk --public-url`) members join at")
    .option("--pinning-service <url...>", "IPFS Pinning Service API endpoints that keep evidence copies (3 recommended)", [])
    .option("--max-claim <usdc>", "largest claim, in USDC", "10000")
    .option("--quorum <n>", "assessor votes needed to decide a claim", "2")
    .option("--settlement-delay <seconds>", "time between a decision and its payout", "86400")
    .option("--governance-delay <seconds>", "the timelock's delay (at least one day)", "172800")
    .option("--voting-period <seconds>", "how long members vote on a proposal (1–30 days)", "259200")
    .option("--quorum-share <percent>", "members (at a proposal's snapshot) whose votes a proposal needs, in percent", "20")
    .option("--reveal-window <seconds>", "how long sealed votes can be revealed after voting closes", "86400")
    .option("--appeal-period <seconds>", "how long members vote on an appeal (1–30 days)", "259200")
    .option("--allow-dev-verifying-key", "deploy the dev-setup verifier to a chain that is not local (anyone could forge proofs there)")
    .option("--parametric", "deploy parametric cover too (products opened by data feeds; set by the members' vote)")
    .option("--optimistic-oracle <address>", "UMA's Optimistic Oracle V3 on this chain: products may also be opened by assertions")
    .option("--force", "overwrite an existing deployment file of the same name and chain"),
).action(run("deploy", "deploy"));

accountOptions(
  program
    .command("deploy-test-token")
    .description("deploy a test stablecoin anyone may mint (test networks only) and mint some to accounts: for trying a mutual")
    .option("--mint <address...>", "accounts to mint test dollars to", [])
    .option("--amount <usdc>", "how many test dollars each", "10000"),
).action(run("test-token", "deployTestTokenCommand"));

program
  .command("node")
  .description(
    "run an evidence node: IPFS (Helia) with the Pinning Service API and a trustless gateway; --status-list adds the issuer's list",
  )
  .option("--http-port <port>", "pinning API, gateway and status list", "8546")
  .option("--ipfs-port <port>", "libp2p TCP port", "4010")
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--dir <path>", "where blocks and pin requests are kept", ".mutua/node")
  .option("--token <token...>", "bearer tokens the pinning API accepts (default: open)", [])
  .option("--status-list", "also serve the issuer's status list at the deployment's status-list URL path")
  .action(async (options) => {
    try {
      const { node } = await import("./commands/node.ts");
      await node(globalOptions(), options);
    } catch (error) {
      await fail(program.opts<GlobalOptions>().json, error);
    }
  });

program
  .command("verify-cover")
  .description("ask a member for proof of cover from their wallet (OpenID4VP) and say what it showed; exit 1 if not covered")
  .option("--issuer <url...>", "credential issuers you trust (default: the config's)")
  .option("--mutual <address>", "covered by this mutual (its contract)")
  .option("--chain-id <id>", "the mutual's chain id (with --mutual)")
  .option("--policy-type <words>", 'covered for this product ("boats")')
  .option("--until <day>", "covered until at least this day (YYYY-MM-DD)")
  .option("--min-limit <usdc>", "a cover limit of at least this, in USDC")
  .option("--port <port>", "HTTP port the wallet answers to (0: any free one)", "0")
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--public-url <url>", "this verifier's address as wallets reach it (default: http://<host>:<port>)")
  .option("--wait <seconds>", "how long to wait for the wallet", "300")
  .action(run("standard-credentials", "verifyCover"));

const pricingCommand = program.command("pricing").description("premiums from the pool's own experience (docs/pricing.md)");
pricingCommand
  .command("fit")
  .description("fit a rate table on experience: a CSV (one column per factor, then period, exposure, claims, losses) or the chain's events")
  .option("--experience <csv>", "the experience file")
  .option("--from-chain", "read the experience from the mutual's events: class sizes the issuer recorded, claims and payouts by class")
  .option("--to-block <n>", "with --from-chain: the last block read (default: the latest)")
  .option("--period-days <days>", "with --from-chain: one period's length (one unit of exposure is a member for a period)", "365")
  .option("--factor <name:levels...>", 'a rating factor and its levels, the base first: "port:Kilifi,Lamu,Mombasa"', [])
  .option("--product <words>", "the product", "mutual cover")
  .option("--unit <words>", "one unit of exposure", "policy-year")
  .option("--expense <ratio>", "running costs as a share of premiums", "0.1")
  .option("--solvency <ratio>", "solvency margin", "0.05")
  .option("--power <p>", "Tweedie power (1 Poisson … 2 gamma)", "1.5")
  .option("--table-version <n>", "the table's version", "1")
  .option("--monotone <factor:direction...>", 'a factor whose relativities must rise or fall along its levels: "length:increasing"', [])
  .requiredOption("--out <file>", "where to write the rate table (JSON)")
  .action(run("pricing", "fit"));
pricingCommand
  .command("quote")
  .alias("explain")
  .description('a premium from a rate table, each step explained ("why this premium")')
  .requiredOption("--table <file>", "the rate table (from `mutua pricing fit`)")
  .requiredOption("--class <factor=level,...>", 'the member\'s class: "port=Lamu,boat=dhow"')
  .option("--exposure <units>", "units of exposure (the table's unit)", "1")
  .action(run("pricing", "quoteCommand"));
pricingCommand
  .command("verify")
  .description(
    "check a rate table: adopted by the members, its experience rebuilt (chain events or its file) and refitted, every number compared",
  )
  .requiredOption("--table <file>", "the rate table")
  .option("--experience <csv>", "for a table fitted on a file: that file")
  .action(run("pricing", "verify"));
pricingCommand
  .command("claims")
  .description("each rating class's claims, rebuilt from the chain's events alone (a claim discloses its class, nothing finer)")
  .option("--table <file>", "a rate table, to name each class number by its levels")
  .action(run("pricing", "claims"));

const evidenceCommand = program.command("evidence").description("evidence copies across the mutual's stores");
evidenceCommand
  .command("status")
  .description("where copies of evidence are, and whether each store's blocks verify against the CID")
  .argument("<cid>", "the evidence CID (from `member claim` or `assessor list`)")
  .option("--gateway <url...>", "also check these trustless gateways", [])
  .action((cid: string, options: { gateway: string[] }) => run("evidence", "status")({ ...options, cid }));

const issuerCommand = program.command("issuer").description("the mutual's issuer (account 7) and incident opener (account 8)");
accountOptions(
  issuerCommand
    .command("offer")
    .description("offer a policy to a member who asked to join: exact terms and the premium to pay on-chain")
    .requiredOption("--request <json>", "what `mutua member request --json` printed")
    .option("--coverage <usdc>", "coverage limit per claim, in USDC", "5000")
    .option("--premium <usdc>", "premium the member pays before admission, in USDC", "300")
    .option("--days <n>", "policy length in days", "365")
    .option("--policy <id>", "policy id", "1"),
).action(run("issuer", "offer"));
accountOptions(
  issuerCommand
    .command("admit")
    .description("admit a member whose premium is paid: leaf on-chain, then the credential")
    .requiredOption("--offer <json>", "what `mutua issuer offer --json` printed"),
).action(run("issuer", "admit"));
accountOptions(
  issuerCommand
    .command("desk")
    .alias("serve")
    .description(
      "run the join desk (alias: serve): a standing offer to anyone who asks, paid offers admitted within seconds, and the OpenID4VCI endpoint",
    )
    .option("--coverage <usdc>", "coverage limit per claim, in USDC", "5000")
    .option("--premium <usdc>", "premium, in USDC", "300")
    .option("--days <n>", "policy length in days", "365")
    .option("--policy <id>", "policy id", "1")
    .option("--port <port>", "HTTP port", "8548")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--public-url <url>", "the desk's address as members reach it (default: http://<host>:<port>/join)")
    .option("--policy-type <words>", "the product in words, shown in standard wallets' credentials", "mutual cover")
    .option("--require-proof <policy.json>", "ask to see a credential first (OpenID4VP): purpose, trusted issuers, types, claims")
    .option("--rate-table <file>", "price from the members' adopted rate table (then --premium is the table's; wallets check it)")
    .option("--class <factor=level,...>", "with --rate-table: the class the desk sells, like port=Lamu,boat=dhow"),
).action(run("join-desk", "serveDesk"));
issuerCommand
  .command("offer-credential")
  .description("offer a member's credential to their standard wallet (OpenID4VCI): a link or QR code, and a code to send apart")
  .option("--member <did>", "the member's DID (their latest membership in good standing)")
  .option("--credential <id>", "or the credential's id (urn:uuid:…)")
  .option("--credential-issuer <url>", "the issuer's OpenID4VCI endpoint (default: the one in the config)")
  .action(run("standard-credentials", "offerCredential"));
issuerCommand
  .command("join-link")
  .description("print the link (and QR code) that opens the member app's join screen")
  .requiredOption("--app <url>", "where the member app is served (the devnet's: <http>/app/)")
  .action(run("join-desk", "joinLink"));
accountOptions(issuerCommand.command("queue").description("premium payments waiting to be admitted or refused, in order")).action(
  run("issuer", "queue"),
);
accountOptions(
  issuerCommand
    .command("refuse")
    .description("refuse the next premium payments in the queue (their payers withdraw them)")
    .requiredOption("--count <n>", "how many of the next payments to refuse"),
).action(run("issuer", "refuse"));
accountOptions(
  issuerCommand
    .command("revoke")
    .description("revoke a credential: leaf removed on-chain, then the status list")
    .requiredOption("--credential <id>", "the credential's id (urn:uuid:…)"),
).action(run("issuer", "revoke"));
accountOptions(
  issuerCommand
    .command("open-incident")
    .description("open an incident for claims (the loss time decides who was covered)")
    .requiredOption("--description <text>", 'what happened, as members will pick it: "Storm surge at Kilifi harbour"')
    .option("--region <code>", "where: an ISO 3166-2 code like KE-13, or a country code like KE", "")
    .option("--occurred <time>", "when the loss happened: unix seconds or an ISO date (default: now)")
    .option("--claims-days <n>", "days during which claims can be filed", "7")
    .option("--voting-days <n>", "days of voting after filing closes", "7"),
).action(run("issuer", "openIncident"));
accountOptions(
  issuerCommand.command("deposit-capital").description("add capital to the pool (account 0)").requiredOption("--amount <usdc>", "USDC"),
).action(run("issuer", "depositCapital"));

const governanceCommand = program
  .command("governance")
  .description("the members govern: proposals, anonymous votes through the relayer, execution after the timelock's delay");
accountOptions(
  governanceCommand
    .command("propose")
    .description("propose a change (anyone; account 0 on a devnet): parameters, assessor seats, pausing")
    .requiredOption("--description <text>", "what the change is and why, for the members")
    .option("--max-claim <usdc>", "new cap per claim, in USDC")
    .option("--quorum <n>", "new number of assessor votes a claim needs")
    .option("--settlement-delay <seconds>", "new time between a decision and its payout (also the appeal window)")
    .option("--add-seat <seat...>", "appoint assessor seats (what `assessor init` printed)")
    .option("--remove-seat <seat...>", "remove assessor seats")
    .option("--pause", "pause claims, votes and payouts")
    .option("--unpause", "resume them")
    .option("--move-capital <usdc>", "move this much capital out of the pool (with --capital-to)")
    .option("--capital-to <address>", "where the moved capital goes")
    .option("--grant-role <role=address...>", "grant issuer, incidentOpener or pauser to an account (a new issuer key)")
    .option("--revoke-role <role=address...>", "revoke one of those roles from an account"),
).action(run("governance", "propose"));
governanceCommand
  .command("vote")
  .description("vote anonymously with a member wallet (through the relayer: no account of yours is used)")
  .requiredOption("--name <name>", "the member wallet's name")
  .requiredOption("--proposal <id>", "the proposal (`governance status` lists them)")
  .option("--for", "vote for")
  .option("--against", "vote against")
  .option("--abstain", "abstain (counts toward quorum)")
  .action(run("governance", "vote"));
accountOptions(
  governanceCommand
    .command("execute")
    .description("queue a passed proposal in the timelock, or execute a queued one after its delay (anyone)")
    .requiredOption("--proposal <id>", "the proposal"),
).action(run("governance", "execute"));
governanceCommand
  .command("status")
  .description("proposals: state, tally, quorum, deadlines and what each does")
  .option("--proposal <id>", "one proposal")
  .action(run("governance", "status"));

const parametricCommand = program.command("parametric").description("parametric cover: products, oracle-opened events");
parametricCommand.command("products").description("the products the members voted in").action(run("parametric", "products"));
accountOptions(
  parametricCommand
    .command("trigger")
    .description("open a product's event from its data feed (anyone may; refused unless the feed is fresh and over a threshold)")
    .requiredOption("--product <n>", "the product number (0–63)"),
).action(run("parametric", "trigger"));
accountOptions(
  parametricCommand
    .command("record-policies")
    .description("the issuer records policies sold for a product (a product triggers only with enough of them)")
    .requiredOption("--product <n>", "the product number (0–63)")
    .requiredOption("--count <n>", "how many more policies were sold"),
).action(run("parametric", "recordPolicies"));

const memberCommand = program.command("member").description("a member's wallet");
memberCommand
  .command("init")
  .description("create the wallet and its DID")
  .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
  .action(run("member", "init"));
memberCommand
  .command("request")
  .description("make an identity secret; print the DID and commitment for the issuer")
  .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
  .action(run("member", "request"));
memberCommand
  .command("accept")
  .description("keep a credential from the issuer")
  .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
  .option("--credential-file <path>", "the file `issuer admit --json` wrote (or the bare credential): kept off the command line")
  .option("--credential <jwt>", "the credential JWT `issuer admit` printed (echoed by shells and pnpm: prefer --credential-file)")
  .action(run("member", "accept"));
accountOptions(
  memberCommand
    .command("join")
    .description("join through the mutual's join desk: see its offer, then with --pay pay it and keep the credential")
    .requiredOption("--name <name>", "the wallet's name (made if new)")
    .option("--pay <usdc>", "the premium you agree to pay (the offer's, as shown without this flag)")
    .option("--desk <url>", "the join desk's URL (default: the one in the config)"),
).action(run("member-join", "joinMutual"));
accountOptions(
  memberCommand
    .command("pay-premium")
    .description("pay the premium of a policy the mutual offered (before admission)")
    .requiredOption("--name <name>", "the wallet's name")
    .requiredOption("--offer <json>", "what `mutua issuer offer --json` printed"),
).action(run("member", "payPremium"));
accountOptions(
  memberCommand
    .command("withdraw-refund")
    .description("withdraw premiums the mutual refused to admit")
    .requiredOption("--name <name>", "the wallet's name"),
).action(run("member", "withdrawRefund"));
accountOptions(
  memberCommand
    .command("claim")
    .description("file a claim: encrypt evidence, prove eligibility, submit")
    .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
    .requiredOption("--incident <id>", "the incident number (`mutua status` lists open ones)")
    .requiredOption("--amount <usdc>", "in USDC, like 1200 or 1200.50")
    .requiredOption("--recipient <address>", "payout address (bound into the proof)")
    .option("--file <path...>", "evidence files", [])
    .option("--relayer <url>", "the relayer that submits the claim (default: the devnet's)")
    .option("--from-own-account", "send from your own account instead of a relayer: links the claim to it")
    .option("--accept-linked-recipient", "file even if the payout address already appears in this mutual")
    .option("--disclose-small-class", "file even if your rating class holds fewer members than the mutual's minimum")
    .option("--confirm-recipient", "file with a payout address that has no EIP-55 checksum"),
).action(run("member", "claim"));
accountOptions(
  memberCommand
    .command("appeal")
    .description("appeal your rejected, expired or cut claim to the members (once, within the settlement delay)")
    .requiredOption("--name <name>", "the wallet's name")
    .requiredOption("--claim <id>", "the claim id (from `member claim`)")
    .option("--disclose-evidence", "agree that the appeal publishes a key reading your evidence, for the members to judge it"),
).action(run("member", "appeal"));
memberCommand
  .command("parametric")
  .description("parametric events (an index over its threshold): which your policy covers, checked in the wallet")
  .requiredOption("--name <name>", "the wallet's name")
  .action(run("member-parametric", "parametricEvents"));
memberCommand
  .command("parametric-claim")
  .description("claim a parametric event your policy covers: proven, sent through the relayer, paid at once")
  .requiredOption("--name <name>", "the wallet's name")
  .requiredOption("--event <id>", "the event number (`mutua member parametric` lists them)")
  .requiredOption("--recipient <address>", "payout address (bound into the proof): a fresh one")
  .option("--relayer <url>", "the relayer that sends the claim (default: the devnet's)")
  .option("--accept-linked-recipient", "claim even if the payout address already appears in this mutual")
  .option("--confirm-recipient", "claim with a payout address that has no EIP-55 checksum")
  .action(run("member-parametric", "parametricClaim"));
memberCommand
  .command("reasons")
  .description("read the reasons the assessors (and appeal voters) gave for your claim: sealed to you alone")
  .requiredOption("--name <name>", "the wallet's name")
  .requiredOption("--claim <id>", "the claim id (from `member claim`)")
  .action(run("member", "reasons"));
memberCommand
  .command("appeal-vote")
  .description("a sealed, anonymous vote on another member's appeal, through the relayer")
  .requiredOption("--name <name>", "the wallet's name")
  .requiredOption("--claim <id>", "the appealed claim's id")
  .requiredOption("--reason <text>", "why: sealed to the claimant")
  .option("--approve", "approve (with --amount up to the claimed amount; default all of it)")
  .option("--reject", "reject")
  .option("--amount <usdc>", "approve a lower amount")
  .action(run("member", "appealVote"));
memberCommand
  .command("reveal")
  .description("reveal your sealed appeal votes whose voting window has closed")
  .requiredOption("--name <name>", "the wallet's name")
  .action(run("member", "reveal"));

accountOptions(
  program
    .command("relayer")
    .description("run a relayer service: submits members' claims from this account (HTTP)")
    .option("--port <port>", "HTTP port", "8547")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--journal <path>", "the write-ahead journal of accepted requests (default: under the config's home)")
    .option("--rate-limit <per-minute>", "claims and ballots one client address may send a minute (behind a proxy, raise it)", "30"),
).action(run("relayer", "relayer"));

accountOptions(
  program
    .command("keeper")
    .description("run the mutual's keeper: decides and pays claims once they are due (anyone may; no role needed)")
    .option("--interval <seconds>", "seconds between rounds", "15")
    .option("--once", "run one round and exit"),
).action(run("keeper", "keeper"));

program
  .command("status")
  .description("the mutual in plain units: members, pool, rules, open incidents")
  .option("--wait <seconds>", "wait up to this long for the config and the chain (a devnet just started)")
  .action(run("status", "status"));
accountOptions(
  memberCommand
    .command("status")
    .description("your policies, your claims (found with your own nullifiers), your balance")
    .requiredOption("--name <name>", "the wallet's name"),
).action(run("status", "memberStatus"));

const assessorCommand = program.command("assessor").description("an assessor");
assessorCommand
  .command("init")
  .description("create the assessor's DID and print the seat members appoint")
  .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
  .option("--member <wallet>", "make the seat from this member wallet's identity (then you cannot assess your own claims)")
  .action(run("assessor", "init"));
accountOptions(
  assessorCommand
    .command("list")
    .description("list filed claims")
    .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
    .option("--incident <id>", "the incident number (`mutua status` lists open ones)"),
).action(run("assessor", "list"));
accountOptions(
  assessorCommand
    .command("open")
    .description(
      "fetch, decrypt and save a claim's evidence, with signals to weigh (the same photo in another claim, a camera date before the loss)",
    )
    .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
    .requiredOption("--claim <id>", "the claim id (0x…, from `member claim` or `assessor list`)")
    .requiredOption("--out <dir>", "where to write the decrypted files"),
).action(run("assessor", "open"));
assessorCommand
  .command("vote")
  .description("a sealed, anonymous vote on a claim, through the relayer (reveal it after voting closes)")
  .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
  .requiredOption("--claim <id>", "the claim id (0x…, from `member claim` or `assessor list`)")
  .requiredOption("--reason <text>", "why: sealed to the claimant, only they read it")
  .option("--approve", "approve (with --amount up to the claimed amount; default the full amount)")
  .option("--reject", "reject the claim")
  .option("--amount <usdc>", "approve a lower amount")
  .action(run("assessor", "vote"));
assessorCommand
  .command("reveal")
  .description("reveal your sealed votes whose voting window has closed (unrevealed votes do not count)")
  .requiredOption("--name <name>", "the assessor's name")
  .action(run("assessor", "reveal"));
accountOptions(
  program
    .command("settle")
    .description("decide a claim whose votes are revealed, and pay it after the cooldown (anyone)")
    .requiredOption("--claim <id>", "the claim id (0x…, from `member claim` or `assessor list`)"),
).action(run("assessor", "settle"));

program
  .command("time-travel")
  .description("devnet only: move the chain's clock forward")
  .requiredOption("--seconds <n>", "how many seconds to move the devnet's clock forward")
  .action(run("time", "timeTravel"));

await program.parseAsync();
