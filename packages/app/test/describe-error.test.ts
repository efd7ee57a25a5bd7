// What a member reads when something fails: Mutua's typed errors as sentences by code, network failures as such,
// and never a stack trace, whatever the error carries.
import { MutuaError } from "@mutua/sdk/errors";
import { describe, expect, it } from "vitest";
import { describeError, setMoneyFormat } from "../src/ui/describe-error.ts";

describe("errors in words", () => {
  it("says what a wrong passphrase, a revoked membership and an unreachable relayer mean", () => {
    expect(
      describeError(new MutuaError("BACKUP_UNREADABLE", "wallet backup cannot be opened: wrong passphrase, or the backup was changed"))
        .sentence,
    ).toMatch(/That passphrase does not open this wallet/);
    expect(describeError(new MutuaError("NOT_A_MEMBER", "no credential of the wallet has its leaf in the member tree")).sentence).toMatch(
      /revoked/,
    );
    expect(describeError(new MutuaError("RELAYER_UNREACHABLE", "fetch failed")).sentence).toMatch(/Your form is kept/);
  });

  it("amounts are in the mutual's token, not base units", () => {
    setMoneyFormat((v) => `${v / 1_000_000n} USDC`);
    const error = new MutuaError("COVERAGE_EXCEEDED", "claim amount 6000000000 exceeds the coverage limit 5000000000", {
      claimAmount: 6_000_000_000n,
      coverageLimit: 5_000_000_000n,
    });
    expect(describeError(error).sentence).toBe(
      "Your policy does not cover that much: it pays up to 5000 USDC per claim, and this claim asks 6000 USDC.",
    );
  });

  it("a browser's failed fetch is the network; anything else is its first line, never a stack", () => {
    expect(describeError(new TypeError("Failed to fetch")).code).toBe("NETWORK");
    const error = new Error("something odd\n    at secret (/app/src/x.ts:1:1)");
    const { sentence } = describeError(error);
    expect(sentence).toBe("Something odd.");
    expect(sentence).not.toMatch(/\bat\b.*:\d+/);
  });
});
