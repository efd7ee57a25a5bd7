import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MutualDeployment } from "@mutua/sdk";
import { DeploymentMismatchError, InvalidArgumentError, MutuaMutualClient, writeFileAtomic } from "@mutua/sdk";
import type { Provider } from "ethers";

/**
 * What `mutua deploy` writes to deployments/<chainId>/<name>.json: enough for any machine to work with the
 * mutual given only an RPC URL. Commit it; it holds no secret.
 */
export interface DeploymentRecord {
  name: string;
  chainId: string;
  mutual: string;
  token: string;
  /** The governance timelock holding the admin role. */
  governance: string;
  /** The members' governor: the timelock's only proposer. */
  governor: string;
  /** The assessment module: sealed, anonymous assessor votes and appeals. */
  assessment: string;
  /** The keeper contract (checkUpkeep / performUpkeep); absent in files written before it existed. */
  keeper?: string;
  /** The incident notes (each incident's region and description); absent in files written before they existed. */
  incidentNotes?: string;
  /** Parametric cover (products opened by oracles, claimed by proof); absent when the mutual sells none. */
  parametricCover?: string;
  /** The rate tables the members adopted; absent in files written before it existed. */
  rateTables?: string;
  /** The block the mutual was deployed in: events are read from here. */
  startBlock: number;
  verifyingKeyHash: string;
  devSetup: boolean;
  roles: { issuer: string; incidentOpener: string; pauser: string };
  issuerDid: string;
  statusListUrl: string;
  relayer?: string;
  /** The issuer's join desk (`mutua issuer desk`), if the mutual runs one. */
  joinDesk?: string;
  /** IPFS Pinning Service API endpoints evidence is replicated to. */
  pinningServices: string[];
  deployer: string;
  deployedAt: string;
}

/** deployments/<chainId>/<slug>.json under `root`. */
export function deploymentPath(root: string, chainId: bigint | string, name: string): string {
  return join(root, "deployments", String(chainId), `${slug(name)}.json`);
}

export function slug(name: string): string {
  const text = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  if (!text) throw new InvalidArgumentError("--name", `"${name}" has no letters or digits to name a file with`);
  return text;
}

export function writeDeploymentFile(path: string, record: DeploymentRecord): void {
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Finds a deployment by reference: a path to its file, `<chainId>/<name>`, or a name that exactly one
 * chain's directory has.
 */
export function findDeploymentFile(root: string, reference: string): string {
  if (reference.endsWith(".json") && existsSync(reference)) return reference;
  const byChain = /^(\d+)\/(.+)$/.exec(reference);
  if (byChain?.[1] && byChain[2]) {
    const path = deploymentPath(root, byChain[1], byChain[2]);
    if (existsSync(path)) return path;
    throw new InvalidArgumentError("--deployment", `there is no ${path}: deploy with \`mutua deploy\` or check the name`);
  }
  const directory = join(root, "deployments");
  const matches = existsSync(directory)
    ? readdirSync(directory)
        .map((chain) => deploymentPath(root, chain, reference))
        .filter((path) => existsSync(path))
    : [];
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (matches.length > 1) {
    throw new InvalidArgumentError("--deployment", `"${reference}" is deployed on several chains: say which, as <chainId>/${reference}`);
  }
  throw new InvalidArgumentError("--deployment", `no deployment named "${reference}" under ${directory}`);
}

export function readDeploymentFile(path: string): DeploymentRecord {
  let record: Partial<DeploymentRecord>;
  try {
    record = JSON.parse(readFileSync(path, "utf8")) as Partial<DeploymentRecord>;
  } catch (error) {
    throw new InvalidArgumentError("--deployment", `${path} is not a deployment file: ${(error as Error).message}`);
  }
  for (const field of [
    "name",
    "chainId",
    "mutual",
    "token",
    "governance",
    "governor",
    "assessment",
    "issuerDid",
    "statusListUrl",
  ] as const) {
    if (typeof record[field] !== "string") throw new InvalidArgumentError("--deployment", `${path} has no ${field}`);
  }
  if (typeof record.startBlock !== "number") throw new InvalidArgumentError("--deployment", `${path} has no startBlock`);
  return { pinningServices: [], ...record } as DeploymentRecord;
}

export function toMutualDeployment(record: DeploymentRecord): MutualDeployment {
  return {
    name: record.name,
    chainId: BigInt(record.chainId),
    mutual: record.mutual,
    token: record.token,
    governance: record.governance,
    governor: record.governor,
    assessment: record.assessment,
    ...(record.keeper ? { keeper: record.keeper } : {}),
    ...(record.incidentNotes ? { incidentNotes: record.incidentNotes } : {}),
    ...(record.parametricCover ? { parametricCover: record.parametricCover } : {}),
    ...(record.rateTables ? { rateTables: record.rateTables } : {}),
    fromBlock: record.startBlock,
  };
}

/**
 * Checks, before anything is sent, that the chain holds what the file says: a mutual at the address, with
 * the same verifying key, token and governance. A file for another chain or a redeployed devnet is refused.
 */
export async function assertDeploymentOnChain(record: DeploymentRecord, provider: Provider): Promise<void> {
  const code = await provider.getCode(record.mutual);
  if (code === "0x") throw new DeploymentMismatchError(record.name, `there is no contract at ${record.mutual} on chain ${record.chainId}`);
  const mutual = new MutuaMutualClient(record.mutual, provider);
  let onChain: { verifyingKeyHash: string; token: string };
  try {
    onChain = { verifyingKeyHash: await mutual.verifyingKeyHash(), token: await mutual.token() };
  } catch {
    throw new DeploymentMismatchError(record.name, `the contract at ${record.mutual} is not a Mutua mutual`);
  }
  if (onChain.verifyingKeyHash.toLowerCase() !== record.verifyingKeyHash.toLowerCase()) {
    throw new DeploymentMismatchError(
      record.name,
      `its verifying key is ${onChain.verifyingKeyHash}, the file says ${record.verifyingKeyHash}`,
    );
  }
  if (onChain.token.toLowerCase() !== record.token.toLowerCase()) {
    throw new DeploymentMismatchError(record.name, `its token is ${onChain.token}, the file says ${record.token}`);
  }
}
