import { builtCircuitArtifacts } from "@mutua/sdk";

// pnpm demo: the whole story of a claim on embedded defaults (in-process chain, in-process IPFS), printing
// every step with its gas, timings and balances, then a parametric payout (a cyclone index over its threshold).
// Exits 0 only if the story ends as it should.

import { MockV3AggregatorArtifact, startEmbeddedNetwork } from "@mutua/devnet";
import type { IdentityAgent } from "@mutua/sdk";
import {
  AssessmentClient,
  Assessor,
  agentResolver,
  buildRateTable,
  checkOfferAgainstTable,
  classNumber,
  collectPublicRecord,
  createIdentityAgent,
  drawPool,
  EligibilityProver,
  erc20,
  findInRecord,
  HeliaEvidenceStore,
  identifierForms,
  loadEligibilityArtifacts,
  Member,
  MemberGovernance,
  MembershipVerifier,
  MemberTree,
  MemberWallet,
  MutualAdmin,
  moveCapitalAction,
  ParametricCoverClient,
  poolExperience,
  quote,
  RateTablesClient,
  rateTableHash,
  Settlement,
  setAssessorSeatsAction,
  setParametersAction,
  setParametricProductAction,
  startRelayer,
  VoteProver,
} from "@mutua/sdk";
import type { Contract } from "ethers";
import { ContractFactory, formatUnits, Wallet } from "ethers";

const USDC = 10n ** 6n;
/** The mutual's number for the region of Kilifi, and its cyclone product's: what the leaf holds. */
const KILIFI = 1;
const CYCLONE = 0;
const classKeyOf = (levels: Record<string, string>) =>
  Object.entries(levels)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
const DAY = 86_400;
const usdc = (amount: bigint) => `${formatUnits(amount, 6)} USDC`;
const gasTable: { step: string; gas: bigint }[] = [];
const timings: { step: string; ms: number }[] = [];

function say(line = "") {
  console.log(line);
}
function gas(step: string, receipt: { gasUsed: bigint }) {
  gasTable.push({ step, gas: receipt.gasUsed });
  say(`    ⛽ ${step}: ${receipt.gasUsed.toLocaleString("en")} gas`);
}
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  timings.push({ step, ms });
  say(`    ⏱  ${step}: ${ms.toFixed(0)} ms`);
  return result;
}
function check(condition: boolean, what: string) {
  say(`    ${condition ? "✔" : "✘"} ${what}`);
  if (!condition) process.exitCode = 1;
}

