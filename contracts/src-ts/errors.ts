import { MutuaError } from "@mutua/core";
import type { InterfaceAbi } from "ethers/abi";
import { Interface } from "ethers/abi";

/**
 * A contract call reverted with one of the contracts' custom errors. `code` is the error's name
 * (`InvalidProof`, `UnknownRoot`, `NullifierAlreadyUsed`, …) and `details.args` its arguments.
 */
export class ContractRevertError extends MutuaError {
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(errorName: string, args: readonly unknown[], cause?: unknown) {
    super(errorName, `contract reverted: ${errorName}(${args.map(String).join(", ")})`, { args }, { cause });
    this.errorName = errorName;
    this.args = args;
  }
}

/** Finds revert data in an ethers error (its shape differs between providers). */
function revertDataOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const candidate = current as { data?: unknown; error?: unknown; info?: unknown; cause?: unknown };
    if (typeof candidate.data === "string" && candidate.data.startsWith("0x")) return candidate.data;
    if (candidate.data && typeof candidate.data === "object" && typeof (candidate.data as { data?: unknown }).data === "string") {
      return (candidate.data as { data: string }).data;
    }
    current = candidate.error ?? candidate.info ?? candidate.cause;
  }
  return undefined;
}

/** Rethrows a contract revert as a ContractRevertError when the ABI knows the error; anything else unchanged. */
export function decodeRevert(error: unknown, abis: readonly InterfaceAbi[]): never {
  const data = revertDataOf(error);
  if (data && data.length >= 10) {
    for (const abi of abis) {
      const parsed = new Interface(abi).parseError(data);
      if (parsed) throw new ContractRevertError(parsed.name, [...parsed.args], error);
    }
  }
  throw error;
}

/** The build's verifier uses the public dev setup and the chain is not a local dev chain. */
export class DevVerifyingKeyError extends MutuaError {
  constructor(chainId: bigint) {
    super(
      "DEV_VERIFYING_KEY",
      `refusing to deploy to chain ${chainId}: this build's verifier uses the public dev setup, so anyone could forge proofs. Build the verifier from a ceremony (docs/trusted-setup.md), or allow the dev key explicitly for a throwaway test chain`,
      { chainId },
    );
  }
}
