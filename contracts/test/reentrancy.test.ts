import type { Contract } from "ethers";
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployReentrantToken, MutuaMutualArtifact } from "../src-ts/index.ts";
import type { MutualFixture } from "./fixture.ts";
import { setupMutual, USD } from "./fixture.ts";

let f: MutualFixture;
beforeAll(async () => {
  f = await setupMutual({ token: deployReentrantToken });
});
afterAll(async () => {
  await f.close();
});

describe("reentrancy on payout", () => {
  it("a token that calls settle again while paying out cannot make the pool pay twice", async () => {
    const { mutual, signers, incidentId } = f;
    const admissions = (await mutual.accounts()).premiums;
    await f.fund(1_000n * USD, 5_000n * USD);
    const request = await f.proveClaim(f.members[1] as never, { amount: 700n * USD });
    await mutual.fileClaim(request);
    await f.decide(incidentId, request.nullifier, [request.amount, request.amount]);
    await f.chain.increaseTime(3_601n);

    const token = f.token as Contract;
    const settleCall = new Interface(MutuaMutualArtifact.abi).encodeFunctionData("settle", [incidentId, request.nullifier]);
    await (await token.getFunction("arm")(mutual.address, settleCall)).wait();
    await mutual.connect(signers.outsider).settle(incidentId, request.nullifier);

    expect(await token.getFunction("reentered")()).toBe(true);
    expect(await token.getFunction("reentrySucceeded")()).toBe(false);
    expect(await token.getFunction("balanceOf")(signers.payout.address)).toBe(700n * USD);
    expect(await mutual.accounts()).toMatchObject({ payouts: 700n * USD, reserved: 0n, held: admissions + 5_300n * USD });
    expect(await token.getFunction("balanceOf")(mutual.address)).toBe(admissions + 5_300n * USD);
  });
});
