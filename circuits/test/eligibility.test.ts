// The circuit tested against an independent Poseidon (circomlibjs), not against @mutua/proofs:
// these tests pin the circuit to the protocol, the prover's tests pin the prover to the circuit.
import { readFileSync } from "node:fs";
import { LeanIMT } from "@zk-kit/lean-imt";
import { buildPoseidon } from "circomlibjs";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eligibilityArtifactPaths } from "../index.ts";
import { loadWitnessCalculator } from "./witness.ts";

const MAX_DEPTH = 20;
const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const paths = eligibilityArtifactPaths(MAX_DEPTH);

let hash: (inputs: bigint[]) => bigint;
let calculator: Awaited<ReturnType<typeof loadWitnessCalculator>>;
let tree: LeanIMT<bigint>;

// Rating class 3, region 7, parametric products 2 and 5: cover = 3 + 7 * 2^32 + (2^2 + 2^5) * 2^64.
const RATING_CLASS = 3n;
/** A nullifier scope (86 bits, as @mutua/core's nullifierScope gives). */
const SCOPE = 0x2a5b7c9d1e3f40516273n;
const REGION = 7n;
const COVER = RATING_CLASS + REGION * 2n ** 32n + (2n ** 2n + 2n ** 5n) * 2n ** 64n;
const member = {
  secret: 123456789n,
  policyId: 7n,
  coverageLimit: 5_000n,
  policyStart: 1_700_000_000n,
  policyExpiry: 1_800_000_000n,
  cover: COVER,
};
const leafOf = (m: typeof member) => hash([hash([m.secret]), m.policyId, m.coverageLimit, m.policyStart, m.policyExpiry, m.cover]);

/**
 * A witness input. The public `claim` is packed here, independently of @mutua/core: time + amount * 2^40 +
 * disclosed * 2^128 + product * 2^160 + parametric * 2^166 + scope * 2^167, where an indemnity claim discloses the
 * rating class and a parametric one the region, and `scope` is the 86-bit nullifier scope. Pass `claim` to set the
 * packed value directly.
 */
function validInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const proof = tree.generateProof(tree.indexOf(leafOf(member)));
  const {
    claimAmount = 1_000n,
    occurredAt = 1_750_000_000n,
    disclosed = RATING_CLASS,
    product = 0n,
    parametric = 0n,
    scope = SCOPE,
    ...rest
  } = overrides as { claimAmount?: bigint; occurredAt?: bigint; disclosed?: bigint; product?: bigint; parametric?: bigint; scope?: bigint };
  return {
    secret: member.secret,
    policyId: member.policyId,
    coverageLimit: member.coverageLimit,
    policyStart: member.policyStart,
    policyExpiry: member.policyExpiry,
    cover: member.cover,
    treeDepth: proof.siblings.length,
    leafIndex: proof.index,
    siblings: Array.from({ length: MAX_DEPTH }, (_, i) => proof.siblings[i] ?? 0n),
    claim:
      occurredAt + claimAmount * 2n ** 40n + disclosed * 2n ** 128n + product * 2n ** 160n + parametric * 2n ** 166n + scope * 2n ** 167n,
    binding: 0xabcdefn,
    ...rest,
  };
}

/** Witness layout: [1, root, nullifier, claim, binding, ...private]. */
async function outputs(input: Record<string, unknown>) {
  const w = await calculator.calculateWitness(input, true);
  return { root: w[1], nullifier: w[2] };
}

beforeAll(async () => {
  const poseidon = await buildPoseidon();
  hash = (inputs) => poseidon.F.toObject(poseidon(inputs)) as bigint;
  calculator = await loadWitnessCalculator(MAX_DEPTH);
  const others = Array.from({ length: 10 }, (_, i) => leafOf({ ...member, secret: 1000n + BigInt(i) }));
  tree = new LeanIMT((a, b) => hash([a, b]), [...others.slice(0, 6), leafOf(member), ...others.slice(6)]);
});

describe("eligibility circuit: valid witness", () => {
  it("outputs the tree root and Poseidon(secret, scope) as nullifier, the scope taken from the packed claim", async () => {
    const out = await outputs(validInput());
    expect(out.root).toBe(tree.root);
    expect(out.nullifier).toBe(hash([member.secret, SCOPE]));
    // The widest nullifier scope (86 bits) with the widest other parts: 253 bits, still one claim.
    const widest = await outputs(validInput({ scope: 2n ** 86n - 1n }));
    expect(widest.nullifier).toBe(hash([member.secret, 2n ** 86n - 1n]));
  });

  it("accepts the boundaries: amount = coverage, loss at start, loss at expiry", async () => {
    await expect(outputs(validInput({ claimAmount: member.coverageLimit }))).resolves.toBeDefined();
    await expect(outputs(validInput({ occurredAt: member.policyStart }))).resolves.toBeDefined();
    await expect(outputs(validInput({ occurredAt: member.policyExpiry }))).resolves.toBeDefined();
  });

  it("proves a one-member tree (depth 0, root = leaf)", async () => {
    const single = new LeanIMT<bigint>((a, b) => hash([a, b]), [leafOf(member)]);
    const out = await outputs(validInput({ treeDepth: 0, leafIndex: 0, siblings: Array(MAX_DEPTH).fill(0n) }));
    expect(out.root).toBe(single.root);
  });
});

