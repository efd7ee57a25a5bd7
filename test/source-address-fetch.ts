import { request as httpRequest } from "node:http";
import type { FetchLike } from "@mutua/relayer";

/**
 * A fetch whose requests leave from `localAddress` (127.0.0.N on loopback): distinct clients, as a relayer
 * sees them, for its per-client limits and for load from many clients.
 */
export function fetchFrom(localAddress: string): FetchLike {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const request = httpRequest(url, { method: init.method, headers: init.headers, localAddress }, (response) => {
        const parts: Buffer[] = [];
        response.on("data", (p: Buffer) => parts.push(p));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: async () => Buffer.concat(parts).toString() }));
      });
      request.on("error", reject);
      request.end(init.body);
    });
}
