import type { MutuaMutualClient } from "@mutua/contracts";
import { MemberTree } from "@mutua/proofs";
import { RootMismatchError } from "./errors.ts";

/**
 * Rebuilds the member tree from the registry's events alone, and checks it against the root the contract
 * holds: wallets do not have to trust the issuer's root, and a wrong one is caught here.
 */
export async function rebuildMemberTree(mutual: MutuaMutualClient, fromBlock = 0): Promise<MemberTree> {
  const tree = new MemberTree();
  for (const event of await mutual.membershipEvents(fromBlock)) {
    if (event.kind === "added") {
      if (event.firstIndex !== BigInt(tree.size))
        throw new Error(`registry events out of order: batch starts at ${event.firstIndex}, tree has ${tree.size}`);
      tree.addMany(event.leaves);
    } else {
      tree.remove(Number(event.index));
    }
    if (tree.root !== event.root) throw new RootMismatchError(event.root, tree.root);
  }
  const current = await mutual.currentRoot();
  if (tree.size > 0 && current !== tree.root) throw new RootMismatchError(current, tree.root);
  return tree;
}
