import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { claimBinding, claimNullifier, computeNullifier, FieldRangeError, MutuaError, packClaim } from "@mutua/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EligibilityArtifacts, EligibilityProof } from "../src/index.ts";
import {
  ArtifactError,
  CoverageExceededError,
  EligibilityProver,
  LeafNotInTreeError,
  loadEligibilityArtifacts,
  MalformedProofError,
  PolicyExpiredError,
  PolicyNotStartedError,
  proveEligibility,
  TreeTooDeepError,
  toSolidityProof,
  verifyEligibility,
} from "../src/index.ts";
import { artifactPaths, claimFor, NOW, terms, treeWithMember } from "./fixtures.ts";

const SECRET = 987654321n;
let artifacts: EligibilityArtifacts;
let prover: EligibilityProver;
let proof: EligibilityProof;
const tree = treeWithMember(50, 17, SECRET);

beforeAll(async () => {
  artifacts = await loadEligibilityArtifacts(artifactPaths);
  prover = new EligibilityProver(artifacts);
  proof = await prover.prove(claimFor(tree, 17, SECRET));
});
afterAll(async () => {
  await prover.close();
});

describe("proveEligibility / verifyEligibility (real circuit, real Groth16)", () => {
  it("proves a member's claim and the proof verifies", async () => {
    const claim = claimFor(tree, 17, SECRET);
    expect(proof.publicSignals.root).toBe(tree.root);
    expect(proof.publicSignals.nullifier).toBe(claimNullifier(SECRET, claim.scope));
    expect(proof.publicSignals.nullifier).toBe(computeNullifier(SECRET, BigInt(claim.scope) >> 162n));
    expect(proof.publicSignals.claim).toBe(packClaim(1_000_000n, NOW, claim.scope));
    expect(proof.publicSignals.binding).toBe(claimBinding(claim.scope, claim.evidenceHash, claim.recipient));
    expect(await verifyEligibility(proof, artifacts.verificationKey)).toBe(true);
  });

  it("the one-shot function gives a proof that verifies", async () => {
    const single = await proveEligibility(claimFor(tree, 17, SECRET, { claimAmount: 42n }), artifacts);
    expect(await verifyEligibility(single, artifacts.verificationKey)).toBe(true);
  });

  it("a proof with any public signal changed does not verify", async () => {
    for (const name of Object.keys(proof.publicSignals) as (keyof EligibilityProof["publicSignals"])[]) {
      const tampered = { ...proof, publicSignals: { ...proof.publicSignals, [name]: proof.publicSignals[name] + 1n } };
      expect(await verifyEligibility(tampered, artifacts.verificationKey), name).toBe(false);
    }
  });

  it("rejects something that is not a proof with MalformedProofError", async () => {
    await expect(verifyEligibility({} as EligibilityProof, artifacts.verificationKey)).rejects.toThrow(MalformedProofError);
    const outside = { ...proof, publicSignals: { ...proof.publicSignals, binding: 1n << 254n } };
    await expect(verifyEligibility(outside, artifacts.verificationKey)).rejects.toThrow(MalformedProofError);
  });

  it("formats Solidity calldata with G2 coordinates swapped and signals in circuit order", () => {
    const calldata = toSolidityProof(proof);
    expect(calldata.pB[0]).toEqual([BigInt(proof.proof.pi_b[0]?.[1] as string), BigInt(proof.proof.pi_b[0]?.[0] as string)]);
    expect(calldata.pubSignals).toEqual([
      proof.publicSignals.root,
      proof.publicSignals.nullifier,
      proof.publicSignals.claim,
      proof.publicSignals.binding,
    ]);
  });
});

