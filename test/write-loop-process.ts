// A process that keeps writing state the way Mutua keeps it, until it is killed: a member's wallet (its agent's keys
// and its sealed vault, one membership request after another) and a large file replaced whole. The interrupted-writes
// test kills it with SIGKILL at random moments. Arguments: the directory.
import { join } from "node:path";
import { writeFileAtomic } from "@mutua/core/node";
import { createIdentityAgent, MemberWallet } from "@mutua/identity";

const [directory] = process.argv.slice(2) as [string];
const handle = await createIdentityAgent({ storage: { kind: "file", path: join(directory, "agent.json"), secret: "agent secret" } });
const wallet = await MemberWallet.open(handle, { kind: "file", path: join(directory, "vault.json"), secret: "vault secret" });
process.stdout.write("ready\n");
for (let version = 1; ; version++) {
  // 4 MB whose every byte says which version it is: a torn file would mix two.
  writeFileAtomic(join(directory, "big.json"), JSON.stringify({ version, fill: String(version % 10).repeat(4_000_000) }));
  await wallet.requestMembership({ chainId: 31_337n, contract: `0x${version.toString(16).padStart(40, "0")}` });
  await wallet.flush();
  await handle.flush();
}
