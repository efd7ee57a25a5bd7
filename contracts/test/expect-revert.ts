import { expect } from "vitest";
import { ContractRevertError } from "../src-ts/index.ts";

/** Awaits `promise` and checks it reverted with the custom error `errorName`. */
export async function expectRevert(promise: Promise<unknown>, errorName: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${errorName}, got ${String(error)}`).toBeInstanceOf(ContractRevertError);
  expect((error as ContractRevertError).errorName, String(error)).toBe(errorName);
}