const net = await startEmbeddedNetwork();
const prover = new EligibilityProver(await loadEligibilityArtifacts(builtCircuitArtifacts("eligibility")));
const voteProver = new VoteProver(await loadEligibilityArtifacts(builtCircuitArtifacts("vote")));
try {
  const [adminSigner, issuerKey, openerKey, pauserKey, relayer, ...people] = net.chain.signers;
  if (!adminSigner || !issuerKey || !openerKey || !pauserKey || !relayer || people.length < 8) throw new Error("not enough accounts");

  say("1. Harbor Fishers Mutual is created: each power has its own key, and no key governs: the members do");
  const issuerAgent = (await createIdentityAgent()).agent;
  const issuerDid = (await issuerAgent.didManagerCreate({ alias: "harbor-fishers" })).did;
  // Assessors hold seats made from their own identity (a wallet's secret), and a DID the evidence is sealed to.
  const assessors: { name: string; did: string; agent: IdentityAgent; wallet: MemberWallet }[] = [];
  for (const name of ["Ana", "Bruno", "Chen", "Dana"]) {
    const handle = await createIdentityAgent();
    const { did } = await handle.agent.didManagerCreate();
    assessors.push({ name, did, agent: handle.agent, wallet: await MemberWallet.open(handle) });
  }
  // The premium comes from the pool's rate table (docs/pricing.md): fitted on eight years of a pool's experience
  // (a synthetic pool drawn from known parameters), every step explained, and checked by each member's wallet
  // against the table's hash adopted with the deployment (the founding table; later tables are the members' vote).
  const ports = { name: "port", levels: ["Kilifi", "Lamu", "Mombasa"] };
  const boats = { name: "boat", levels: ["canoe", "dhow", "motor"] };
  const table = buildRateTable({
    version: 1,
    product: "boats",
    unit: "boat-year",
    factors: [ports, boats],
    experience: poolExperience(
      drawPool({
        seed: 2026,
        factors: [ports, boats],
        years: 8,
        exposure: [40, 160],
        frequency: 0.15,
        severity: Number(1_200n * USDC),
        severityShape: 2,
        frequencyRelativities: { "port=Lamu": 1.2, "port=Mombasa": 1.4, "boat=dhow": 1.1, "boat=motor": 0.8 },
        severityRelativities: { "boat=dhow": 1.3, "boat=motor": 1.8 },
      }),
    ),
    snapshot: { fromBlock: 0, toBlock: 0, blockHash: "0x00" },
    loadings: { expenseRatio: 0.1, solvencyMargin: 0.05 },
  });
  const admin = await timed("deploy the timelock, the mutual, the assessment module and the members' governor", async () =>
    MutualAdmin.deploy({
      signer: adminSigner,
      keys: { issuer: issuerKey, incidentOpener: openerKey, pauser: pauserKey },
      // The first three seats; Dana's is the members' decision (section 4).
      assessorSeats: (mutual) => assessors.slice(0, 3).map((a) => Assessor.seatOf(a.wallet, mutual, a.did)),
      name: "Harbor Fishers Mutual",
      token: net.tokenAddress,
      issuer: { agent: issuerAgent, did: issuerDid, statusListUrl: net.statusLists.url("members") },
      settings: { maxClaimAmount: 10_000n * USDC, quorum: 2, settlementDelay: 3_600 },
      // Parametric cover beside it: products the members vote in, opened by a data feed (docs/parametric.md).
      parametric: { minPolicies: 5 },
      rateTable: table,
    }),
  );
  net.statusLists.publish("members", () => admin.issuer.statusListCredential());
  const parametricCover = admin.deployment.parametricCover as string;
  const relayerService = await startRelayer({
    signer: relayer,
    mutuals: [admin.deployment.mutual],
    ballotBoxes: [admin.deployment.governor, admin.deployment.assessment, parametricCover],
  });
  say(`    contract ${admin.deployment.mutual} on chain ${admin.deployment.chainId}; issuer ${issuerDid}`);
  say(
    `    governance: the members' governor ${admin.deployment.governor} is the only proposer to the timelock ${admin.deployment.governance} (2-day delay)`,
  );
  say(
    `    issuer key ${await issuerKey.getAddress()}, incident opener ${await openerKey.getAddress()}, pauser ${await pauserKey.getAddress()}`,
  );
  say(
    `    assessor seats at deployment: ${assessors
      .slice(0, 3)
      .map((a) => a.name)
      .join(", ")} (leaves of a tree: no account is named)`,
  );
  say(`    relayer service ${relayerService.url} sends claims and ballots from ${relayerService.address}`);

  say("\n2. Six fishers of Kilifi join: a secret in each wallet, a premium paid on-chain for the policy, then a credential");
  const now = BigInt((await net.chain.provider.getBlock("latest"))?.timestamp ?? 0);
  const terms = { policyId: 2026n, coverageLimit: 5_000n * USDC, policyStart: now - BigInt(DAY), policyExpiry: now + 365n * BigInt(DAY) };
  const fishersClass = { port: "Kilifi", boat: "dhow" };
  // The policy names its rating class (an indemnity claim discloses it, nothing finer), the region (Kilifi is the
  // mutual's region 1) and, for those who bought it, the cyclone product (parametric product 0).
  const ratingClass = classNumber(table.factors, fishersClass);
  const withCyclone = { ...terms, ratingClass, region: KILIFI, parametricProducts: [CYCLONE] };
  const withoutCyclone = { ...terms, ratingClass, region: KILIFI };
  const priced = quote(table, fishersClass, 1, (units) => `${(units / 1e6).toFixed(2)} USDC`);
  const premium = priced.premium;
  say(`    the premium from rate table ${table.version} (${rateTableHash(table).slice(0, 18)}…), for a dhow in Kilifi:`);
  for (const line of priced.lines) say(`      ${line.sentence}`);
  const names = ["Maria", "Kofi", "Sione", "Ingrid", "Amina", "Juma"];
  const termsOf = (name: string) => (name === "Ingrid" ? withoutCyclone : withCyclone);
  const members = [];
  for (const [index, name] of names.entries()) {
    const handle = await createIdentityAgent();
    const wallet = await MemberWallet.open(handle);
    const signer = people[index];
    if (!signer) throw new Error("no account");
    members.push({
      name,
      wallet,
      signer,
      handle,
      member: new Member({
        wallet,
        signer,
        deployment: admin.deployment,
        store: net.store,
        resolver: agentResolver(handle.agent),
        relayer: relayerService.url,
        prover,
      }),
    });
  }
  const admissions = await Promise.all(
    members.map(async (m) => ({ ...(await m.member.requestMembership()), terms: termsOf(m.name), premium })),
  );
  const unpaid = await admin.admitMembers(admissions).catch((error: unknown) => error);
  check(
    (unpaid as { code?: string }).code === "PREMIUM_NOT_PAID",
    "admitting before the premiums are paid is refused (PREMIUM_NOT_PAID): cover needs a paid premium",
  );
  const checked = await Promise.all(
    admissions.map((admission) =>
      checkOfferAgainstTable({ deployment: admin.deployment, runner: adminSigner, table, levels: fishersClass, exposure: 1, admission }),
    ),
  );
  const overcharged = await checkOfferAgainstTable({
    deployment: admin.deployment,
    runner: adminSigner,
    table,
    levels: fishersClass,
    exposure: 1,
    admission: { ...(admissions[0] as (typeof admissions)[number]), premium: premium + 10n * USDC },
  }).catch((error: unknown) => error);
  check(
    checked.every((q) => q.premium === premium) && (overcharged as { code?: string }).code === "PREMIUM_NOT_FROM_TABLE",
    "each wallet recomputes its premium from the rate table whose hash the mutual adopted (an offer asking 10 USDC more is refused)",
  );
  for (const m of members) {
    await net.mint(await m.signer.getAddress(), 1_000n * USDC);
    const paid = await m.member.payPremium({ terms: termsOf(m.name), premium });
    if (m.name === "Maria") gas(`each fisher pays a premium of ${usdc(premium)} for the offered policy`, paid);
  }
  const admitted = await timed("post the 6 paid leaves and the new root, then issue 6 credentials", () => admin.admitMembers(admissions));
  if (admitted.receipt) gas("addMembers (batch of 6: the next 6 payments in the premium queue)", admitted.receipt);
  say(
    `    every policy is rating class ${ratingClass} (${classKeyOf(fishersClass)}) in region ${KILIFI}; all but Ingrid's hold the cyclone product`,
  );
  for (const [index, m] of members.entries()) await m.wallet.accept(admitted.credentials[index]?.jwt as string);
  // A claim discloses its class: the issuer records each class's size on-chain, and a class below the members'
  // minimum would make the wallets warn before a claim names it.
  const classSize = await new RateTablesClient(admin.deployment.rateTables as string, net.chain.provider).classSize(ratingClass);
  check(
    classSize.disclosable && classSize.members === 6,
    `the issuer recorded class ${ratingClass}'s ${classSize.members} members on-chain (the members' minimum is ${classSize.minClassSize}): a claim naming it hides among them`,
  );

  const verifier = new MembershipVerifier((await createIdentityAgent()).agent, { trustedIssuers: [issuerDid] });
  const maria = members[0];
  if (!maria) throw new Error("no Maria");
  const session = { challenge: crypto.randomUUID(), domain: "claims.harbor-fishers.example" };
  const presentation = await maria.wallet.present(maria.member.membership().credentialId, session);
  const verified = await timed("verify Maria's membership presentation", () => verifier.verifyPresentation(presentation, session));
  check(
    verified.holder === (await maria.wallet.did()),
    `Maria's presentation verifies (coverage ${usdc(BigInt(verified.credentials[0]?.membership.terms.coverageLimit ?? 0n))})`,
  );

  say("\n3. Capital goes into the pool");
  await net.mint(await adminSigner.getAddress(), 20_000n * USDC);
  gas(`the mutual deposits ${usdc(10_000n * USDC)} of capital`, await admin.depositCapital(10_000n * USDC));
  say(`    pool holds ${usdc((await admin.mutual.accounts()).held)}`);

  // The cyclone index: a Chainlink data feed (AggregatorV3Interface). On the embedded chain Chainlink's own
  // MockV3Aggregator (@chainlink/local) stands in for the weather provider's feed.
  const feed = (await (
    await new ContractFactory(MockV3AggregatorArtifact.abi, MockV3AggregatorArtifact.bytecode, adminSigner).deploy(0, 20)
  ).waitForDeployment()) as Contract;
  const feedStart = BigInt((await net.chain.provider.getBlock("latest"))?.timestamp ?? 0);

  say("\n4. The members govern: a proposal to seat Dana, raise the cap and insure cyclones passes by anonymous votes");
  const governance = new MemberGovernance({
    deployment: admin.deployment,
    signer: adminSigner,
    relayer: relayerService.url,
    prover: voteProver,
  });
  const quorumOne = await setParametersAction(admin.deployment, adminSigner, {
    maxClaimAmount: 12_000n * USDC,
    quorum: 1,
    settlementDelay: 3_600,
  }).catch((error: unknown) => error);
  check(
    (quorumOne as { code?: string }).code === "PARAMETER_OUT_OF_BOUNDS",
    "a proposal for quorum 1 is refused before it is made (bounds: 2–64): it could never execute",
  );
  const seatsWithDana = assessors.map((a) =>
    Assessor.seatOf(a.wallet, { chainId: admin.deployment.chainId, contract: admin.deployment.mutual }, a.did),
  );
  const actions = [
    await setParametersAction(admin.deployment, adminSigner, { maxClaimAmount: 12_000n * USDC, quorum: 2, settlementDelay: 3_600 }),
    setAssessorSeatsAction(admin.deployment, seatsWithDana),
    setParametricProductAction(admin.deployment, CYCLONE, {
      region: KILIFI,
      coverStart: feedStart,
      coverEnd: feedStart + 180n * BigInt(DAY),
      claimWindow: 7 * DAY,
      maxFeedAge: 3_600,
      liveness: 7_200n,
      bands: [
        { threshold: 64n, payout: 400n * USDC },
        { threshold: 90n, payout: 800n * USDC },
      ],
      feed: await feed.getAddress(),
      maxPlausible: 250n,
      description: "peak wind gust at Kilifi, knots",
    }),
    moveCapitalAction(admin.deployment, parametricCover, 4_000n * USDC),
  ];
  const proposed = await governance.propose(
    actions,
    "Seat Dana as a fourth assessor, raise the claim cap to 12,000 USDC, and insure cyclones at Kilifi from a 4,000 USDC reserve",
  );
  gas("propose (snapshot: the member root and 6 members; quorum 20 %)", proposed.receipt);
  await net.chain.increaseTime(1);
  for (const [index, support] of (["for", "for", "against"] as const).entries()) {
    const voter = members[index];
    if (!voter) throw new Error("no member");
    const sent = await timed(`${voter.name} votes (proof made in her wallet, sent by the relayer)`, () =>
      governance.vote(voter.wallet, proposed.proposalId, support),
    );
    gas(`anonymous member vote (${support})`, sent);
  }
  const twice = await governance.vote(maria.wallet, proposed.proposalId, "against").catch((error: unknown) => error);
  check(
    (twice as { code?: string }).code === "ALREADY_VOTED",
    "Maria voting a second time is refused (one nullifier per member and proposal)",
  );
  const tally = await governance.proposal(proposed.proposalId);
  say(`    tally: for ${tally.box.forVotes}, against ${tally.box.againstVotes}; the chain shows three ballots from the relayer, no voter`);
  await net.chain.increaseTime(3 * DAY + 1);
  gas("queue in the timelock (anyone)", await governance.queue(proposed.proposalId));
  const early = await governance.execute(proposed.proposalId).catch((error: unknown) => error);
  check((early as { code?: string }).code === "TIMELOCK_NOT_READY", "executing before the timelock's 2-day delay is refused");
  await net.chain.increaseTime(2 * DAY + 1);
  gas("execute (after the delay)", await governance.execute(proposed.proposalId));
  const seatRoot = await new AssessmentClient(admin.deployment.assessment, adminSigner).assessorRoot();
  check(
    (await admin.mutual.parameters()).maxClaimAmount === 12_000n * USDC &&
      seatRoot === new MemberTree(seatsWithDana.map((s) => s.leaf)).root,
    "the cap is 12,000 USDC now, and Dana holds the fourth seat",
  );
  const cover = new ParametricCoverClient(parametricCover, adminSigner);
  gas("the issuer records the 5 cyclone policies it sold", await admin.recordParametricPolicies(CYCLONE, 5));
  check(
    (await cover.getProduct(CYCLONE)).policies === 5 && (await cover.freeReserve()) === 4_000n * USDC,
    "the cyclone product is in force: 5 policies (the fewest it may pay with), a 4,000 USDC reserve",
  );

  say("\n5. A storm hits the harbour; the mutual opens an incident");
  // The storm hit six hours ago: cover is judged at that time, whatever happens to policies afterwards.
  const stormAt = BigInt((await net.chain.provider.getBlock("latest"))?.timestamp ?? 0) - 6n * 3_600n;
  const { incidentId, receipt: incidentReceipt } = await admin.openIncident(7 * DAY, 7 * DAY, stormAt);
  gas(`openIncident #${incidentId}`, incidentReceipt);

  say("\n6. Maria's boat is damaged: she files a claim with encrypted photos through a relayer");
  const payoutAccount = people[6];
  if (!payoutAccount) throw new Error("no payout account");
  const payoutAddress = await payoutAccount.getAddress();
  const photo = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 131) % 256);
  const form = new TextEncoder().encode(
    JSON.stringify({ incident: "storm 2026-11-24", damage: "hull breach, port side", estimate: "1,450 USDC" }),
  );
  const filed = await maria.member.fileClaim({
    incidentId,
    amount: 1_450n * USDC,
    recipient: payoutAddress,
    files: [
      { name: "hull-port-side.jpg", mediaType: "image/jpeg", content: photo },
      { name: "claim-form.json", mediaType: "application/json", content: form },
    ],
    onProgress: (event) => {
      if (event.status === "done") {
        timings.push({ step: `claim: ${event.step}`, ms: event.ms ?? 0 });
        say(`    ⏱  ${event.step}: ${(event.ms ?? 0).toFixed(0)} ms${event.detail ? ` (${event.detail})` : ""}`);
      }
    },
  });
  gas("fileClaim (Groth16 proof verified on-chain)", filed.receipt);
  say(`    evidence ${filed.evidenceCid}`);
  say(`    nullifier ${filed.nullifier.toString().slice(0, 20)}… sent by the relayer ${filed.receipt.from}`);
  const second = await maria.member
    .fileClaim({
      incidentId,
      amount: 100n * USDC,
      recipient: payoutAddress,
      files: [{ name: "again.txt", mediaType: "text/plain", content: form }],
      // The same payout address again: Maria confirms the warning that it now appears as a claim recipient.
      confirm: () => true,
    })
    .catch((error: unknown) => error);
  check(
    (second as { code?: string }).code === "NullifierAlreadyUsed",
    "a second claim by Maria for the same storm is refused (NullifierAlreadyUsed: one claim per member per incident)",
  );

  say("\n7. What an outsider sees of the claim (every event, every transaction, every evidence block, from a fresh IPFS node)");
  const observer = await HeliaEvidenceStore.create();
  try {
    const [address] = net.store.multiaddrs().length ? net.store.multiaddrs() : [undefined];
    if (!address) throw new Error("the demo's IPFS node does not listen");
    await observer.connect(address);
    const records = await collectPublicRecord({ provider: net.chain.provider, deployment: admin.deployment, observer });
    const record = records.find((r) => r.claimId === filed.claimId);
    if (!record) throw new Error("the claim is not in the public record");
    say(
      `    its events: ClaimFiled(claimId, incident ${incidentId}, nullifier, recipient ${payoutAddress}, amount, class, the evidence CID's digest)`,
    );
    say(
      `    its transaction: from ${record.transaction.from} (the relayer); ${(record.transaction.data.length - 2) / 2} bytes of calldata: incident, root, nullifier, amount, class, recipient, evidence digest, proof`,
    );
    say(`    its evidence folder, read by a node with no key: ${record.evidence.listing.map((l) => `${l.name} (${l.size} B)`).join(", ")}`);
    const envelope = record.evidence.blocks.map((b) => Buffer.from(b).toString("utf8")).find((t) => t.includes('"recipients"'));
    const entries = envelope ? (JSON.parse(envelope) as { recipients: { header: object }[] }).recipients : [];
    say(
      `    keys.json: a JWE with ${entries.length} entries, each only ${JSON.stringify(Object.keys(entries[0]?.header ?? {}))} and a wrapped key; everything else is ciphertext`,
    );
    const forms = await identifierForms({
      did: await maria.wallet.did(),
      resolver: agentResolver(maria.handle.agent),
      addresses: [await maria.signer.getAddress()],
    });
    const found = findInRecord([record], forms);
    for (const { form, where } of found) say(`    found ${form} in ${where}`);
    check(
      found.length === 0 && entries.length === assessors.length + 1,
      `none of Maria's ${forms.length} identifier forms (DID, key ids, Ed25519/X25519 keys in hex, base64, base58, multibase; her address, which paid premiums) appears in any of it`,
    );
  } finally {
    await observer.close();
  }

  say("\n8. The assessors decrypt the evidence and vote with sealed, anonymous ballots");
  const panel = assessors.slice(0, 3).map(
    (a) =>
      new Assessor({
        ...a,
        signer: relayer,
        deployment: admin.deployment,
        store: net.store,
        relayer: relayerService.url,
        prover: voteProver,
      }),
  );
  const decisions = [
    { approve: true, amount: 1_300n * USDC, reason: "hull damage confirmed; the estimate includes a rail that was already broken" },
    { approve: true, reason: "consistent with the storm and the photos" },
    { approve: false, reason: "I would want a repairer's quote first" },
  ];
  for (const [index, assessor] of panel.entries()) {
    const name = assessors[index]?.name ?? "?";
    const [claim] = await assessor.listClaims(incidentId);
    if (!claim) throw new Error("claim not listed");
    const evidence = await timed(`${name} fetches and decrypts the evidence`, () => assessor.openEvidence(claim));
    let bytes = 0;
    for (const file of evidence.files) bytes += (await file.bytes()).length;
    say(
      `    ${name} read ${evidence.files.map((f) => f.name).join(", ")} (${bytes.toLocaleString("en")} bytes, hashes match the manifest)`,
    );
    const decision = decisions[index] as (typeof decisions)[number];
    const sent = await timed(`${name}'s sealed ballot (seat proof made locally)`, () => assessor.vote(claim, decision, { evidence }));
    gas(`sealed assessor vote (commitment + seat proof, relayed)`, sent);
  }
  const [listed] = await (panel[0] as Assessor).listClaims(incidentId);
  say(`    on-chain: ${listed?.round.commits} sealed ballots from the relayer; how each voted, and which seat cast it, is not there`);

  say("\n9. Voting closes; the assessors reveal, anyone decides, and after the cooldown anyone settles");
  const settlement = new Settlement({ signer: relayer, deployment: admin.deployment });
  await net.chain.increaseTime(14 * DAY + 1);
  for (const assessor of panel) await assessor.reveal();
  const revealed = (await settlement.rounds(incidentId, filed.nullifier)).assessors;
  say(`    revealed: ${revealed.approvals} approvals, ${revealed.rejections} rejection (each reveal names a nullifier, never a seat)`);
  await net.chain.increaseTime(DAY + 1);
  gas("finalize (decide from the revealed votes)", await settlement.finalize(incidentId, filed.nullifier));
  const reasons = await maria.member.reasons(incidentId, filed.nullifier);
  for (const r of reasons) say(`    Maria reads a reason sealed to her: "${r.reason}"`);
  check(reasons.length === 3, "every vote came with a reason only Maria can read");
  await net.chain.increaseTime(3_601);
  const token = erc20(net.tokenAddress, net.chain.provider);
  const before = (await token.getFunction("balanceOf")(payoutAddress)) as bigint;
  gas("settle (payout)", await settlement.settle(incidentId, filed.nullifier));
  const after = (await token.getFunction("balanceOf")(payoutAddress)) as bigint;

  say("\n10. The outcome");
  const status = await settlement.status(incidentId, filed.nullifier);
  const pool = await admin.mutual.accounts();
  say(
    `    claim status ${status.status}, approved ${usdc(status.approvedAmount)} (the largest amount more than half of the approving assessors accepted)`,
  );
  say(`    Maria's payout address received ${usdc(after - before)}`);
  say(`    pool: premiums ${usdc(pool.premiums)}, capital ${usdc(pool.capital)}, payouts ${usdc(pool.payouts)}, held ${usdc(pool.held)}`);
  check(status.status === "Paid", "the claim is paid");
  check(after - before === 1_300n * USDC, "the payout is the approved amount");
  check(pool.held === pool.premiums + pool.capital - pool.payouts && pool.reserved === 0n, "the pool's books balance");

  say("\n11. A cyclone: the wind index at Kilifi crosses its threshold, and the covered fishers are paid at once");
  await (await feed.getFunction("updateAnswer")(96)).wait();
  const keeperAccount = people[7];
  if (!keeperAccount) throw new Error("no keeper account");
  const triggerStarted = Date.now();
  const triggered = await new ParametricCoverClient(parametricCover, keeperAccount).triggerFromFeed(CYCLONE);
  gas("triggerFromFeed (anyone: a fresh round over 90 knots)", triggered.receipt);
  const cyclone = await cover.getEvent(triggered.eventId);
  say(`    event ${triggered.eventId}: gust 96 knots, band 2 pays ${usdc(cyclone?.payout ?? 0n)} to each covered fisher, no vote`);
  let lastBlock = triggered.receipt.blockNumber;
  for (const name of ["Maria", "Kofi", "Sione"]) {
    const fisher = members.find((m) => m.name === name);
    if (!fisher) throw new Error(`no ${name}`);
    const [event] = (await fisher.member.parametricEvents()).filter((e) => e.event.eventId === triggered.eventId);
    const recipient = Wallet.createRandom().address;
    const paid = await timed(`${name}'s wallet sees the event and claims (proof in the wallet, sent by the relayer)`, () =>
      fisher.member.claimParametric({ eventId: triggered.eventId, recipient }),
    );
    if (name === "Maria") gas("parametric claim (proof verified, paid at once)", paid.sent);
    lastBlock = paid.sent.blockNumber;
    check(
      event?.held !== undefined && paid.paid === 800n * USDC,
      `${name}'s wallet found the event covered, and a fresh address got ${usdc(paid.paid)}`,
    );
  }
  say(`    from the trigger to the third payout: ${lastBlock - triggered.receipt.blockNumber} blocks, ${Date.now() - triggerStarted} ms`);
  const ingrid = members.find((m) => m.name === "Ingrid");
  const refused = await ingrid?.member
    .claimParametric({ eventId: triggered.eventId, recipient: Wallet.createRandom().address })
    .catch((error: unknown) => error);
  check(
    (refused as { code?: string }).code === "NOT_COVERED",
    "Ingrid, who did not buy the cyclone cover, is refused in her own wallet (NOT_COVERED); the circuit would refuse the proof too",
  );

  say("\nGas");
  for (const { step, gas: used } of gasTable) say(`    ${step.padEnd(52)} ${used.toLocaleString("en").padStart(10)}`);
  say(process.exitCode ? "\nThe story did NOT end as it should." : "\nThe story ended as it should.");
  await relayerService.close();
} finally {
  await prover.close();
  await voteProver.close();
  await net.close();
}
