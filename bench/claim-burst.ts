// Every prepared claim submitted at once to one relayer, each from its own client address, and what became of
// them: landed once each, refused with a reason, nonces contiguous, filed on-chain. A client told QUEUE_FULL
// waits the Retry-After it was given and tries again (counted).
import type { ClaimRequest, MutuaMutualClient } from "@mutua/contracts";
import { RelayerClient } from "@mutua/relayer";
import type { Provider } from "ethers";
import { fetchFrom } from "../test/source-address-fetch.ts";
import { median, round } from "./stats.ts";

export async function submitBurst(options: {
  relayer: { url: string; address: string };
  mutual: MutuaMutualClient;
  fromBlock: number;
  incidentId: bigint;
  requests: readonly ClaimRequest[];
  provider: Provider;
  log: (line: string) => void;
}) {
  const { relayer, mutual, requests, provider, log } = options;
  const nonceBefore = await provider.getTransactionCount(relayer.address);
  const latencies: number[] = [];
  let queueFullRetries = 0;
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    requests.map(async (request, i) => {
      // 127.0.0.2, 127.0.0.3, …: every client its own loopback address, as the rate limit sees people.
      const client = new RelayerClient(relayer.url, { fetch: fetchFrom(`127.0.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}`) });
      const t = performance.now();
      for (;;) {
        try {
          const result = await client.submit(mutual.address, request);
          latencies.push(performance.now() - t);
          return result;
        } catch (error) {
          const { code, details } = error as { code?: string; details?: { retryAfterSeconds?: number } };
          if (code !== "QUEUE_FULL") throw error;
          queueFullRetries += 1;
          await new Promise((r) => setTimeout(r, (details?.retryAfterSeconds ?? 2) * 1000));
        }
      }
    }),
  );
  const totalMs = performance.now() - started;
  const landed = outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value);
  const failures = outcomes
    .filter((o): o is PromiseRejectedResult => o.status === "rejected")
    .map((o) => String((o.reason as Error).message));
  const nonces = (await Promise.all(landed.map(async (r) => (await provider.getTransaction(r.transactionHash))?.nonce ?? -1))).sort(
    (a, b) => a - b,
  );
  const contiguous = nonces.every((n, i) => n === nonceBefore + i);
  const unique = new Set(landed.map((r) => r.transactionHash)).size === landed.length;
  const filed = (await mutual.filedClaims(options.fromBlock, options.incidentId)).length;
  log(
    `${landed.length}/${requests.length} landed, ${failures.length} failed with a reason; nonces contiguous ${contiguous}, no duplicates ${unique}, filed on-chain ${filed}; ${queueFullRetries} QUEUE_FULL retries`,
  );
  log(
    `all ${requests.length} in ${round(totalMs)} ms: ${round((landed.length * 1000) / totalMs)} claims/s; per claim median ${round(median(latencies))} ms, max ${round(Math.max(...latencies))} ms`,
  );
  return {
    claims: requests.length,
    landed: landed.length,
    failures,
    contiguousNonces: contiguous,
    noDuplicates: unique,
    filedOnChain: filed,
    queueFullRetries,
    totalMs: round(totalMs),
    claimsPerSecond: round((landed.length * 1000) / totalMs),
    latencyMedianMs: round(median(latencies)),
    latencyMaxMs: round(Math.max(...latencies)),
  };
}
