import type { IncomingMessage, ServerResponse } from "node:http";
import { multiaddr } from "@multiformats/multiaddr";
import type { HeliaEvidenceStore } from "@mutua/evidence";
import { CID } from "multiformats/cid";

/**
 * A minimal IPFS Pinning Service API endpoint (POST /pins { cid, origins }): the node dials the origins,
 * fetches every block and pins it. This is how a claimant's evidence reaches a second node.
 */
export function pinHandler(store: HeliaEvidenceStore) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== "POST" || request.url !== "/pins") return false;
    try {
      let body = "";
      for await (const chunk of request) body += chunk;
      const { cid, origins = [] } = JSON.parse(body) as { cid: string; origins?: string[] };
      for (const origin of origins) await store.connect(multiaddr(origin)).catch(() => {});
      await store.pin(CID.parse(cid), { timeoutMs: 60_000 });
      response.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ status: "pinned", pin: { cid } }));
    } catch (error) {
      response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { reason: (error as Error).message } }));
    }
    return true;
  };
}

/** Asks a pinning endpoint to pin `cid`, fetching it from `origins` (this node's addresses). */
export async function requestPin(pinApi: string, cid: CID, origins: string[]): Promise<void> {
  const response = await fetch(`${pinApi}/pins`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ cid: cid.toString(), origins }),
    signal: AbortSignal.timeout(90_000),
  });
  if (!response.ok) throw new Error(`pinning ${cid} at ${pinApi} failed: ${await response.text()}`);
}