describe("eligibility circuit: membership", () => {
  it("a wrong sibling gives a root that is not the tree's", async () => {
    const input = validInput();
    (input.siblings as bigint[])[0] = 99n;
    expect((await outputs(input)).root).not.toBe(tree.root);
  });

  it("a wrong leaf index gives a root that is not the tree's", async () => {
    const input = validInput();
    expect((await outputs({ ...input, leafIndex: (input.leafIndex as number) ^ 1 })).root).not.toBe(tree.root);
  });

  it("a secret that is not a member's gives a root that is not the tree's", async () => {
    expect((await outputs(validInput({ secret: member.secret + 1n }))).root).not.toBe(tree.root);
  });

  it("other policy terms than the leaf's give a root that is not the tree's", async () => {
    expect((await outputs(validInput({ coverageLimit: member.coverageLimit * 10n }))).root).not.toBe(tree.root);
  });

  it("rejects a leaf index outside MAX_DEPTH bits (path bits must be boolean)", async () => {
    await expect(outputs(validInput({ leafIndex: 1n << BigInt(MAX_DEPTH) }))).rejects.toThrow();
    await expect(outputs(validInput({ leafIndex: P - 1n }))).rejects.toThrow();
  });

  it("rejects a tree depth above MAX_DEPTH", async () => {
    await expect(outputs(validInput({ treeDepth: MAX_DEPTH + 1 }))).rejects.toThrow();
  });
});

describe("eligibility circuit: policy rules", () => {
  it("rejects an amount over coverage", async () => {
    await expect(outputs(validInput({ claimAmount: member.coverageLimit + 1n }))).rejects.toThrow();
  });

  it("rejects an expired policy", async () => {
    await expect(outputs(validInput({ occurredAt: member.policyExpiry + 1n }))).rejects.toThrow();
  });

  it("rejects a policy that has not started", async () => {
    await expect(outputs(validInput({ occurredAt: member.policyStart - 1n }))).rejects.toThrow();
  });

  it("rejects field wrap-around: a packed claim of p - 1 (a 'negative' amount) does not unpack", async () => {
    await expect(outputs(validInput({ claim: P - 1n }))).rejects.toThrow();
  });

  it("rejects amounts, times and scopes wider than their range checks", async () => {
    await expect(outputs(validInput({ claimAmount: 1n << 96n, coverageLimit: (1n << 96n) + 1n }))).rejects.toThrow();
    // A time of 2^40 carries into the amount: the same packed value as amount + 1 at time 0, which the
    // policy period rejects; the circuit never sees a 41-bit time.
    await expect(outputs(validInput({ occurredAt: 1n << 40n }))).rejects.toThrow();
    await expect(outputs(validInput({ policyExpiry: P - 1n }))).rejects.toThrow();
    // A scope of 2^86 makes the claim 254 bits wide: no 253-bit decomposition exists.
    await expect(outputs(validInput({ scope: 1n << 86n }))).rejects.toThrow();
  });
});

describe("eligibility circuit: what a claim discloses", () => {
  it("an indemnity claim discloses the member's rating class, and no other", async () => {
    await expect(outputs(validInput({ disclosed: RATING_CLASS }))).resolves.toBeDefined();
    await expect(outputs(validInput({ disclosed: RATING_CLASS + 1n }))).rejects.toThrow();
    await expect(outputs(validInput({ disclosed: 0n }))).rejects.toThrow();
    // The region is not the class: an indemnity claim cannot be passed off as disclosing it.
    await expect(outputs(validInput({ disclosed: REGION }))).rejects.toThrow();
  });

  it("a parametric claim discloses the region and proves the product is in the policy", async () => {
    await expect(outputs(validInput({ parametric: 1n, disclosed: REGION, product: 2n }))).resolves.toBeDefined();
    await expect(outputs(validInput({ parametric: 1n, disclosed: REGION, product: 5n }))).resolves.toBeDefined();
  });

  it("refuses a parametric claim for a product the policy does not hold, or for another region", async () => {
    for (const product of [0n, 1n, 3n, 63n]) {
      await expect(outputs(validInput({ parametric: 1n, disclosed: REGION, product }))).rejects.toThrow();
    }
    await expect(outputs(validInput({ parametric: 1n, disclosed: REGION + 1n, product: 2n }))).rejects.toThrow();
    await expect(outputs(validInput({ parametric: 1n, disclosed: RATING_CLASS, product: 2n }))).rejects.toThrow();
  });

  it("refuses a cover field wider than 128 bits (one packing, one meaning)", async () => {
    await expect(outputs(validInput({ cover: COVER + 2n ** 128n }))).rejects.toThrow();
  });
});

describe("eligibility circuit: Groth16 proof binds every public signal", () => {
  let proof: snarkjs.Groth16Proof;
  let publicSignals: string[];
  const vkey = JSON.parse(readFileSync(paths.verificationKey, "utf8"));

  beforeAll(async () => {
    ({ proof, publicSignals } = await snarkjs.groth16.fullProve(validInput() as snarkjs.CircuitSignals, paths.wasm, paths.zkey));
  });
  afterAll(async () => {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it("verifies the untampered proof", async () => {
    expect(publicSignals).toHaveLength(4);
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);
  });

  const names = ["root", "nullifier", "claim", "binding"];
  for (const [i, name] of names.entries()) {
    it(`rejects the proof when ${name} is changed`, async () => {
      const tampered = [...publicSignals];
      tampered[i] = (BigInt(tampered[i] as string) + 1n).toString();
      expect(await snarkjs.groth16.verify(vkey, tampered, proof)).toBe(false);
    });
  }
});
