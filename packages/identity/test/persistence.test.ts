// Agents on file storage survive a restart; wallets back up and restore; wrong secrets are refused.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentityAgent, MembershipIssuer, MembershipVerifier, MemberWallet } from "../src/index.ts";
import { policyTerms, startHttpServer } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "mutua-identity-"));
const issuerStorage = { kind: "file", path: join(dir, "issuer", "agent.json"), secret: "issuer storage secret" } as const;
const walletStorage = { kind: "file", path: join(dir, "wallet", "agent.json"), secret: "wallet storage secret" } as const;
const vault = { kind: "file", path: join(dir, "wallet", "vault.json"), secret: "wallet storage secret" } as const;
const issuerLog = { kind: "file", path: join(dir, "issuer", "issued.jsonl") } as const;
const audience = { challenge: "restart-challenge", domain: "verifier.example" };

let server: Awaited<ReturnType<typeof startHttpServer>>;
let statusListJwt = "";
beforeAll(async () => {
  server = await startHttpServer();
  server.route("/status/1", async () => ({ type: "application/vc+jwt", body: statusListJwt }));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("restart from disk", () => {
  it("issue, stop both agents, start them from disk, then verify, present and revoke", async () => {
    let issuerDid: string;
    let credentialId: string;
    let issuerPrivateKey: string;
    {
      const handle = await createIdentityAgent({ storage: issuerStorage });
      issuerDid = (await handle.agent.didManagerCreate({ alias: "mutual" })).did;
      issuerPrivateKey = (await handle.exportIdentifier(issuerDid)).keys[0]?.privateKeyHex as string;
      const issuer = await MembershipIssuer.open(handle.agent, { issuerDid, statusListUrl: `${server.origin}/status/1`, log: issuerLog });
      statusListJwt = await issuer.statusListCredential();
      const walletHandle = await createIdentityAgent({ storage: walletStorage });
      const wallet = await MemberWallet.open(walletHandle, vault);
      const issued = await issuer.issue({ ...(await wallet.requestMembership()), terms: policyTerms() });
      credentialId = (await wallet.accept(issued.jwt)).credentialId;
      await Promise.all([handle.flush(), walletHandle.flush()]);
    }
    // Private keys are encrypted at rest: no plaintext key material in the file.
    const onDisk = readFileSync(issuerStorage.path, "utf8");
    expect(issuerPrivateKey).toMatch(/^[0-9a-f]{64,128}$/);
    expect(onDisk).not.toContain(issuerPrivateKey.slice(0, 64));
    expect(Object.keys(JSON.parse(onDisk).state.privateKeys)).toHaveLength(1);

    const issuerHandle = await createIdentityAgent({ storage: issuerStorage });
    const issuer = await MembershipIssuer.open(issuerHandle.agent, {
      issuerDid,
      statusListUrl: `${server.origin}/status/1`,
      log: issuerLog,
    });
    expect(issuer.issuedCredentials().map((c) => c.id)).toEqual([credentialId]);
    const wallet = await MemberWallet.open(await createIdentityAgent({ storage: walletStorage }), vault);
    expect(wallet.memberships()[0]?.credentialId).toBe(credentialId);

    const verifier = new MembershipVerifier((await createIdentityAgent()).agent, { trustedIssuers: [issuerDid] });
    const presentation = await wallet.present(credentialId, audience);
    await expect(verifier.verifyPresentation(presentation, audience)).resolves.toMatchObject({ holder: await wallet.did() });

    statusListJwt = (await issuer.revoke(credentialId)).statusListCredential;
    await expect(verifier.verifyPresentation(presentation, audience)).rejects.toMatchObject({ code: "REVOKED" });
    // The revocation itself survives a restart.
    await issuerHandle.flush();
    const reopened = await MembershipIssuer.open((await createIdentityAgent({ storage: issuerStorage })).agent, {
      issuerDid,
      statusListUrl: `${server.origin}/status/1`,
      log: issuerLog,
    });
    expect(reopened.isRevoked(credentialId)).toBe(true);
  });

  it("refuses to open storage with the wrong secret, or a corrupt file", async () => {
    await expect(createIdentityAgent({ storage: { ...issuerStorage, secret: "not the secret" } })).rejects.toMatchObject({
      code: "AGENT_STORAGE",
    });
    const corrupt = join(dir, "corrupt.json");
    writeFileSync(corrupt, "{ half a file");
    await expect(createIdentityAgent({ storage: { kind: "file", path: corrupt, secret: "whatever1" } })).rejects.toMatchObject({
      code: "AGENT_STORAGE",
    });
  });
});

describe("wallet backup", () => {
  it("restores DID, credential and identity secret into a new device, and the restored wallet presents", async () => {
    const issuerAgent = (await createIdentityAgent()).agent;
    const issuerDid = (await issuerAgent.didManagerCreate()).did;
    const issuer = await MembershipIssuer.open(issuerAgent, { issuerDid, statusListUrl: `${server.origin}/status/2` });
    server.route("/status/2", async () => ({ type: "application/vc+jwt", body: await issuer.statusListCredential() }));
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const held = await wallet.accept((await issuer.issue({ ...(await wallet.requestMembership()), terms: policyTerms() })).jwt);

    const backup = await wallet.exportBackup("correct horse battery staple");
    expect(backup).not.toContain(held.identitySecret.toString());

    const newDevice = join(dir, "restored");
    const restored = await MemberWallet.restore(
      await createIdentityAgent({ storage: { kind: "file", path: join(newDevice, "agent.json"), secret: "new device secret" } }),
      backup,
      "correct horse battery staple",
      { kind: "file", path: join(newDevice, "vault.json"), secret: "new device secret" },
    );
    expect(existsSync(join(newDevice, "vault.json"))).toBe(true);
    expect(await restored.did()).toBe(await wallet.did());
    expect(restored.memberships()[0]?.identitySecret).toBe(held.identitySecret);

    const verifier = new MembershipVerifier((await createIdentityAgent()).agent, { trustedIssuers: [issuerDid] });
    const vp = await restored.present(held.credentialId, audience);
    await expect(verifier.verifyPresentation(vp, audience)).resolves.toMatchObject({ holder: await wallet.did() });
  });

  it("knows when its last backup no longer restores it: every change a restore needs makes it stale", async () => {
    const issuerAgent = (await createIdentityAgent()).agent;
    const issuerDid = (await issuerAgent.didManagerCreate()).did;
    const issuer = await MembershipIssuer.open(issuerAgent, { issuerDid, statusListUrl: `${server.origin}/status/3` });
    const kept: string[] = [];
    const device = { kind: "backup" as const, passphrase: "device passphrase!", write: async (text: string) => void kept.push(text) };
    const wallet = await MemberWallet.open(await createIdentityAgent(), device);
    const mutual = { chainId: 31337n, contract: "0x0000000000000000000000000000000000000abc" };
    expect(wallet.backupStatus().current).toBe(false); // never backed up
    await wallet.did();
    wallet.identitySecret(mutual);
    await wallet.flush();
    // The device's own sealed copies are not backups the person keeps.
    expect(kept.length).toBeGreaterThan(0);
    expect(wallet.backupStatus().current).toBe(false);
    const first = await wallet.exportBackup("correct horse battery staple");
    expect(wallet.backupStatus()).toEqual({ current: true, holds: { did: true, mutuals: 1, credentials: 0 } });
    // Asking to join again reuses the secret: nothing new, the backup stays current.
    await wallet.requestMembership(mutual);
    expect(wallet.backupStatus().current).toBe(true);
    const credential = await issuer.issue({ ...(await wallet.requestMembership(mutual)), terms: policyTerms(), mutual });
    await wallet.accept(credential.jwt);
    expect(wallet.backupStatus()).toEqual({ current: false, holds: { did: true, mutuals: 1, credentials: 1 } });
    // The backup made before the credential still restores the secret: the credential is accepted there.
    const restored = await MemberWallet.restore(await createIdentityAgent(), first, "correct horse battery staple");
    expect(restored.backupStatus().current).toBe(true);
    await expect(restored.accept(credential.jwt)).resolves.toMatchObject({ credentialId: credential.id });
    await wallet.exportBackup("correct horse battery staple");
    expect(wallet.backupStatus().current).toBe(true);
  });

  it("a wrong passphrase or a changed backup is refused", async () => {
    const wallet = await MemberWallet.open(await createIdentityAgent());
    await wallet.requestMembership();
    const backup = await wallet.exportBackup("correct horse battery staple");
    const target = await createIdentityAgent();
    await expect(MemberWallet.restore(target, backup, "wrong passphrase!")).rejects.toMatchObject({ code: "BACKUP_UNREADABLE" });
    const sealed = JSON.parse(backup);
    const bytes = Buffer.from(sealed.ciphertext, "base64");
    bytes[10] = (bytes[10] as number) ^ 1;
    const changed = JSON.stringify({ ...sealed, ciphertext: bytes.toString("base64") });
    await expect(MemberWallet.restore(target, changed, "correct horse battery staple")).rejects.toMatchObject({
      code: "BACKUP_UNREADABLE",
    });
  });

  it("backup storage (the browser app's): every change is kept sealed as a backup; reopening it is a restore", async () => {
    const kept: string[] = [];
    const storage = {
      kind: "backup" as const,
      passphrase: "correct horse battery staple",
      write: async (backup: string) => void kept.push(backup),
    };
    const wallet = await MemberWallet.open(await createIdentityAgent(), storage);
    const did = await wallet.did();
    const { identityCommitment } = await wallet.requestMembership();
    await wallet.flush();
    const latest = kept.at(-1) as string;
    expect(JSON.parse(latest).format).toBe("mutua-sealed/1");
    expect(latest).not.toContain(did.slice(8));
    // The phone is reloaded: the agent's keys were in memory only, the sealed backup in IndexedDB.
    const reopened = await MemberWallet.restore(await createIdentityAgent(), latest, "correct horse battery staple", storage);
    expect(await reopened.did()).toBe(did);
    expect((await reopened.requestMembership()).identityCommitment).toBe(identityCommitment);
    await expect(MemberWallet.restore(await createIdentityAgent(), latest, "a guessed passphrase")).rejects.toMatchObject({
      code: "BACKUP_UNREADABLE",
    });
  });
});

describe("two processes on one issuer log", () => {
  it("what one issues or revokes, the other takes in on refresh (the desk serving while `issuer revoke` runs)", async () => {
    const path = join(dir, "shared", "issued.jsonl");
    const { agent } = await createIdentityAgent();
    const issuerDid = (await agent.didManagerCreate({ alias: "shared" })).did;
    const options = { issuerDid, statusListUrl: `${server.origin}/status/1`, log: { kind: "file", path } } as const;
    const serving = await MembershipIssuer.open(agent, options);
    const command = await MembershipIssuer.open(agent, options);
    const wallet = await MemberWallet.open(await createIdentityAgent());
    const issued = await command.issue({ ...(await wallet.requestMembership()), terms: policyTerms() });
    expect(serving.issued(issued.id)).toBeUndefined();
    serving.refresh();
    expect(serving.issued(issued.id)?.jwt).toBe(issued.jwt);
    // Both write; neither loses the other's lines nor applies its own twice.
    const second = await serving.issue({
      ...(await (await MemberWallet.open(await createIdentityAgent())).requestMembership()),
      terms: policyTerms(),
    });
    await command.revoke(issued.id);
    serving.refresh();
    command.refresh();
    expect(serving.isRevoked(issued.id)).toBe(true);
    expect(command.issued(second.id)?.jwt).toBe(second.jwt);
    const reopened = await MembershipIssuer.open(agent, options);
    expect(
      reopened
        .issuedCredentials()
        .map((c) => c.id)
        .sort(),
    ).toEqual([issued.id, second.id].sort());
    expect(reopened.isRevoked(issued.id)).toBe(true);
  });
});
