// Each package's README shows its example exactly as it is in the package's examples/readme.ts, and the example runs
// against the real parts (a chain, IPFS, the circuit) and gives what the README says it gives.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readmeExample as circuitsExample } from "../circuits/examples/readme.ts";
import { readmeExample as contractsExample } from "../contracts/examples/readme.ts";
import { readmeExample as coreExample } from "../packages/core/examples/readme.ts";
import { readmeExample as devnetExample } from "../packages/devnet/examples/readme.ts";
import { readmeExample as evidenceExample } from "../packages/evidence/examples/readme.ts";
import { readmeExample as identityExample } from "../packages/identity/examples/readme.ts";
import { readmeExample as proofsExample } from "../packages/proofs/examples/readme.ts";
import { readmeExample as relayerExample } from "../packages/relayer/examples/readme.ts";
import { runYourOwnMutual } from "../packages/sdk/examples/mutual.ts";
import { buildYourOwnWallet } from "../packages/sdk/examples/wallet.ts";

const root = join(import.meta.dirname, "..");
const PACKAGES = [
  "packages/core",
  "packages/proofs",
  "packages/identity",
  "packages/evidence",
  "packages/relayer",
  "contracts",
  "circuits",
  "packages/devnet",
];

describe("package READMEs", () => {
  it.each(PACKAGES)("%s/README.md shows examples/readme.ts as it is", (directory) => {
    const readme = readFileSync(join(root, directory, "README.md"), "utf8");
    const example = readFileSync(join(root, directory, "examples", "readme.ts"), "utf8");
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it("the SDK's README shows the integrator example (run by readme.e2e.test.ts) and the CLI's the walkthrough", () => {
    const sdk = readFileSync(join(root, "packages", "sdk", "README.md"), "utf8");
    expect(sdk).toContain(`\`\`\`ts\n${readFileSync(join(root, "packages", "sdk", "examples", "integrator.ts"), "utf8")}\`\`\``);
    const cli = readFileSync(join(root, "packages", "cli", "README.md"), "utf8");
    expect(cli).toContain(`\`\`\`sh\n${readFileSync(join(root, "packages", "cli", "examples", "walkthrough.sh"), "utf8")}\`\`\``);
    const pricing = readFileSync(join(root, "packages", "pricing", "README.md"), "utf8");
    expect(pricing).toContain(
      `\`\`\`ts\n${readFileSync(join(root, "packages", "pricing", "examples", "worked-example.ts"), "utf8")}\`\`\``,
    );
  });

  it("core: the commitment, the leaf and the nullifier are field elements, the nullifier stable", () => {
    const first = coreExample();
    expect(first.nullifier).toBe(coreExample().nullifier);
    for (const value of Object.values(first)) expect(value > 0n).toBe(true);
    expect(first.commitment).not.toBe(123_456_789n);
  });

  it("proofs: the proof verifies and its public signals are the tree's root and a nullifier", async () => {
    const { root: treeRoot, publicSignals, verified } = await proofsExample();
    expect(verified).toBe(true);
    expect(publicSignals.root).toBe(treeRoot);
  });

  it("identity: the credential verifies, then is refused once revoked", async () => {
    const { member, held, afterRevocation } = await identityExample();
    expect(member).toMatch(/^did:key:/);
    expect(held).toBe(1);
    expect(afterRevocation).toBe("REVOKED");
  });

  it("evidence: the reader opens it, a stranger's key is refused", async () => {
    const { cid, text, stranger } = await evidenceExample();
    expect(cid).toMatch(/^bafy/);
    expect(text).toBe("the roof, after the storm");
    expect(stranger).toBe("NOT_A_RECIPIENT");
  });

  it("relayer: it sends from its own account, for its mutuals only", async () => {
    const { sender, serves, elsewhere } = await relayerExample();
    expect(sender).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(serves.map((m) => m.toLowerCase())).toEqual(["0x5fbdb2315678afecb367f032d93f642f64180aa3"]);
    expect(elsewhere).toBe("UNKNOWN_MUTUAL");
  });

  it("contracts: a governed mutual deployed, empty, with the default voting rules", async () => {
    const { members, votingRules, timelockDelay, books } = await contractsExample();
    expect(members).toBe(0);
    expect(votingRules).toEqual({ votingPeriod: 3 * 86_400, quorumBps: 2_000 });
    expect(timelockDelay).toBe(2n * 86_400n);
    expect(books.premiums).toBe(0n);
  });

  it("circuits: a Groth16 key for BN254 with the claim's four public inputs", () => {
    expect(circuitsExample()).toMatchObject({ protocol: "groth16", curve: "bn128", publicInputs: 4 });
  });

  it("devnet: the member holds the minted stablecoins; the IPFS node and the status list host listen on loopback", async () => {
    const { chainId, balance, ipfsPeers, statusLists } = await devnetExample();
    expect(chainId).toBe(31337n);
    expect(balance).toBe(100_000_000n);
    expect(ipfsPeers.some((address) => address.startsWith("/ip4/127.0.0.1/tcp/"))).toBe(true);
    expect(statusLists).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/status\/example$/);
  });

  it.each([
    ["run-your-own-mutual.md", "mutual.ts"],
    ["build-your-own-wallet.md", "wallet.ts"],
  ])("docs/guides/%s shows packages/sdk/examples/%s as it is", (guide, example) => {
    const text = readFileSync(join(root, "docs", "guides", guide), "utf8");
    expect(text).toContain(`\`\`\`ts\n${readFileSync(join(root, "packages", "sdk", "examples", example), "utf8")}\`\`\``);
  });

  it("guide, run your own mutual: deployed by URL, the relayer serves it, the keeper has nothing due", async () => {
    const mutual = await runYourOwnMutual();
    try {
      expect(mutual.chain.chainId).toBe(31337n);
      const health = await fetch(`${mutual.relayer.url}/v1/health`).then((response) => response.json() as Promise<{ mutuals: string[] }>);
      expect(health.mutuals.map((m) => m.toLowerCase())).toContain(mutual.admin.deployment.mutual.toLowerCase());
      expect(await mutual.keeper.runOnce()).toEqual({ watched: 0, steps: [] });
    } finally {
      await mutual.close();
    }
  });

  it("guide, build your own wallet: restored from its backup, the claim filed by the relayer, not the payer", async () => {
    const result = await buildYourOwnWallet();
    expect(result.restoredDid).toBe(result.did);
    expect(result.restoredMemberships).toBe(1);
    expect(result.steps).toEqual(["sync-members", "seal-evidence", "prove", "submit"]);
    expect(result.status).toMatchObject({ status: "Filed", amount: 250_000_000n });
    expect(result.sender.toLowerCase()).not.toBe(result.payer.toLowerCase());
  });
});
