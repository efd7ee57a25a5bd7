// UMA's Optimistic Oracle V3 as deployed on a real chain, from UMA's own compiled contracts (@uma/contracts-node,
// AGPL-3.0: its bytecode is deployed here, in tests only; none of its sources are copied into Mutua, whose contracts
// call it through their own interface). Disputes escalate to MockOracleAncillary, UMA's test stand-in for the DVM
// vote, so that a test can say how the vote resolved.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Contract, Signer } from "ethers";
import { ContractFactory, encodeBytes32String, ZeroAddress } from "ethers";

const require = createRequire(import.meta.url);
const ARTIFACTS = join(dirname(require.resolve("@uma/contracts-node/package.json")), "dist/packages/core/artifacts/contracts");

function artifact(path: string): { abi: never[]; bytecode: string } {
  return JSON.parse(readFileSync(join(ARTIFACTS, path), "utf8"));
}

async function deploy(signer: Signer, path: string, ...args: unknown[]): Promise<Contract> {
  const { abi, bytecode } = artifact(path);
  const contract = await new ContractFactory(abi, bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}

async function send(contract: Contract, method: string, ...args: unknown[]): Promise<void> {
  await (await contract.getFunction(method)(...args)).wait();
}

export interface UmaOracle {
  optimisticOracle: Contract;
  /** Answers disputed assertions as UMA's vote would: pushPrice with 1e18 (true) or 0 (false). */
  votingOracle: Contract;
  identifier: string;
}

/**
 * Finder, identifier and collateral whitelists, Store (final fee), the escalation oracle and OptimisticOracleV3, wired
 * as UMA's deployment scripts do. The oracle's minimum bond for `currency` is finalFee / burnedBondPercentage (50 %).
 */
export async function deployUmaOracle(
  signer: Signer,
  currency: string,
  options: { finalFee: bigint; liveness: bigint },
): Promise<UmaOracle> {
  const identifier = encodeBytes32String("ASSERT_TRUTH");
  const finder = await deploy(signer, "data-verification-mechanism/implementation/Finder.sol/Finder.json");
  const identifiers = await deploy(signer, "data-verification-mechanism/implementation/IdentifierWhitelist.sol/IdentifierWhitelist.json");
  await send(identifiers, "addSupportedIdentifier", identifier);
  const collateral = await deploy(signer, "common/implementation/AddressWhitelist.sol/AddressWhitelist.json");
  await send(collateral, "addToWhitelist", currency);
  const store = await deploy(
    signer,
    "data-verification-mechanism/implementation/Store.sol/Store.json",
    { rawValue: 0n },
    { rawValue: 0n },
    ZeroAddress,
  );
  await send(store, "setFinalFee", currency, { rawValue: options.finalFee });
  const votingOracle = await deploy(
    signer,
    "data-verification-mechanism/test/MockOracleAncillary.sol/MockOracleAncillary.json",
    await finder.getAddress(),
    ZeroAddress,
  );
  for (const [name, contract] of [
    ["IdentifierWhitelist", identifiers],
    ["CollateralWhitelist", collateral],
    ["Store", store],
    ["Oracle", votingOracle],
  ] as const) {
    await send(finder, "changeImplementationAddress", encodeBytes32String(name), await contract.getAddress());
  }
  const optimisticOracle = await deploy(
    signer,
    "optimistic-oracle-v3/implementation/OptimisticOracleV3.sol/OptimisticOracleV3.json",
    await finder.getAddress(),
    currency,
    options.liveness,
  );
  return { optimisticOracle, votingOracle, identifier };
}

/** The DVM's answer to every pending dispute: `truthful` or not. */
export async function resolveDisputes(uma: UmaOracle, truthful: boolean): Promise<number> {
  const pending = (await uma.votingOracle.getFunction("getPendingQueries")()) as {
    identifier: string;
    time: bigint;
    ancillaryData: string;
  }[];
  for (const query of pending) {
    await send(uma.votingOracle, "pushPrice", query.identifier, query.time, query.ancillaryData, truthful ? 10n ** 18n : 0n);
  }
  return pending.length;
}
