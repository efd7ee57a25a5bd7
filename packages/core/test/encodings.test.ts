import { buildPoseidon } from "circomlibjs";
import { AbiCoder, getAddress, keccak256 } from "ethers";
import { CID } from "multiformats/cid";
import { describe, expect, it } from "vitest";
import {
  addressToField,
  checkPolicyTerms,
  cidToField,
  claimBinding,
  claimNullifier,
  computeNullifier,
  deriveScope,
  ELIGIBILITY_PUBLIC_SIGNALS,
  FieldRangeError,
  InvalidArgumentError,
  identityCommitment,
  type MutuaError,
  memberLeaf,
  nullifierScope,
  packClaim,
  packCoverTerms,
  parseAddress,
  SNARK_SCALAR_FIELD,
  toBits,
  toField,
  UnsupportedCidError,
  unpackCoverTerms,
} from "../src/index.ts";

const CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const V0 = "QmPZ9gcCEpqKTo6aq61g2nXGUhM4iCL3ewB6LDXZCtioEB";

describe("deriveScope", () => {
  it("equals keccak256(abi.encode(chainId, contract, incidentId)) >> 8, as Solidity computes it", () => {
    const encoded = AbiCoder.defaultAbiCoder().encode(["uint256", "address", "uint256"], [31337n, CONTRACT, 12n]);
    expect(deriveScope({ chainId: 31337, contract: CONTRACT, incidentId: 12n })).toBe(BigInt(keccak256(encoded)) >> 8n);
  });

  it("differs across chains, contracts and incidents", () => {
    const base = deriveScope({ chainId: 1, contract: CONTRACT, incidentId: 1 });
    expect(deriveScope({ chainId: 2, contract: CONTRACT, incidentId: 1 })).not.toBe(base);
    expect(deriveScope({ chainId: 1, contract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", incidentId: 1 })).not.toBe(base);
    expect(deriveScope({ chainId: 1, contract: CONTRACT, incidentId: 2 })).not.toBe(base);
    expect(base < SNARK_SCALAR_FIELD).toBe(true);
  });

  it("rejects a malformed contract address or a negative incident", () => {
    expect(() => deriveScope({ chainId: 1, contract: "0x1234", incidentId: 1 })).toThrow(InvalidArgumentError);
    expect(() => deriveScope({ chainId: 1, contract: CONTRACT, incidentId: -1n })).toThrow(FieldRangeError);
  });
});

describe("cidToField", () => {
  const v1 = CID.parse(V0).toV1();

  it("is keccak256 of the binary CIDv1, shifted into the field", () => {
    expect(cidToField(v1.toString())).toBe(BigInt(keccak256(v1.bytes)) >> 8n);
    expect(cidToField(v1)).toBe(cidToField(v1.toString()));
  });

  it("rejects CIDv0 (two spellings of one content would give two hashes) and non-CIDs", () => {
    expect(() => cidToField(V0)).toThrow(UnsupportedCidError);
    expect(() => cidToField("not-a-cid")).toThrow(UnsupportedCidError);
    try {
      cidToField(V0);
    } catch (error) {
      expect((error as MutuaError).code).toBe("UNSUPPORTED_CID");
    }
  });
});

describe("addresses", () => {
  it("parses any case and returns lower case; recipient is the uint160", () => {
    expect(parseAddress(CONTRACT)).toBe(CONTRACT.toLowerCase());
    expect(parseAddress(CONTRACT.toLowerCase())).toBe(CONTRACT.toLowerCase());
    expect(addressToField(CONTRACT)).toBe(BigInt(CONTRACT));
  });

  it("rejects a broken EIP-55 checksum (a mistyped payout address)", () => {
    const typo = `0x5fBDB2315678afecb367f032d93F642f64180aa3`;
    expect(getAddress(CONTRACT)).toBe(CONTRACT);
    expect(() => parseAddress(typo)).toThrow(/checksum/);
  });
});

describe("field values", () => {
  it("accepts canonical values and rejects the field order and negatives", () => {
    expect(toField("0x10", "x")).toBe(16n);
    expect(() => toField(SNARK_SCALAR_FIELD, "x")).toThrow(FieldRangeError);
    expect(() => toField(-1n, "x")).toThrow(FieldRangeError);
    expect(() => toField(1.5, "x")).toThrow(InvalidArgumentError);
    expect(() => toField("12abc", "x")).toThrow(InvalidArgumentError);
  });

  it("enforces bit widths", () => {
    expect(toBits((1n << 64n) - 1n, 64, "t")).toBe((1n << 64n) - 1n);
    expect(() => toBits(1n << 64n, 64, "t")).toThrow(FieldRangeError);
  });
});

describe("member leaf layout", () => {
  const terms = { policyId: 3n, coverageLimit: 10_000n, policyStart: 100n, policyExpiry: 200n };

  it("matches circomlibjs Poseidon over MEMBER_LEAF_LAYOUT", async () => {
    const poseidon = await buildPoseidon();
    const h = (xs: bigint[]) => poseidon.F.toObject(poseidon(xs));
    const commitment = identityCommitment(77n);
    expect(commitment).toBe(h([77n]));
    expect(memberLeaf(commitment, terms)).toBe(h([commitment, 3n, 10_000n, 100n, 200n, 0n]));
    const cover = 9n + (4n << 32n) + ((1n << 0n) | (1n << 63n)) * 2n ** 64n;
    expect(memberLeaf(commitment, { ...terms, ratingClass: 9, region: 4, parametricProducts: [63, 0] })).toBe(
      h([commitment, 3n, 10_000n, 100n, 200n, cover]),
    );
    // Checked terms passed on as terms keep their cover: the same leaf.
    const withCover = { ...terms, ratingClass: 9, region: 4, parametricProducts: [63, 0] };
    expect(memberLeaf(commitment, checkPolicyTerms(withCover))).toBe(memberLeaf(commitment, withCover));
    expect(computeNullifier(77n, 5n)).toBe(h([77n, 5n]));
  });

  it("rejects terms the circuit cannot range-check, and inverted periods", () => {
    expect(() => memberLeaf(1n, { ...terms, coverageLimit: 1n << 96n })).toThrow(FieldRangeError);
    expect(() => memberLeaf(1n, { ...terms, ratingClass: 2 ** 32 })).toThrow(FieldRangeError);
    expect(() => memberLeaf(1n, { ...terms, region: 1, parametricProducts: [64] })).toThrow(InvalidArgumentError);
    // Parametric products are sold in a region: a policy holding one names the member's region.
    expect(() => memberLeaf(1n, { ...terms, parametricProducts: [1] })).toThrow(InvalidArgumentError);
    expect(() => memberLeaf(1n, { ...terms, policyExpiry: 1n << 64n })).toThrow(FieldRangeError);
    expect(() => memberLeaf(1n, { ...terms, policyStart: 300n })).toThrow(InvalidArgumentError);
  });

  it("names the public signals in circuit order", () => {
    expect(ELIGIBILITY_PUBLIC_SIGNALS).toEqual(["root", "nullifier", "claim", "binding"]);
  });

  it("packs amount, loss time, disclosure and the nullifier scope into one signal, and binds scope, evidence and recipient in one hash (as the contracts do)", () => {
    const scope = deriveScope({ chainId: 31337, contract: CONTRACT, incidentId: 12n });
    const top = scope >> 162n; // the nullifier scope: the scope's top 86 bits
    expect(nullifierScope(scope)).toBe(top);
    expect(top < 2n ** 86n).toBe(true);
    expect(packClaim(5n, 7n, scope)).toBe(5n * 2n ** 40n + 7n + top * 2n ** 167n);
    expect(packClaim(5n, 7n, scope, { kind: "indemnity", ratingClass: 11 })).toBe(
      5n * 2n ** 40n + 7n + 11n * 2n ** 128n + top * 2n ** 167n,
    );
    expect(packClaim(5n, 7n, scope, { kind: "parametric", region: 4, product: 63 })).toBe(
      5n * 2n ** 40n + 7n + 4n * 2n ** 128n + 63n * 2n ** 160n + 2n ** 166n + top * 2n ** 167n,
    );
    // 253 bits at most: below the field, so the circuit's decomposition of it is unique.
    const widest = packClaim(2n ** 88n - 1n, 2n ** 40n - 1n, 2n ** 248n - 1n, { kind: "parametric", region: 2 ** 32 - 1, product: 63 });
    expect(widest).toBe(2n ** 253n - 1n);
    expect(claimNullifier(3n, scope)).toBe(computeNullifier(3n, top));
    expect(unpackCoverTerms(packCoverTerms({ ratingClass: 9, region: 4, parametricProducts: [63, 0, 0] }))).toEqual({
      ratingClass: 9,
      region: 4,
      parametricProducts: [0, 63],
    });
    expect(() => packClaim(1n << 88n, 0n, scope)).toThrow(FieldRangeError);
    expect(() => packClaim(1n, 1n << 40n, scope)).toThrow(FieldRangeError);
    // keccak256(abi.encode(uint256 scope, uint256 1, address 0x…01)) >> 8, computed with ethers' ABI coder and keccak.
    const recipient = `0x${"0".repeat(39)}1`;
    const expected = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256", "address"], [scope, 1n, recipient]))) >> 8n;
    expect(claimBinding(scope, 1n, recipient)).toBe(expected);
  });
});
