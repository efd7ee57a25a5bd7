import { InvalidArgumentError } from "@mutua/sdk";
import { ZeroAddress } from "ethers";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { signerFor } from "../context.ts";
import { parseWholeNumber } from "../inputs.ts";
import { report } from "../output.ts";

/**
 * Runs the mutual's keeper from `--account`/`--key` (default account 10 on a devnet): every `--interval` seconds it
 * watches new claims and finalizes and pays those that are due, through the keeper contract. `--once` runs one round.
 * A keeper network (Chainlink Automation or compatible) registered on the keeper contract does the same without it.
 */
export async function keeper(global: GlobalOptions, options: AccountOptions & { interval: string; once?: boolean }): Promise<void> {
  const config = loadConfig(global);
  const signer = await signerFor(config, options, 10);
  if ((await signer.getAddress()) === ZeroAddress) {
    throw new InvalidArgumentError("--key", "the keeper sends transactions: pass --key, --keystore or $MUTUA_PRIVATE_KEY");
  }
  const { MutualKeeper } = await import("@mutua/sdk");
  const keeping = new MutualKeeper({ signer, deployment: config.deployment });
  const intervalMs = Number(parseWholeNumber(options.interval, "--interval", 1n)) * 1000;
  const round = async () => {
    const { watched, steps } = await keeping.runOnce();
    const lines = steps.map((s) => `${s.action.toLowerCase()} ${s.claimId}: ${s.succeeded ? "done" : "failed (see the claim's state)"}`);
    if (options.once || watched > 0 || steps.length > 0) {
      report(global.json, { watched, steps }, [`keeper: ${watched} new claim(s) watched, ${steps.length} step(s)`, ...lines]);
    }
  };
  if (options.once) return round();
  report(global.json, { keeper: config.deployment.keeper, from: await signer.getAddress() }, [
    `keeper for ${config.deployment.keeper} from ${await signer.getAddress()}, every ${intervalMs / 1000} s (Ctrl-C stops it)`,
  ]);
  let stopped = false;
  const stop = () => {
    stopped = true;
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  while (!stopped) {
    // A failed round (the RPC endpoint down, a race with another keeper) is reported; the next one tries again.
    await round().catch((error: unknown) => process.stderr.write(`keeper round failed: ${(error as Error).message}\n`));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
