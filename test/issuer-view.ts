// What the issuer knows of each member, and what the chain shows of a transaction: a public record must contain none
// of the former (tests that play the issuer against ballots and claims).
import { memberLeaf } from "@mutua/core";
import type { Provider } from "ethers";
import { toBeHex } from "ethers";
import type { WorldMember } from "./world.ts";

/** Each member's account, identity commitment and leaf, as lowercase hex without 0x. */
export async function issuerKnowledge(members: readonly WorldMember[]): Promise<string[]> {
  const known = await Promise.all(
    members.map(async (m) => {
      const { identityCommitment, terms } = m.wallet.memberships()[0]?.membership ?? ({} as never);
      return [await m.signer.getAddress(), toBeHex(identityCommitment, 32), toBeHex(memberLeaf(identityCommitment, terms), 32)];
    }),
  );
  return known.flat().map((value) => value.slice(2).toLowerCase());
}

/** A transaction's sender, and its calldata with its logs' data and topics as one lowercase text. */
export async function publicTrace(provider: Provider, hash: string): Promise<{ from: string; text: string; data: string }> {
  const tx = await provider.getTransaction(hash);
  const receipt = await provider.getTransactionReceipt(hash);
  const text = [tx?.data ?? "", ...(receipt?.logs ?? []).flatMap((log) => [log.data, ...log.topics])].join("").toLowerCase();
  return { from: (tx?.from ?? "").toLowerCase(), text, data: tx?.data ?? "0x" };
}
