import { confirmTransaction } from "@mutua/contracts";
import { Contract } from "ethers/contract";
import type { ContractRunner, Signer } from "ethers/providers";

const ERC20_ABI = [
  "function approve(address spender, uint256 amount) returns (bool)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function balanceOf(address owner) view returns (uint256)",
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
] as const;

/** An ERC-20 token contract (the mutual's stablecoin) with the calls the SDK makes. */
export function erc20(address: string, runner: ContractRunner): Contract {
  return new Contract(address, ERC20_ABI, runner);
}

/** Approves `spender` for at least `amount` (no-op when the allowance already covers it). */
export async function ensureAllowance(token: string, owner: Signer, spender: string, amount: bigint): Promise<void> {
  const contract = erc20(token, owner);
  const allowance = (await contract.getFunction("allowance")(await owner.getAddress(), spender)) as bigint;
  if (allowance >= amount) return;
  await confirmTransaction(await contract.getFunction("approve")(spender, amount), owner);
}
