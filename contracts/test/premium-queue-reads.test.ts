// The premium queue read incrementally (the join desk asks every two seconds): the same answer as a full read,
// processed payments forgotten, and a payment replaced by a shallow reorganisation (snapshot and revert on the
// in-process chain) replaced in the answer too.
import type { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MutuaMutualClient } from "../src-ts/index.ts";
import { PREMIUM, setupMutual } from "./fixture.ts";

let f: Awaited<ReturnType<typeof setupMutual>>;
beforeAll(async () => {
  f = await setupMutual({ memberCount: 2 });
});
afterAll(async () => {
  await f?.close();
});

async function pay(leaf: bigint) {
  const token = f.token.connect(f.signers.admin) as Contract;
  await (await token.getFunction("mint")(f.signers.admin.address, PREMIUM)).wait();
  await (await token.getFunction("approve")(f.mutual.address, PREMIUM)).wait();
  await f.mutual.connect(f.signers.admin).payPremium(leaf, PREMIUM);
}
const leaves = (payments: { leaf: bigint }[]) => payments.map((p) => p.leaf);

describe("reading the premium queue incrementally", () => {
  it("matches a full read as payments come, forgets processed ones, and follows a shallow reorganisation", async () => {
    const reader = new MutuaMutualClient(f.mutual.address, f.chain.provider);
    const fresh = () => new MutuaMutualClient(f.mutual.address, f.chain.provider).pendingPayments();
    await pay(11n);
    await pay(12n);
    expect(leaves(await reader.pendingPayments())).toEqual([11n, 12n]);
    await pay(13n);
    expect(await reader.pendingPayments()).toEqual(await fresh());
    expect(leaves(await reader.pendingPayments())).toEqual([11n, 12n, 13n]);

    // A payment mined, read, then reorganised away; another takes its place in the queue.
    const snapshot = (await f.chain.provider.send("evm_snapshot", [])) as string;
    await pay(14n);
    expect(leaves(await reader.pendingPayments())).toEqual([11n, 12n, 13n, 14n]);
    await f.chain.provider.send("evm_revert", [snapshot]);
    await pay(15n);
    expect(leaves(await reader.pendingPayments())).toEqual([11n, 12n, 13n, 15n]);
    expect(await reader.pendingPayments()).toEqual(await fresh());

    // Refused (processed) payments leave the answer.
    await f.mutual.connect(f.signers.issuer).refusePremiums([11n, 12n]);
    expect(leaves(await reader.pendingPayments())).toEqual([13n, 15n]);
    await f.mutual.connect(f.signers.issuer).refusePremiums([13n, 15n]);
    expect(await reader.pendingPayments()).toEqual([]);
  });

  it("reads the queue again whole when a reorganisation went deeper than the blocks it re-reads", async () => {
    const reader = new MutuaMutualClient(f.mutual.address, f.chain.provider);
    const snapshot = (await f.chain.provider.send("evm_snapshot", [])) as string;
    await pay(21n);
    await f.chain.provider.send("hardhat_mine", ["0x64"]); // 100 blocks on top: below the 64 re-read
    expect(leaves(await reader.pendingPayments())).toEqual([21n]);
    // The new branch: the payment never happened, another came in its place, and more than 64 blocks since.
    await f.chain.provider.send("evm_revert", [snapshot]);
    await pay(22n);
    await f.chain.provider.send("hardhat_mine", ["0x80"]);
    // Re-reading only the last 64 blocks would keep 21 and miss 22: the checkpoint below them shows the branch changed.
    expect(leaves(await reader.pendingPayments())).toEqual([22n]);
    await f.mutual.connect(f.signers.issuer).refusePremiums([22n]);
  });
});
