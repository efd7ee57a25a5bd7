import type { Signer } from "ethers";
import { ContractFactory } from "ethers";
import { EthereumDIDRegistry } from "ethr-did-registry";

/** Deploys the ERC-1056 registry (the `ethr-did-registry` package's own build) for did:ethr on a local chain. */
export async function deployEthrDidRegistry(deployer: Signer): Promise<string> {
  const factory = new ContractFactory(EthereumDIDRegistry.abi, EthereumDIDRegistry.bytecode, deployer);
  const contract = await factory.deploy();
  await contract.waitForDeployment();
  return contract.getAddress();
}
