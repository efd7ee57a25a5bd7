import { InvalidArgumentError } from "@mutua/sdk";
import { CID } from "multiformats/cid";
import { loadConfig } from "../config.ts";
import type { GlobalOptions } from "../context.ts";
import { openStore } from "../context.ts";
import { report } from "../output.ts";

/**
 * Where copies of some evidence are: this machine's view of each pinning service (its pin status) and
 * whether every block its gateway serves hashes to its CID. Reads nothing encrypted: anyone may run it.
 */
export async function status(global: GlobalOptions, options: { cid: string; gateway: string[] }): Promise<void> {
  let cid: CID;
  try {
    cid = CID.parse(options.cid);
  } catch {
    throw new InvalidArgumentError("<cid>", `"${options.cid}" is not a CID`);
  }
  const config = loadConfig(global);
  const store = await openStore(
    { ...config, ipfs: { ...config.ipfs, gateways: [...(config.ipfs.gateways ?? []), ...options.gateway] } },
    undefined,
  );
  try {
    const copies = (await store.status(cid)).filter((c) => c.store !== "this node");
    const good = copies.filter((c) => c.verified).length;
    report(global.json, { cid: cid.toString(), copies, verified: good }, [
      `${cid}: ${good} verified ${good === 1 ? "copy" : "copies"} of ${copies.length} stores`,
      ...copies.map(
        (c) =>
          `  ${c.verified ? "ok " : "BAD"} ${c.store}  pin ${c.pin}, ${c.blocks} blocks, ${c.bytes} bytes${c.error ? ` (${c.error})` : ""}`,
      ),
    ]);
  } finally {
    await store.close();
  }
}
