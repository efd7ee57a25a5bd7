// The `mutua` command. Every subcommand reads the config `mutua devnet` writes (--config) and accepts
// --json for scripts; failures print `error [CODE]: message` and exit 1.
import { Command, Option } from "commander";
// Only commander and node built-ins load here: `mutua --help` must not pay for ethers, Veramo or Helia.
// Each command loads its module, and errors their printer, when it runs.
import type { GlobalOptions } from "./context.ts";
import { DEFAULT_CONFIG_PATH, userPath } from "./user-path.ts";

async function fail(json: boolean | undefined, error: unknown): Promise<never> {
  const output = await import("./output.ts");
  return output.fail(json, error);
}

const program = new Command("mutua")
  .description("Mutua: private claims for peer-to-peer insurance mutuals")
  .option("--config <path>", "config written by `mutua devnet`", DEFAULT_CONFIG_PATH)
  .option("--json", "print results as JSON")
  .option("--secret <secret>", "encrypts keys kept on disk (default: $MUTUA_SECRET)")
  .showHelpAfterError();

const accountOptions = (command: Command) =>
  command
    .addOption(
      new Option(
        "--account <index|address>",
        "an account the RPC node unlocks (devnet; defaults: members 1, issuer 7, incident opener 8, governance 0, relayer 9, others 0)",
      ),
    )
    .addOption(new Option("--key <hex>", "a private key (default: $MUTUA_PRIVATE_KEY)"));

type Action = (global: GlobalOptions, options: never) => Promise<void>;

/** The global options, with --config resolved from the user's directory (pnpm runs from the repository root). */
function globalOptions(): GlobalOptions {
  const options = program.opts<GlobalOptions>();
  return { ...options, config: userPath(options.config) };
}
const modules = {
  assessor: () => import("./commands/assessor.ts"),
  devnet: () => import("./commands/devnet.ts"),
  issuer: () => import("./commands/issuer.ts"),
  member: () => import("./commands/member.ts"),
  time: () => import("./commands/time-travel.ts"),
  status: () => import("./commands/status.ts"),
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
      process.exit(0);
    } catch (error) {
      await fail(global.json, error);
    }
  };
}

program
  .command("devnet")
  .description("start a local chain, an IPFS node and a status-list host; deploy a mutual; write the config")
  .option("--rpc-port <port>", "JSON-RPC port", "8545")
  .option("--http-port <port>", "status lists and pinning endpoint", "8546")
  .option("--ipfs-port <port>", "libp2p TCP port", "4010")
  .option("--relayer-port <port>", "the relayer service's HTTP port", "8547")
  .option("--stop", "stop the devnet running for this config, and wait until its ports are free")
  .option("--reset", "delete an earlier devnet's state (.mutua: wallets, issuer log, config) and start a new mutual")
  .option("--name <name>", "the mutual's name", "Devnet Mutual")
  .action(async (options) => {
    try {
      const { devnet } = await modules.devnet();
      await devnet(globalOptions(), options);
    } catch (error) {
      await fail(program.opts<GlobalOptions>().json, error);
    }
  });

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
    .command("revoke")
    .description("revoke a credential: leaf removed on-chain, then the status list")
    .requiredOption("--credential <id>", "the credential's id (urn:uuid:…)"),
).action(run("issuer", "revoke"));
accountOptions(
  issuerCommand
    .command("open-incident")
    .description("open an incident for claims (the loss time decides who was covered)")
    .option("--occurred <time>", "when the loss happened: unix seconds or an ISO date (default: now)")
    .option("--claims-days <n>", "days during which claims can be filed", "7")
    .option("--voting-days <n>", "days of voting after filing closes", "7"),
).action(run("issuer", "openIncident"));
accountOptions(
  issuerCommand.command("deposit-capital").description("add capital to the pool (account 0)").requiredOption("--amount <usdc>", "USDC"),
).action(run("issuer", "depositCapital"));

