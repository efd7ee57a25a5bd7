// The member tree at a snapshot root (what every voter and appeal juror proves against) read incrementally: the first
// call reads the registry's events, a second one for the same root reads none and hashes nothing, and one after new
// admissions reads only the recent blocks; each tree is the one the chain posted.
import { memberTreeAtRoot, rebuildMemberTree } from "@mutua/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World } from "./world.ts";
import { createWorld } from "./world.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld({ memberNames: ["alice", "bob"] });
}, 300_000);
afterAll(async () => {
  await world?.close();
});

/** The eth_getLogs ranges the provider is asked for while `fn` runs. */
async function logReads<T>(fn: () => Promise<T>): Promise<{ result: T; ranges: [number, number][] }> {
  const provider = world.net.chain.provider;
  const ranges: [number, number][] = [];
  const listen = (info: { action: string; payload?: { method: string; params: { fromBlock: string; toBlock: string }[] } }) => {
    if (info.action === "sendRpcPayload" && info.payload?.method === "eth_getLogs") {
      const [filter] = info.payload.params;
      ranges.push([Number(filter?.fromBlock), Number(filter?.toBlock)]);
    }
  };
  await provider.on("debug", listen);
  try {
    return { result: await fn(), ranges };
  } finally {
    await provider.off("debug", listen);
  }
}

describe("the member tree at a snapshot, incrementally", () => {
  it("reads the events once, keeps the tree by root, and then reads only the recent blocks", async () => {
    const { mutual, deployment } = world.admin;
    const provider = world.net.chain.provider;
    const root = await mutual.currentRoot();
    const block = await provider.getBlockNumber();
    const first = await logReads(() => memberTreeAtRoot(mutual, deployment.fromBlock, root, block));
    expect(first.result.root).toBe(root);
    expect(first.ranges.length).toBeGreaterThan(0);
    expect(Math.min(...first.ranges.map(([from]) => from))).toBe(deployment.fromBlock);

    const again = await logReads(() => memberTreeAtRoot(mutual, deployment.fromBlock, root, block));
    expect(again.ranges).toEqual([]);
    expect(again.result.root).toBe(root);
    // A copy: a caller changing it changes nothing kept.
    again.result.add(123n);
    expect((await memberTreeAtRoot(mutual, deployment.fromBlock, root, block)).root).toBe(root);

    // New members, many blocks later: only the blocks since the last read (less a 64-block margin) are read.
    await provider.send("hardhat_mine", ["0x64"]);
    await world.admit([await world.newMember("carol")]);
    const later = await mutual.currentRoot();
    const latest = await provider.getBlockNumber();
    const next = await logReads(() => memberTreeAtRoot(mutual, deployment.fromBlock, later, latest));
    expect(next.result.root).toBe(later);
    expect(next.result.root).toBe((await rebuildMemberTree(mutual, deployment.fromBlock)).root);
    expect(Math.min(...next.ranges.map(([from]) => from))).toBeGreaterThan(block - 64);
  });
});
