import { createReadStream, existsSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { agentResolver, InvalidArgumentError, Member, MemberWallet } from "@mutua/sdk";
import { formatUnits, VoidSigner, ZeroAddress } from "ethers";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, memberTreeDirectory, openAgent, openAgentWhenUsed, openStore, roleHome, signerFor, storageSecret } from "../context.ts";
import { inputFile, parseUsdc, parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";
import { claimProgress } from "../progress-bar.ts";
import { readOffer } from "./issuer.ts";

const MEDIA_TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".txt": "text/plain",
  ".mp4": "video/mp4",
};

export async function openWallet(
  global: GlobalOptions,
  name: string,
  options: { mustExist?: boolean; agentWhenUsed?: boolean } = { mustExist: true },
) {
  const config = loadConfig(global);
  const home = roleHome(config, "member", name);
  if (options.mustExist && !existsSync(join(home, "vault.json"))) {
    throw new InvalidArgumentError("--name", `there is no wallet "${name}": create it with \`mutua member init --name ${name}\``);
  }
  const secret = storageSecret(global);
  const handle = options.agentWhenUsed ? openAgentWhenUsed(home, secret) : await openAgent(home, secret);
  const wallet = await MemberWallet.open(handle, { kind: "file", path: join(home, "vault.json"), secret });
  return { config, home, handle, wallet };
}

export async function init(global: GlobalOptions, options: { name: string }) {
  const { wallet, handle } = await openWallet(global, options.name, { mustExist: false });
  const did = await wallet.did();
  await handle.flush();
  report(global.json, { did }, [`wallet "${options.name}": ${did}`]);
}

export async function request(global: GlobalOptions, options: { name: string }) {
  const { wallet, handle, config } = await openWallet(global, options.name);
  // One identity secret per member in this mutual: a renewal or second policy reuses it.
  const { memberDid, identityCommitment } = await wallet.requestMembership({
    chainId: config.deployment.chainId,
    contract: config.deployment.mutual,
  });
  await handle.flush();
  report(global.json, { memberDid, identityCommitment }, [
    "send this to the mutual (the secret behind the commitment stays in this wallet):",
    JSON.stringify({ memberDid, identityCommitment: identityCommitment.toString() }),
  ]);
}

export async function accept(global: GlobalOptions, options: { name: string; credential?: string; credentialFile?: string }) {
  const credential = credentialFrom(options);
  const { wallet } = await openWallet(global, options.name);
  const held = await wallet.accept(credential);
  report(global.json, { credentialId: held.credentialId, coverageLimit: held.membership.terms.coverageLimit }, [
    `kept credential ${held.credentialId} (cover ${formatUnits(BigInt(held.membership.terms.coverageLimit), USDC_DECIMALS)} USDC per claim, policy ${held.membership.terms.policyId})`,
  ]);
}

/** Withdraws the premiums the mutual refused to this wallet's account. */
export async function withdrawRefund(global: GlobalOptions, options: AccountOptions & { name: string }) {
  const { config, wallet, handle } = await openWallet(global, options.name, { mustExist: true });
  const signer = await signerFor(config, options, 1);
  const member = new Member({ wallet, signer, deployment: config.deployment, resolver: agentResolver(handle.agent) });
  const { amount, receipt } = await member.withdrawRefund();
  report(global.json, { withdrawn: formatUnits(amount, USDC_DECIMALS), gasUsed: receipt.gasUsed }, [
    `withdrew ${formatUnits(amount, USDC_DECIMALS)} USDC of refused premiums (${receipt.gasUsed} gas)`,
  ]);
}

export async function payPremium(global: GlobalOptions, options: AccountOptions & { name: string; offer: string }) {
  const made = readOffer(options.offer);
  const { config, wallet, handle } = await openWallet(global, options.name, { mustExist: true });
  if (made.memberDid !== (await wallet.did())) {
    throw new InvalidArgumentError("--offer", `this offer is for ${made.memberDid}, not for wallet "${options.name}"`);
  }
  const signer = await signerFor(config, options, 1);
  const member = new Member({ wallet, signer, deployment: config.deployment, resolver: agentResolver(handle.agent) });
  const receipt = await member.payPremium(made);
  report(global.json, { paid: formatUnits(made.premium, 6), gasUsed: receipt.gasUsed }, [
    `paid ${formatUnits(made.premium, 6)} USDC of premium for this policy (${receipt.gasUsed} gas); the issuer can now admit you`,
  ]);
}

