import type { MutuaMutualClient } from "@mutua/contracts";

/** A role in which an address has already appeared on-chain in this mutual. */
export type ExposedRole = "premium payer" | "capital provider" | "claim recipient" | "your own account" | "a relayer's sending account";

/**
 * Where `address` already appears in the mutual's public history. A payout to an address seen as a premium
 * payer (or an earlier claim's recipient, …) links the claim to that person for every observer, whatever
 * the zero-knowledge proof hides: the member should be told before proving. A relayer's own account is no better:
 * the claim's sender would be its payout address, and whoever runs the relayer is paid, not the member.
 */
export async function recipientExposure(
  mutual: MutuaMutualClient,
  fromBlock: number,
  address: string,
  known: { own: readonly string[]; relayers?: readonly string[] },
): Promise<ExposedRole[]> {
  const target = address.toLowerCase();
  const roles = new Set<ExposedRole>();
  if (known.own.some((a) => a.toLowerCase() === target)) roles.add("your own account");
  if ((known.relayers ?? []).some((a) => a.toLowerCase() === target)) roles.add("a relayer's sending account");
  const checks: [string, number, ExposedRole][] = [
    ["PremiumPaid", 0, "premium payer"],
    ["CapitalDeposited", 0, "capital provider"],
    ["ClaimFiled", 3, "claim recipient"],
  ];
  await Promise.all(
    checks.map(async ([event, argument, role]) => {
      const logs = await mutual.logs(event, [], fromBlock);
      if (logs.some((log) => String(log.args[argument]).toLowerCase() === target)) roles.add(role);
    }),
  );
  return [...roles];
}
