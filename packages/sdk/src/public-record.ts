import { MutuaMutualClient } from "@mutua/contracts";
import type { Provider } from "ethers/providers";
import type { CID } from "multiformats/cid";
import { CID as CIDClass } from "multiformats/cid";
import type { MutualDeployment } from "./mutual-admin.ts";

/** An IPFS node that can hand out every block under a CID (HeliaEvidenceStore.blocks). */
export interface BlockSource {
  /** Every block under `cid`, with its links. */
  blocks(
    cid: CID,
    options?: { timeoutMs?: number },
  ): AsyncIterable<{ cid: CID; bytes: Uint8Array; links: { name: string; size: number }[] }>;
}

/** Everything anyone can read about one claim without a key. */
export interface PublicClaimRecord {
  claimId: string;
  /** Every log of the claim's transaction (ClaimFiled and any other). */
  logs: { topics: readonly string[]; data: string }[];
  transaction: { hash: string; from: string; to: string | null; data: string };
  evidence: { cid: string; listing: { name: string; size: number }[]; blocks: Uint8Array[] };
}

/**
 * What an outsider sees of every claim of a mutual: the claim's transaction (sender, calldata) and its logs,
 * and every block reachable from its evidence CID, fetched by `observer`, a node that holds no key.
 */
export async function collectPublicRecord(options: {
  provider: Provider;
  deployment: MutualDeployment;
  observer: BlockSource;
  timeoutMs?: number;
}): Promise<PublicClaimRecord[]> {
  const { provider, deployment } = options;
  const records: PublicClaimRecord[] = [];
  for (const claim of await new MutuaMutualClient(deployment.mutual, provider).filedClaims(deployment.fromBlock)) {
    const tx = await provider.getTransaction(claim.transactionHash);
    const receipt = await provider.getTransactionReceipt(claim.transactionHash);
    if (!tx || !receipt) throw new Error(`transaction ${claim.transactionHash} not found`);
    const cid = CIDClass.decode(claim.evidenceCid);
    const listing: { name: string; size: number }[] = [];
    const blocks: Uint8Array[] = [];
    for await (const block of options.observer.blocks(cid, { timeoutMs: options.timeoutMs ?? 10_000 })) {
      blocks.push(block.bytes);
      for (const link of block.links) if (link.name) listing.push({ name: link.name, size: link.size });
    }
    records.push({
      claimId: claim.claimId,
      logs: receipt.logs.map((l) => ({ topics: l.topics, data: l.data })),
      transaction: { hash: tx.hash, from: tx.from, to: tx.to, data: tx.data },
      evidence: { cid: cid.toString(), listing, blocks },
    });
  }
  return records;
}

/** Which of `forms` (lowercase) occur anywhere in the claims' records: as text, or as hex inside any binary value. */
export function findInRecord(records: readonly PublicClaimRecord[], forms: readonly string[]): { form: string; where: string }[] {
  const haystacks = records.flatMap((r) => [
    {
      where: `logs of claim ${r.claimId}`,
      text: r.logs
        .map((l) => [...l.topics, l.data].join(" "))
        .join(" ")
        .toLowerCase(),
    },
    {
      where: `transaction ${r.transaction.hash}`,
      text: `${r.transaction.from} ${r.transaction.to ?? ""} ${r.transaction.data}`.toLowerCase(),
    },
    ...r.evidence.blocks.map((b, i) => ({
      where: `block ${i} of evidence ${r.evidence.cid}`,
      text: `${Buffer.from(b).toString("hex")} ${Buffer.from(b).toString("latin1").toLowerCase()}`,
    })),
  ]);
  const found: { form: string; where: string }[] = [];
  for (const form of forms) for (const h of haystacks) if (h.text.includes(form)) found.push({ form, where: h.where });
  return found;
}
