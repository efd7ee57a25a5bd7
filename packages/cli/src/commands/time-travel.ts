import { InvalidArgumentError } from "@mutua/sdk";
import { JsonRpcProvider } from "ethers";
import { loadConfig } from "../config.ts";
import type { GlobalOptions } from "../context.ts";
import { chainFor } from "../context.ts";
import { parseWholeNumber } from "../inputs.ts";
import { report } from "../output.ts";

/** Devnet only: moves the chain's clock forward (voting windows, settlement cooldowns) and mines a block. */
export async function timeTravel(global: GlobalOptions, options: { seconds: string }) {
  const seconds = parseWholeNumber(options.seconds, "--seconds", 1n);
  const provider = await chainFor(loadConfig(global));
  if (!(provider instanceof JsonRpcProvider)) throw new InvalidArgumentError("--rpc", "time travel needs a single devnet RPC URL");
  await provider.send("evm_increaseTime", [Number(seconds)]);
  await provider.send("evm_mine", []);
  const block = await provider.getBlock("latest");
  report(global.json, { timestamp: block?.timestamp }, [`chain time is now ${new Date((block?.timestamp ?? 0) * 1000).toISOString()}`]);
}