export async function claim(
  global: GlobalOptions,
  options: AccountOptions & {
    name: string;
    incident: string;
    amount: string;
    recipient: string;
    file: string[];
    relayer?: string;
    fromOwnAccount?: boolean;
    acceptLinkedRecipient?: boolean;
    discloseSmallClass?: boolean;
    confirmRecipient?: boolean;
  },
) {
  if (options.file.length === 0) throw new InvalidArgumentError("--file", "a claim needs at least one evidence file");
  const { config, home, wallet, handle } = await openWallet(global, options.name);
  // Through a relayer the member's own account sends nothing: no key is needed (none should be used).
  const ownAccount = options.fromOwnAccount === true || Boolean(options.key ?? options.keystore ?? options.account);
  const signer = ownAccount ? await signerFor(config, options, 1) : new VoidSigner(ZeroAddress, await chainFor(config));
  const relayer = options.relayer ?? config.relayer;
  if (!relayer && !options.fromOwnAccount) {
    throw new InvalidArgumentError(
      "--relayer",
      "no relayer is configured: pass --relayer <url>, or --from-own-account (links the claim to it)",
    );
  }
  // Every input is checked before anything is stored or proven.
  const incidentId = parseWholeNumber(options.incident, "--incident", 1n);
  const amount = parseUsdc(options.amount, "--amount");
  if (!/^0x[0-9a-fA-F]{40}$/.test(options.recipient) || BigInt(options.recipient) === 0n) {
    throw new InvalidArgumentError("--recipient", `"${options.recipient}" is not a payout address: 0x followed by 40 hex digits, not zero`);
  }
  const paths = options.file.map((path) => inputFile(path, "--file"));
  const store = await openStore(config, home);
  const progress = claimProgress(global.json === true);
  try {
    const files = paths.map((path) => ({
      name: basename(path),
      mediaType: MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
      content: createReadStream(path),
    }));
    const member = new Member({
      wallet,
      signer,
      deployment: config.deployment,
      store,
      resolver: agentResolver(handle.agent),
      ...(relayer ? { relayer } : {}),
      // The wallet's copy of the member tree, per mutual: later claims read only newer events.
      treeDirectory: memberTreeDirectory(config, home),
    });
    const filed = await member.fileClaim({
      incidentId,
      amount,
      recipient: options.recipient,
      files,
      fromOwnAccount: options.fromOwnAccount === true,
      // The flags are the member's confirmations; each warning is printed either way.
      confirm: (warning) => {
        process.stderr.write(`warning [${warning.code}]: ${warning.message}\n`);
        if (warning.code === "OWN_ACCOUNT") return true;
        if (warning.code === "RECIPIENT_LINKED") return options.acceptLinkedRecipient === true;
        if (warning.code === "SMALL_CLASS") return options.discloseSmallClass === true;
        return options.confirmRecipient === true;
      },
      onProgress: progress.listener,
    });
    progress.stop();
    await member.close();
    report(
      global.json,
      {
        claimId: filed.claimId,
        incidentId: filed.incidentId,
        nullifier: filed.nullifier,
        evidenceCid: filed.evidenceCid.toString(),
        transactionHash: filed.receipt.hash,
        gasUsed: filed.receipt.gasUsed,
      },
      [
        `claim ${filed.claimId} filed (${filed.receipt.gasUsed} gas, sent by ${filed.receipt.from})`,
        `  evidence ${filed.evidenceCid} (pinned by ${store.copies} ${store.copies === 1 ? "store" : "stores"} besides this wallet's node)`,
        `  nullifier ${filed.nullifier}`,
      ],
    );
  } finally {
    progress.stop();
    await store.close();
  }
}

/** The filed claim `claimId` of this mutual (from its ClaimFiled event). */
async function filedClaim(config: ReturnType<typeof loadConfig>, claimId: string) {
  const { Settlement } = await import("@mutua/sdk");
  const settlement = new Settlement({ signer: new VoidSigner(ZeroAddress, await chainFor(config)), deployment: config.deployment });
  const claim = await settlement.findClaim(claimId);
  if (!claim) throw new InvalidArgumentError("--claim", `no claim ${claimId} on this mutual`);
  return claim;
}

/**
 * Appeals the member's claim: signed by the payout address's key (--key/--keystore/--account: the recipient), sent
 * by the relayer. It publishes a key that reads the evidence, so --disclose-evidence must agree to it.
 */
export async function appeal(global: GlobalOptions, options: AccountOptions & { name: string; claim: string; discloseEvidence?: boolean }) {
  const { config, home, wallet, handle } = await openWallet(global, options.name);
  const claim = await filedClaim(config, options.claim);
  const recipient = await signerFor(config, options, 1);
  const store = await openStore(config, home);
  try {
    const member = new Member({
      wallet,
      signer: recipient,
      deployment: config.deployment,
      store,
      resolver: agentResolver(handle.agent),
      ...(config.relayer ? { relayer: config.relayer } : {}),
    });
    const { CID } = await import("multiformats/cid");
    const sent = await member.appeal(
      { incidentId: claim.incidentId, nullifier: claim.nullifier, evidenceCid: CID.decode(claim.evidenceCid) },
      { recipient, discloseEvidence: options.discloseEvidence === true },
    );
    report(global.json, { claimId: claim.claimId, transactionHash: sent.transactionHash, from: sent.from }, [
      `appealed ${claim.claimId} (sent by ${sent.from}): the members vote on it now; your evidence is readable with the key the appeal published`,
    ]);
  } finally {
    await store.close();
  }
}

