// Standard wallets through the `mutua` command as people use it: a devnet in one process, a member joining at
// its desk, the issuer offering the credential with `issuer offer-credential`, a third party asking with
// `mutua verify-cover` and on the devnet's verifier page, and `issuer revoke` run beside the serving devnet.
// The wallet on the other side is test/standard-wallet.ts: independent libraries, no Mutua code.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, mutuaBin, mutuaRunner, startDevnetProcess, startMutuaService, stopProcess } from "./devnet-process.ts";
import { PID_VCT, startPidIssuer } from "./pid-issuer.ts";
import { answerPresentationRequest, type HolderKey, holderKey, receiveOffer } from "./standard-wallet.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-standard-"));
const config = join(dir, ".mutua", "config.json");
const env = { ...process.env, MUTUA_SECRET: "standard wallets test secret" };
const mutua = mutuaRunner({ cwd: dir, env, prefix: ["--config", config] });
let devnet: ChildProcess;

beforeAll(async () => {
  devnet = await startDevnetProcess({ config, cwd: dir, env });
});
afterAll(async () => {
  await stopProcess(devnet);
  rmSync(dir, { recursive: true, force: true });
});

/** `mutua verify-cover …` as a person runs it: the request link read from its output, its verdict at the end. */
function verifyCover(args: string[]) {
  const child = spawn(process.execPath, [mutuaBin, "--config", config, "verify-cover", "--wait", "120", ...args], { env, cwd: dir });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const link = (async () => {
    for (let i = 0; i < 2_400; i++) {
      const uri = /openid4vp:\/\/\S+/.exec(out)?.[0];
      if (uri) return uri;
      if (child.exitCode !== null) throw new Error(`verify-cover exited: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no request link: ${out}`);
  })();
  const verdict = new Promise<{ code: number | null; out: string }>((resolve) => child.on("exit", (code) => resolve({ code, out })));
  return { link, verdict };
}

describe("standard wallets with the mutua command", () => {
  let memberDid = "";
  let credentialId = "";
  let held: { credential: string; key: HolderKey }[] = [];

  it("a member who joins at the desk gets an offer for a standard wallet too; the issuer can make another", async () => {
    const joined = await mutua("member", "join", "--name", "alice", "--account", "1", "--pay", "300");
    memberDid = joined.memberDid as string;
    credentialId = joined.credentialId as string;
    const fromDesk = joined.credentialOffer as { uri: string; txCode: string };
    expect(fromDesk.uri).toMatch(/^openid-credential-offer:\/\//);
    const keys = [await holderKey(), await holderKey()];
    const received = await receiveOffer(fromDesk.uri, fromDesk.txCode, keys);
    expect(received.credentials).toHaveLength(2);
    const offered = await mutua("issuer", "offer-credential", "--member", memberDid);
    expect(offered.credentialId).toBe(credentialId);
    const more = [await holderKey()];
    const again = await receiveOffer(offered.uri as string, offered.txCode as string, more);
    held = [...received.credentials, ...again.credentials].map((credential, i) => ({
      credential,
      key: [...keys, ...more][i] as HolderKey,
    }));
    // An offer for someone who is not a member is refused before anything is made.
    await expect(mutua("issuer", "offer-credential", "--member", "did:key:z6MkNobody")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("`mutua verify-cover` asks, the wallet answers with one of its one-time credentials, the command says covered", async () => {
    const until = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const contract = (JSON.parse(readFileSync(config, "utf8")) as { deployment: { mutual: string } }).deployment.mutual;
    const asking = verifyCover(["--policy-type", "boats", "--until", until, "--mutual", contract, "--chain-id", "31337"]);
    const [first] = held;
    const answer = await answerPresentationRequest(await asking.link, first?.credential as string, first?.key as HolderKey);
    expect(answer.response.status).toBe(200);
    const verdict = await asking.verdict;
    expect(verdict.out).toMatch(/covered by .* for boats until \d{4}-\d{2}-\d{2}/);
    expect(verdict.code).toBe(0);
  });

  it("the devnet's verifier page takes a request and shows the answer", async () => {
    const { credentialIssuer } = JSON.parse(readFileSync(config, "utf8")) as { credentialIssuer: string };
    const origin = new URL(credentialIssuer).origin;
    expect(await (await fetch(`${origin}/verify`)).text()).toContain("Check a member's cover");
    const asked = (await (
      await fetch(`${origin}/verify/requests`, { method: "POST", body: JSON.stringify({ policyType: "boats" }) })
    ).json()) as {
      uri: string;
      state: string;
    };
    const second = held[1];
    await answerPresentationRequest(asked.uri, second?.credential as string, second?.key as HolderKey);
    expect(await (await fetch(`${origin}/verify/result?state=${asked.state}`)).json()).toMatchObject({ status: "verified" });
  });

  it("after `mutua issuer revoke` (its own process, beside the serving devnet), verify-cover says not covered", async () => {
    await mutua("issuer", "revoke", "--credential", credentialId);
    const asking = verifyCover([]);
    const third = held[2];
    const answer = await answerPresentationRequest(await asking.link, third?.credential as string, third?.key as HolderKey);
    expect(answer.response.status).toBe(400);
    const verdict = await asking.verdict;
    expect(verdict.out).toMatch(/not shown: .*revoked/);
    expect(verdict.code).toBe(1);
    await expect(mutua("issuer", "offer-credential", "--member", memberDid)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("a desk that asks for a credential first, from the command line", () => {
  it("`issuer desk --require-proof` and `member join`: the QR link on stderr, the person's wallet answers, the member joins", async () => {
    const pid = await startPidIssuer();
    const policy = join(dir, "proof-policy.json");
    writeFileSync(
      policy,
      JSON.stringify({
        purpose: "Adults living in Kenya",
        trustedIssuers: [pid.issuer],
        vct: [PID_VCT],
        claims: [
          { path: ["age_over_18"], values: [true] },
          { path: ["address", "country"], values: ["KE"] },
        ],
      }),
    );
    const port = await freePort();
    const desk = await startMutuaService(["--config", config, "issuer", "desk", "--port", String(port), "--require-proof", policy], {
      cwd: dir,
      env,
    });
    try {
      const url = desk.info.url as string;
      expect(await (await fetch(url)).json()).toMatchObject({ proof: { purpose: "Adults living in Kenya" } });
      const key = await holderKey();
      const credential = await pid.issue(key.publicJwk, { age_over_18: true, country: "KE" });
      const child = spawn(
        process.execPath,
        [mutuaBin, "--config", config, "--json", "member", "join", "--name", "bob", "--desk", url, "--account", "2", "--pay", "300"],
        {
          env,
          cwd: dir,
        },
      );
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        err += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      let link: string | undefined;
      for (let i = 0; i < 2_400 && !link && child.exitCode === null; i++) {
        link = /openid4vp:\/\/\S+/.exec(err)?.[0];
        if (!link) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(err).toContain("Adults living in Kenya");
      const answer = await answerPresentationRequest(link as string, credential, key);
      expect(answer.response.status).toBe(200);
      expect(await exited).toBe(0);
      const joined = JSON.parse(out.trim().split("\n").at(-1) as string) as { credentialId: string };
      expect(joined.credentialId).toMatch(/^urn:uuid:/);
    } finally {
      await desk.stop();
      await pid.close();
    }
  });
});