const governanceCommand = program
  .command("governance")
  .description("changes through the governance timelock (account 0 proposes; they take effect after the delay)");
accountOptions(
  governanceCommand
    .command("add-assessor")
    .description("schedule appointing an assessor")
    .requiredOption("--address <address>", "the assessor's account"),
).action(run("issuer", "proposeAssessor"));
accountOptions(
  governanceCommand
    .command("execute")
    .description("execute a scheduled change once its delay has passed")
    .requiredOption("--operation <json>", "what the scheduling command printed with --json"),
).action(run("issuer", "executeProposal"));

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
  .requiredOption("--credential <jwt>", "the credential JWT `issuer admit` printed")
  .action(run("member", "accept"));
accountOptions(
  memberCommand
    .command("pay-premium")
    .description("pay the premium of a policy the mutual offered (before admission)")
    .requiredOption("--name <name>", "the wallet's name")
    .requiredOption("--offer <json>", "what `mutua issuer offer --json` printed"),
).action(run("member", "payPremium"));
accountOptions(
  memberCommand
    .command("claim")
    .description("file a claim: encrypt evidence, prove eligibility, submit")
    .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
    .requiredOption("--incident <id>", "the incident number (`mutua status` lists open ones)")
    .requiredOption("--amount <usdc>", "in USDC, like 1200 or 1200.50")
    .requiredOption("--recipient <address>", "payout address (bound into the proof)")
    .option("--file <path...>", "evidence files", [])
    .option("--assessor <did...>", "assessor DIDs who may read the evidence", [])
    .option("--relayer <url>", "the relayer that submits the claim (default: the devnet's)")
    .option("--from-own-account", "send from your own account instead of a relayer: links the claim to it")
    .option("--accept-linked-recipient", "file even if the payout address already appears in this mutual")
    .option("--confirm-recipient", "file with a payout address that has no EIP-55 checksum"),
).action(run("member", "claim"));

accountOptions(
  program
    .command("relayer")
    .description("run a relayer service: submits members' claims from this account (HTTP)")
    .option("--port <port>", "HTTP port", "8547")
    .option("--host <host>", "address to listen on", "127.0.0.1"),
).action(async (options) => {
  try {
    const { relayer } = await import("./commands/relayer.ts");
    await relayer(globalOptions(), options);
  } catch (error) {
    await fail(program.opts<GlobalOptions>().json, error);
  }
});

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
accountOptions(
  assessorCommand
    .command("init")
    .description("create the assessor's DID")
    .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)"),
).action(run("assessor", "init"));
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
    .description("fetch, decrypt and save a claim's evidence")
    .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
    .requiredOption("--claim <id>", "the claim id (0x…, from `member claim` or `assessor list`)")
    .requiredOption("--out <dir>", "where to write the decrypted files"),
).action(run("assessor", "open"));
accountOptions(
  assessorCommand
    .command("vote")
    .description("approve or reject a claim")
    .requiredOption("--name <name>", "the wallet's or assessor's name (its keys live under .mutua/<role>/<name>)")
    .requiredOption("--claim <id>", "the claim id (0x…, from `member claim` or `assessor list`)")
    .option("--approve", "approve (with --amount up to the claimed amount; default the full amount)")
    .option("--reject", "reject the claim")
    .option("--amount <usdc>", "approve a lower amount"),
).action(run("assessor", "vote"));
accountOptions(
  program
    .command("settle")
    .description("finalize a decided claim and pay it (anyone)")
    .requiredOption("--claim <id>", "the claim id (0x…, from `member claim` or `assessor list`)"),
).action(run("assessor", "settle"));

program
  .command("time-travel")
  .description("devnet only: move the chain's clock forward")
  .requiredOption("--seconds <n>", "how many seconds to move the devnet's clock forward")
  .action(run("time", "timeTravel"));

await program.parseAsync();
