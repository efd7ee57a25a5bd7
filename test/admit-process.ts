// An issuer process that admits one paid offer, as `mutua issuer admit` does, with its agent and credential log on
// disk: the issuer-crash test kills it with SIGKILL while its transaction is pending. Arguments: the RPC URL, the
// deployment (JSON), the issuer's home directory, the offer (JSON), the issuer key, the status list URL.
import type { MutualDeployment } from "@mutua/sdk";
import { admissionOf } from "@mutua/sdk";
import { openIssuer } from "./issuer-home.ts";

const [rpc, deploymentJson, home, offer, key, statusListUrl] = process.argv.slice(2) as string[];
const raw = JSON.parse(deploymentJson as string) as MutualDeployment & { chainId: string };
const deployment: MutualDeployment = { ...raw, chainId: BigInt(raw.chainId) };
const admin = await openIssuer({
  rpc: rpc as string,
  deployment,
  home: home as string,
  key: key as string,
  statusListUrl: statusListUrl as string,
});
const { credentials } = await admin.admitMembers([admissionOf(JSON.parse(offer as string))]);
console.log(JSON.stringify({ credentialId: credentials[0]?.id }));
process.exit(0);