/** The reasons given for the member's claim, opened with the claim's own key. */
export async function reasons(global: GlobalOptions, options: { name: string; claim: string }) {
  const { config, wallet, handle } = await openWallet(global, options.name);
  const claim = await filedClaim(config, options.claim);
  const member = new Member({
    wallet,
    signer: new VoidSigner(ZeroAddress, await chainFor(config)),
    deployment: config.deployment,
    resolver: agentResolver(handle.agent),
  });
  const read = await member.reasons(claim.incidentId, claim.nullifier);
  report(
    global.json,
    { reasons: read.map((r) => ({ round: r.round, approve: r.approve, amount: formatUnits(r.amount, USDC_DECIMALS), reason: r.reason })) },
    read.length === 0
      ? ["no revealed votes yet"]
      : read.map(
          (r) =>
            `${r.round === 0 ? "assessor" : "appeal"}: ${r.approve ? `approved ${formatUnits(r.amount, USDC_DECIMALS)} USDC` : "rejected"} — ${r.reason}`,
        ),
  );
}

async function governanceOf(config: ReturnType<typeof loadConfig>, home: string, secret: string) {
  if (!config.relayer) throw new InvalidArgumentError("--relayer", "votes go through the mutual's relayer: none is configured");
  const { MemberGovernance, BallotJournal } = await import("@mutua/sdk");
  return new MemberGovernance({
    deployment: config.deployment,
    signer: new VoidSigner(ZeroAddress, await chainFor(config)),
    relayer: config.relayer,
    journal: BallotJournal.file(join(home, "ballots.json"), secret),
  });
}

/** A sealed, anonymous vote on an appeal (the member tree when it was appealed; never on one's own claim). */
export async function appealVote(
  global: GlobalOptions,
  options: { name: string; claim: string; approve?: boolean; reject?: boolean; amount?: string; reason: string },
) {
  if (options.approve === options.reject) throw new InvalidArgumentError("--approve/--reject", "give exactly one");
  const { config, home, wallet } = await openWallet(global, options.name);
  const claim = await filedClaim(config, options.claim);
  const governance = await governanceOf(config, home, storageSecret(global));
  const amount = options.amount ? parseUsdc(options.amount, "--amount") : claim.amount;
  const decision = options.approve ? { approve: true, amount, reason: options.reason } : { approve: false, reason: options.reason };
  const sent = await governance.voteOnAppeal(wallet, claim, decision);
  await governance.close();
  report(global.json, { claimId: claim.claimId, voteNullifier: sent.voteNullifier, from: sent.from }, [
    `sealed appeal vote on ${claim.claimId} committed by the relayer ${sent.from}; reveal it with \`mutua member reveal\` once voting closes`,
  ]);
}

/** Reveals the member's sealed appeal votes whose voting window has closed. */
export async function reveal(global: GlobalOptions, options: { name: string }) {
  const { config, home } = await openWallet(global, options.name);
  const { revealed, waiting, missed } = await (await governanceOf(config, home, storageSecret(global))).revealAppealVotes();
  report(global.json, { revealed: revealed.length, waiting: waiting.length, missed: missed.length }, [
    `revealed ${revealed.length} appeal vote${revealed.length === 1 ? "" : "s"}; ${waiting.length} waiting; ${missed.length} missed`,
  ]);
}

/**
 * The credential to keep: `--credential-file` (what `issuer admit --json` wrote, or the bare JWT) keeps it off the
 * command line, where pnpm and shells echo and record it; `--credential` takes it inline.
 */
function credentialFrom(options: { credential?: string; credentialFile?: string }): string {
  if (options.credential !== undefined && options.credentialFile !== undefined) {
    throw new InvalidArgumentError("--credential-file", "give the credential once: --credential or --credential-file");
  }
  if (options.credentialFile !== undefined) {
    const text = readFileSync(inputFile(options.credentialFile, "--credential-file"), "utf8").trim();
    if (!text.startsWith("{")) return text;
    const parsed = JSON.parse(text) as { credential?: unknown };
    if (typeof parsed.credential !== "string") {
      throw new InvalidArgumentError(
        "--credential-file",
        `${options.credentialFile} has no "credential" (write it with \`issuer admit --json\`)`,
      );
    }
    return parsed.credential.trim();
  }
  if (options.credential === undefined) {
    throw new InvalidArgumentError(
      "--credential-file",
      "say which credential to keep: --credential-file admitted.json (or --credential <jwt>)",
    );
  }
  return options.credential.trim();
}
