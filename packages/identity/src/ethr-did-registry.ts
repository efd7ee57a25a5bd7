import type { Signer } from "ethers/providers";

/**
 * Deploys the ERC-1056 registry (the `ethr-did-registry` package's own build) for did:ethr on a local chain. The
 * registry's build and ethers load here, on first use: importing the package needs neither.
 */
export async function deployEthrDidRegistry(deployer: Signer): Promise<string> {
  // A CommonJS package: its named exports are found by Node 24's loader but not Node 22's, so it is read through
  // its default export (the consumer test runs the packages on both).
  const [{ ContractFactory }, { default: ethrDidRegistry }] = await Promise.all([import("ethers/contract"), import("ethr-did-registry")]);
  const { EthereumDIDRegistry } = ethrDidRegistry;
  const factory = new ContractFactory(EthereumDIDRegistry.abi, EthereumDIDRegistry.bytecode, deployer);
  const contract = await factory.deploy();
  await contract.waitForDeployment();
  return contract.getAddress();
}
