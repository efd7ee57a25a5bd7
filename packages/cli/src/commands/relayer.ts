import { join } from "node:path";
import { InvalidArgumentError, startRelayer } from "@mutua/sdk";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { signerFor } from "../context.ts";
import { report } from "../output.ts";
import { stopOnSignal } from "../stop-on-signal.ts";
import { userPath } from "../user-path.ts";

/** A relayer for the configured mutual, from `--account`/`--key` (default account 9 on a devnet); runs until stopped. */
export async function relayer(
  global: GlobalOptions,
  options: AccountOptions & { port: string; host: string; journal?: string; rateLimit: string },
): Promise<void> {
  const perMinute = Number(options.rateLimit);
  if (!(Number.isInteger(perMinute) && perMinute >= 1 && perMinute <= 100_000))
    throw new InvalidArgumentError("--rate-limit", `${options.rateLimit} is not a number of requests a minute (1 to 100,000)`);
  const config = loadConfig(global);
  const signer = await signerFor(config, options, 9);
  // Accepted requests are journaled before they are sent: a relayer killed mid-way finishes them when restarted.
  const journal = userPath(
    options.journal ?? join(config.home, "relayer", `${config.deployment.chainId}-${config.deployment.mutual.toLowerCase()}.jsonl`),
  );
  const server = await startRelayer({
    journal,
    signer,
    mutuals: [config.deployment.mutual],
    ballotBoxes: [
      config.deployment.governor,
      config.deployment.assessment,
      ...(config.deployment.keeper ? [config.deployment.keeper] : []),
    ],
    port: Number(options.port),
    host: options.host,
    rateLimit: { requests: perMinute, windowMs: 60_000 },
  });
  report(global.json, { url: server.url, address: server.address, mutual: config.deployment.mutual }, [
    `relayer ${server.url} sends claims for ${config.deployment.mutual}, and ballots to its governor and assessment, from ${server.address} (Ctrl-C stops it)`,
    `  journal ${journal} (accepted requests survive a crash: a restart finishes them)`,
  ]);
  stopOnSignal(() => server.close());
  await new Promise(() => {});
}