describe("inputs are checked before proving, with typed errors", () => {
  const expectCode = async (promise: Promise<unknown>, type: new (...args: never[]) => MutuaError, code: string) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    expect((error as MutuaError).code).toBe(code);
  };

  it("leaf not in tree: a secret that is not the member's", async () => {
    await expectCode(prover.prove(claimFor(tree, 17, SECRET + 1n)), LeafNotInTreeError, "LEAF_NOT_IN_TREE");
  });

  it("leaf not in tree: a forged path", async () => {
    const claim = claimFor(tree, 17, SECRET);
    claim.merkleProof = { ...claim.merkleProof, siblings: [5n, ...claim.merkleProof.siblings.slice(1)] };
    await expectCode(prover.prove(claim), LeafNotInTreeError, "LEAF_NOT_IN_TREE");
  });

  it("amount over coverage", async () => {
    await expectCode(prover.prove(claimFor(tree, 17, SECRET, { claimAmount: 5_000_001n })), CoverageExceededError, "COVERAGE_EXCEEDED");
  });

  it("policy expired, policy not started", async () => {
    await expectCode(
      prover.prove(claimFor(tree, 17, SECRET, { occurredAt: BigInt(terms.policyExpiry) + 1n })),
      PolicyExpiredError,
      "POLICY_EXPIRED",
    );
    await expectCode(prover.prove(claimFor(tree, 17, SECRET, { occurredAt: NOW - 86_401n })), PolicyNotStartedError, "POLICY_NOT_STARTED");
  });

  it("values outside the field or their range", async () => {
    await expectCode(prover.prove(claimFor(tree, 17, SECRET, { claimAmount: 1n << 128n })), FieldRangeError, "FIELD_RANGE");
    await expectCode(prover.prove(claimFor(tree, 17, SECRET, { evidenceHash: 1n << 254n })), FieldRangeError, "FIELD_RANGE");
    await expectCode(prover.prove(claimFor(tree, 17, SECRET, { occurredAt: -1n })), FieldRangeError, "FIELD_RANGE");
    await expectCode(prover.prove(claimFor(tree, 17, SECRET, { recipient: "0xdead" })), MutuaError, "INVALID_ARGUMENT");
  });

  it("a tree deeper than the circuit", async () => {
    const narrow = new EligibilityProver({ ...artifacts, maxDepth: 4 });
    try {
      await expectCode(narrow.prove(claimFor(tree, 17, SECRET)), TreeTooDeepError, "TREE_TOO_DEEP");
    } finally {
      await narrow.close();
    }
  });

  it("a closed prover refuses to prove", async () => {
    const closed = new EligibilityProver(artifacts);
    await closed.close();
    await expectCode(closed.prove(claimFor(tree, 17, SECRET)), MutuaError, "PROVER_CLOSED");
  });
});

describe("artifact loading", () => {
  it("loads from file: URLs", async () => {
    const fromUrls = await loadEligibilityArtifacts({
      maxDepth: 20,
      wasm: pathToFileURL(artifactPaths.wasm),
      zkey: pathToFileURL(artifactPaths.zkey),
      verificationKey: pathToFileURL(artifactPaths.verificationKey),
    });
    expect(fromUrls.zkey).toEqual(artifacts.zkey);
  });

  it("loads from http: URLs served on loopback", async () => {
    const files: Record<string, string> = {
      "/e.wasm": artifactPaths.wasm,
      "/e.zkey": artifactPaths.zkey,
      "/vk.json": artifactPaths.verificationKey,
    };
    const server = createServer(async (req, res) => {
      const file = files[req.url ?? ""];
      if (!file) return void res.writeHead(404).end();
      res.end(await readFile(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const fromHttp = await loadEligibilityArtifacts({
        maxDepth: 20,
        wasm: `${base}/e.wasm`,
        zkey: `${base}/e.zkey`,
        verificationKey: `${base}/vk.json`,
      });
      expect(fromHttp.wasm).toEqual(artifacts.wasm);
      await expect(
        loadEligibilityArtifacts({ maxDepth: 20, wasm: `${base}/missing`, zkey: `${base}/e.zkey`, verificationKey: `${base}/vk.json` }),
      ).rejects.toThrow(ArtifactError);
    } finally {
      server.close();
    }
  });

  it("a missing file or a non-key JSON is an ArtifactError", async () => {
    await expect(loadEligibilityArtifacts({ ...artifactPaths, zkey: "/nonexistent.zkey" })).rejects.toThrow(ArtifactError);
    await expect(loadEligibilityArtifacts({ ...artifactPaths, verificationKey: artifactPaths.wasm })).rejects.toThrow(ArtifactError);
  });
});
