// Strangers on the internet at every HTTP service (the relayer, an evidence node, and the host that serves status
// lists, the app, the join desk, OpenID4VCI and the cover verifier): a slowloris that sends its headers a byte at a
// time is cut off; one address opening more connections than its share has the extra ones closed at once, while
// another client is served; and the process's memory stays bounded through the flood. The limits are shortened here
// (headers within 1 s) so the test waits seconds, not the production 10 s.
import { connect, type Socket } from "node:net";
import type { ServerLimits } from "@mutua/core";
import { startLocalChain, startStatusListHost } from "@mutua/devnet";
import { startEvidenceNode } from "@mutua/evidence";
import { startRelayer } from "@mutua/relayer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const limits: ServerLimits = { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, checkIntervalMs: 250, maxConnectionsPerClient: 16 };
const services: { name: string; url: string; path: string; close(): Promise<void> }[] = [];

beforeAll(async () => {
  const chain = await startLocalChain();
  const [signer] = chain.signers;
  if (!signer) throw new Error("no account");
  const relayer = await startRelayer({ signer, mutuals: [], limits });
  services.push({ name: "relayer", url: relayer.url, path: "/v1/health", close: () => relayer.close().then(() => chain.close()) });
  const node = await startEvidenceNode({ limits });
  services.push({ name: "evidence node", url: node.url, path: "/pins", close: () => node.close() });
  const host = await startStatusListHost({ limits });
  host.publish("members", async () => "a status list");
  services.push({ name: "status list, app and desk host", url: host.origin, path: "/status/members", close: () => host.close() });
}, 300_000);
afterAll(async () => {
  for (const service of services) await service.close();
});

/** A TCP connection from `localAddress` (any 127.x.y.z is this machine: another client address). */
function open(url: string, localAddress = "127.0.0.1"): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves when the server has closed `socket` (within `withinMs`, a guard against hanging). */
function closedBy(socket: Socket, withinMs = 30_000): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    if (socket.closed) return resolve(0);
    socket.resume(); // read what the server answers, or its end is never seen
    const timer = setTimeout(() => reject(new Error("the server kept the connection open")), withinMs);
    socket.on("error", () => undefined);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

async function get(url: string, path: string, localAddress: string): Promise<number> {
  const socket = await open(url, localAddress);
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  const text = await new Promise<string>((resolve) => {
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk;
    });
    socket.once("close", () => resolve(data));
  });
  return Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]);
}

describe("strangers at every HTTP service", () => {
  it("a slowloris sending its headers a byte at a time is cut off at the headers timeout", async () => {
    for (const service of services) {
      const sockets = await Promise.all(Array.from({ length: 8 }, () => open(service.url)));
      const drips = sockets.map((socket) => {
        socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
        return setInterval(() => socket.write("X"), 200);
      });
      try {
        const closedAfter = await Promise.all(sockets.map((socket) => closedBy(socket)));
        expect(Math.max(...closedAfter), service.name).toBeLessThan(30_000);
      } finally {
        for (const drip of drips) clearInterval(drip);
      }
    }
  });

  it("one address gets its share of connections, the rest closed unread; another address is served meanwhile", async () => {
    for (const service of services) {
      const held = await Promise.all(Array.from({ length: 16 }, () => open(service.url, "127.0.0.2")));
      const extra = await Promise.all(Array.from({ length: 4 }, () => open(service.url, "127.0.0.2")));
      for (const socket of extra) await closedBy(socket, 5_000);
      expect(await get(service.url, service.path, "127.0.0.3"), service.name).toBeLessThan(500);
      for (const socket of held) socket.destroy();
    }
  });

  it("memory stays bounded through a flood of slow and oversized requests", async () => {
    const before = process.memoryUsage().rss;
    for (let round = 0; round < 5; round++) {
      for (const service of services) {
        const sockets = await Promise.all(Array.from({ length: 16 }, (_, i) => open(service.url, `127.0.1.${round * 16 + i + 1}`)));
        for (const socket of sockets) {
          // Announces 200 MB, sends 1 MB, then stalls: the request timeout ends it, the route's body bound refuses it.
          socket.write(`POST ${service.path} HTTP/1.1\r\nHost: x\r\nContent-Length: 200000000\r\n\r\n`);
          socket.write(Buffer.alloc(1_000_000));
        }
        await Promise.all(sockets.map((socket) => closedBy(socket))).catch((error: Error) => {
          throw new Error(`${service.name}: ${error.message}`);
        });
      }
    }
    const grownMiB = (process.memoryUsage().rss - before) / 2 ** 20;
    console.log(`RSS grew ${grownMiB.toFixed(1)} MiB through 240 flooding connections (80 MB sent)`);
    expect(grownMiB).toBeLessThan(64);
  });
});
