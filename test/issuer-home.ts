// The issuer as its own process keeps it: a Veramo agent and the credential log on disk, the issuer key on a chain.
import { join } from "node:path";
import { createIdentityAgent } from "@mutua/identity";
import type { MutualDeployment } from "@mutua/sdk";
import { MutualAdmin } from "@mutua/sdk";
import { JsonRpcProvider, Wallet } from "ethers";

/** The issuer as a process opens it: its agent and credential log from `home`, its key on the chain at `rpc`. */
export async function openIssuer(options: { rpc: string; deployment: MutualDeployment; home: string; key: string; statusListUrl: string }) {
  const handle = await createIdentityAgent({
    storage: { kind: "file", path: join(options.home, "agent.json"), secret: "issuer storage secret" },
  });
  const did = (await handle.agent.didManagerGetOrCreate({ alias: "issuer" })).did;
  await handle.flush();
  return MutualAdmin.connect({
    signer: new Wallet(options.key, new JsonRpcProvider(options.rpc)),
    issuer: {
      agent: handle.agent,
      did,
      statusListUrl: options.statusListUrl,
      log: { kind: "file", path: join(options.home, "issued.jsonl") },
    },
    deployment: options.deployment,
  });
}
