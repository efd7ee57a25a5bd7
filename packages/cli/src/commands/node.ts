import { join } from "node:path";
import { InvalidArgumentError, startEvidenceNode } from "@mutua/sdk";
import { loadConfig } from "../config.ts";
import type { GlobalOptions } from "../context.ts";
import { issuerHomeOf, openAgent, storageSecret } from "../context.ts";
import { parseWholeNumber } from "../inputs.ts";
import { issuerStatusPublisher } from "../issuer-status.ts";
import { report } from "../output.ts";
import { explainPortInUse } from "../port-in-use.ts";
import { stopOnSignal } from "../stop-on-signal.ts";
import { userPath } from "../user-path.ts";

export interface NodeOptions {
  httpPort: string;
  ipfsPort: string;
  host: string;
  dir: string;
  token: string[];
  statusList?: boolean;
}

/**
 * Runs one of a mutual's evidence nodes (Helia on disk, the IPFS Pinning Service API and a trustless gateway),
 * and with --status-list also the issuer's status list: what an operator runs on each of its machines.
 */
export async function node(global: GlobalOptions, options: NodeOptions): Promise<void> {
  const httpPort = Number(parseWholeNumber(options.httpPort, "--http-port"));
  const ipfsPort = Number(parseWholeNumber(options.ipfsPort, "--ipfs-port"));
  if (httpPort > 65_535 || ipfsPort > 65_535) throw new InvalidArgumentError("--http-port", "ports are 0–65535");
  const directory = userPath(options.dir);
  // The status list's issuer is opened (and its list issued once) before anything listens.
  let publisher: { publish: () => Promise<string>; path: string } | undefined;
  if (options.statusList) {
    const config = loadConfig(global);
    const home = issuerHomeOf(config);
    const { agent } = await openAgent(home, storageSecret(global));
    const publish = issuerStatusPublisher(agent, home, config.issuerDid, config.statusListUrl);
    await publish();
    publisher = { publish, path: new URL(config.statusListUrl).pathname };
  }
  const started = await startEvidenceNode({
    directory,
    httpPort,
    ipfsPort,
    host: options.host,
    ...(options.token.length ? { tokens: options.token } : {}),
  }).catch(explainPortInUse("--http-port", httpPort));
  let statusList = "";
  if (publisher) {
    const { publish, path } = publisher;
    // The status list shares the node's port: one more route in front of the node's own.
    statusList = `${started.url}${path}`;
    started.route(path, async (_request, response) => {
      response.writeHead(200, { "content-type": "application/vc+jwt" }).end(await publish());
    });
  }
  report(
    global.json,
    { url: started.url, peer: started.store.multiaddrs().map(String), directory, ...(statusList ? { statusList } : {}) },
    [
      `evidence node up (Ctrl-C stops it)`,
      `  pinning API  ${started.url}/pins (IPFS Pinning Service API${options.token.length ? ", bearer token required" : ""})`,
      `  gateway      ${started.url}/ipfs/<cid>?format=raw (trustless)`,
      `  libp2p       ${started.store.multiaddrs().map(String).join(" ")}`,
      `  blocks       ${join(directory, "ipfs")}`,
      ...(statusList ? [`  status list  ${statusList}`] : []),
    ],
  );
  stopOnSignal(() => started.close());
  await new Promise(() => {});
}
