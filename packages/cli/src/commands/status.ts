import { dirname, join, resolve } from "node:path";
import {
  AssessmentClient,
  claimNullifier,
  deriveScope,
  IncidentNotesClient,
  InvalidArgumentError,
  MemberGovernorClient,
  MutuaMutualClient,
  memberLeaf,
} from "@mutua/sdk";
import { formatUnits } from "ethers";
import type { MutuaConfig } from "../config.ts";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, memberTreeDirectory, openAgent, roleHome, signerFor, storageSecret } from "../context.ts";
import { assertDevnetDidNotFail } from "../devnet-failure.ts";
import { parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";
import { serviceHealth } from "../service-health.ts";

const usdc = (amount: bigint) => `${formatUnits(amount, USDC_DECIMALS)} USDC`;
const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

/**
 * The config and a chain that answers; with `waitSeconds`, retries until both are there (a devnet started in
 * the background a moment ago).
 */
async function connectWhenReady(global: GlobalOptions, waitSeconds: bigint): Promise<{ config: MutuaConfig; mutual: MutuaMutualClient }> {
  const started = new Date();
  const deadline = started.getTime() + Number(waitSeconds) * 1000;
  for (;;) {
    try {
      const config = loadConfig(global);
      const provider = await chainFor(config);
      await provider.getBlockNumber();
      return { config, mutual: new MutuaMutualClient(config.deployment.mutual, provider) };
    } catch (error) {
      // A devnet that died while we wait will never answer: say why now.
      // An older record counts too once a starting devnet has had time to clear it (it does so within a second).
      const graceOver = Date.now() - started.getTime() > 10_000;
      assertDevnetDidNotFail(dirname(resolve(global.config)), graceOver ? undefined : started);
      if (Date.now() >= deadline) {
        // Out of time: an older failure here is the likeliest reason, so it is named rather than the connection.
        assertDevnetDidNotFail(dirname(resolve(global.config)));
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The mutual in human units: members, pool, parameters, incidents. */
export async function status(global: GlobalOptions, options: { wait?: string }) {
  const wait = options.wait === undefined ? 0n : parseWholeNumber(options.wait, "--wait");
  const waitUntil = Date.now() + Number(wait) * 1000;
  const { config, mutual } = await connectWhenReady(global, wait);
  // With --wait, also until every service the config names answers (services started beside the chain).
  let services = await serviceHealth(config);
  while (wait > 0n && services.some((s) => !s.up) && Date.now() < waitUntil) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    services = await serviceHealth(config);
  }
  const provider = mutual.contract.runner?.provider;
  if (!provider) throw new Error("no provider");
  const governor = new MemberGovernorClient(config.deployment.governor, provider);
  const assessment = new AssessmentClient(config.deployment.assessment, provider);
  const [members, active, rules, seats, pool, parameters, count, block] = await Promise.all([
    mutual.memberCount(),
    mutual.activeMemberCount(),
    governor.votingRules(),
    assessment.contract.getFunction("assessorCount")() as Promise<bigint>,
    mutual.accounts(),
    mutual.parameters(),
    mutual.contract.getFunction("incidentCount")() as Promise<bigint>,
    mutual.contract.runner?.provider?.getBlock("latest"),
  ]);
  const now = BigInt(block?.timestamp ?? 0);
  const notes = config.deployment.incidentNotes ? new IncidentNotesClient(config.deployment.incidentNotes, provider) : undefined;
  const incidents = [];
  for (let id = 1n; id <= count; id++) {
    const note = notes ? await notes.noteOf(id) : { region: "", description: "" };
    incidents.push({ id, ...(await mutual.getIncident(id)), ...note });
  }
  const open = incidents.filter((i) => now <= i.votingEndsAt);
  const governance = { ...rules, assessorSeats: Number(seats) };
  report(
    global.json,
    { mutual: config.deployment, members, activeMembers: active, pool, parameters, governance, incidents, services, chainTime: now },
    [
      `${config.deployment.name} at ${config.deployment.mutual} (chain ${config.deployment.chainId}, chain time ${iso(now)})`,
      `  members    ${active} (${members} leaves in the member tree; revoked ones stay, as 0)`,
      `  governance members vote ${rules.votingPeriod / 86_400} days on proposals, quorum ${rules.quorumBps / 100} % of members; ${seats} assessor seats (\`mutua governance status\`)`,
      `  pool       holds ${usdc(pool.held)}: premiums ${usdc(pool.premiums)}, capital ${usdc(pool.capital)}, paid out ${usdc(pool.payouts)}; ${usdc(pool.reserved)} reserved for approved claims`,
      `  rules      quorum ${parameters.quorum} votes, payout ${parameters.settlementDelay / 3600} h after approval, at most ${usdc(parameters.maxClaimAmount)} per claim${parameters.paused ? "; PAUSED" : ""}`,
      ...(open.length === 0
        ? ["  incidents  none open"]
        : open.map(
            (i) =>
              `  incident #${i.id}: ${i.description || "(no description)"}${i.region ? ` (${i.region})` : ""}; loss at ${iso(i.occurredAt)}; claims until ${iso(i.claimsCloseAt)}, votes until ${iso(i.votingEndsAt)}; quorum ${i.quorum}`,
          )),
      ...services.map((s) => `  ${s.name.padEnd(10)} ${s.url} ${s.up ? "answers" : "DOES NOT ANSWER"}`),
    ],
  );
}

/**
 * A member's view, computed in the wallet: each policy (in force, revoked), each claim (found by the member's own
 * nullifier per incident, which only the wallet can compute), and the account's balance.
 */
export async function memberStatus(global: GlobalOptions, options: AccountOptions & { name: string }) {
  // The wallet (Veramo) and the tree sync are loaded only here: `mutua status` stays light.
  const { MemberWallet, erc20, syncMemberTree } = await import("@mutua/sdk");
  const config = loadConfig(global);
  const home = roleHome(config, "member", options.name);
  const secret = storageSecret(global);
  const wallet = await MemberWallet.open(await openAgent(home, secret), { kind: "file", path: join(home, "vault.json"), secret });
  const held = wallet.memberships().filter((m) => m.membership.mutual?.contract?.toLowerCase() === config.deployment.mutual.toLowerCase());
  if (held.length === 0) throw new InvalidArgumentError("--name", `wallet "${options.name}" holds no credential of this mutual`);
  const provider = await chainFor(config);
  // The account whose balance is shown: the one given, or on a devnet the member's default; on a real chain
  // without a key, none (a member needs no account to claim).
  const ownAccount = Boolean(options.key ?? options.keystore ?? options.account ?? process.env.MUTUA_PRIVATE_KEY) || !config.record;
  const address = ownAccount ? await (await signerFor(config, options, 1)).getAddress() : undefined;
  const mutual = new MutuaMutualClient(config.deployment.mutual, provider);
  const assessment = new AssessmentClient(config.deployment.assessment, provider);
  // The wallet's own copy of the member tree, as claims keep it.
  const tree = await syncMemberTree(mutual, config.deployment.fromBlock, memberTreeDirectory(config, home));
  const policies = held.map((m) => ({
    credentialId: m.credentialId,
    coverage: formatUnits(BigInt(m.membership.terms.coverageLimit), USDC_DECIMALS),
    from: iso(BigInt(m.membership.terms.policyStart)),
    until: iso(BigInt(m.membership.terms.policyExpiry)),
    inForce: tree.indexOf(memberLeaf(m.membership.identityCommitment, m.membership.terms)) >= 0,
  }));
  const secretOf = (held[0] as (typeof held)[0]).identitySecret; // one secret per member per mutual
  const count = (await mutual.contract.getFunction("incidentCount")()) as bigint;
  const claims = [];
  for (let incidentId = 1n; incidentId <= count; incidentId++) {
    const scope = deriveScope({ chainId: config.deployment.chainId, contract: config.deployment.mutual, incidentId });
    const nullifier = claimNullifier(secretOf, scope);
    const claim = await mutual.getClaim(incidentId, nullifier);
    if (claim.status === "None") continue;
    // Votes count once revealed: the round that decides the claim now (the appeal's, if appealed).
    const from = config.deployment.fromBlock;
    const [first, appeal] = await Promise.all([
      assessment.roundWithCommits(incidentId, nullifier, 0, from),
      assessment.roundWithCommits(incidentId, nullifier, 1, from),
    ]);
    const round = appeal.opened ? appeal : first;
    claims.push({
      incidentId,
      ...claim,
      approvals: round.approvals,
      rejections: round.rejections,
      sealed: round.commits,
      appealed: appeal.opened,
    });
  }
  const balance =
    address === undefined ? undefined : ((await erc20(config.deployment.token, provider).getFunction("balanceOf")(address)) as bigint);
  tree.close();
  report(
    global.json,
    { policies, claims, account: address, balance: balance === undefined ? undefined : formatUnits(balance, USDC_DECIMALS) },
    [
      `wallet "${options.name}" (${await wallet.did()})`,
      ...policies.map(
        (p) =>
          `  policy ${p.credentialId}: cover ${p.coverage} USDC from ${p.from} until ${p.until}, ${p.inForce ? "in force" : "revoked"}`,
      ),
      ...(claims.length === 0
        ? ["  no claims"]
        : claims.map(
            (c) =>
              `  claim for incident #${c.incidentId}: ${c.status}, asked ${usdc(c.amount)}${c.approvedAmount > 0n ? `, approved ${usdc(c.approvedAmount)}` : ""} (${c.sealed} sealed ${c.appealed ? "appeal " : ""}votes; revealed: ${c.approvals} approvals, ${c.rejections} rejections)`,
          )),
      ...(address && balance !== undefined ? [`  account ${address} holds ${usdc(balance)}`] : []),
    ],
  );
}
