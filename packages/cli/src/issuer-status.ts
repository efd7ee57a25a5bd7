import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IdentityAgent } from "@mutua/sdk";
import { MembershipIssuer } from "@mutua/sdk";

/**
 * The issuer's current status list, for an HTTP host to serve: status lists expire (a day), so each request
 * re-reads the issuer's log only if another process issued or revoked since, and the list is re-issued
 * once half its validity has passed. The latest list is also kept in the issuer's home.
 */
export function issuerStatusPublisher(agent: IdentityAgent, home: string, issuerDid: string, statusListUrl: string): () => Promise<string> {
  const log = join(home, "issued.jsonl");
  const file = join(home, "status-members.jwt");
  let cached: { logSize: number; issuer: MembershipIssuer } | undefined;
  return async () => {
    const logSize = existsSync(log) ? statSync(log).size : 0;
    if (cached?.logSize !== logSize) {
      const issuer = await MembershipIssuer.open(agent, { issuerDid, statusListUrl, log: { kind: "file", path: log } });
      cached = { logSize, issuer };
    }
    const list = await cached.issuer.statusListCredential();
    if (!existsSync(file) || readFileSync(file, "utf8") !== list) writeFileSync(file, list);
    return list;
  };
}
