import type { ClaimUnderReview, OpenedEvidence } from "@mutua/sdk/browser";
import { Assessor } from "@mutua/sdk/browser";
import { parseUnits } from "ethers";
import type { AppContext } from "../context.ts";
import { locale, t } from "../i18n/translate.ts";
import type { ProofStage } from "../prover/worker-prover.ts";
import { assessorOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { describeError } from "../ui/describe-error.ts";
import { field, format, h, moment, screen } from "../ui/dom.ts";
import { evidenceView } from "../ui/evidence-view.ts";

/**
 * The assessor's desk: the seat to be appointed, the claims, their evidence (opened only if sealed to this
 * wallet's DID), and sealed votes: the vote is proven from the seat in the prover worker, committed through the
 * relayer, and revealed after voting closes. Nothing on-chain says which seat voted how.
 */
/** How often the desk reads the chain again while it is open. */
const DESK_REFRESH_MS = 10_000;

export async function assessScreen(context: AppContext): Promise<HTMLElement> {
  const session = requireSession(context);
  const { deployment } = context.config;
  const seat = Assessor.seatLeafOf(session.wallet, { chainId: deployment.chainId, contract: deployment.mutual });
  await session.wallet.flush();
  const list = h("ul", { class: "cards", "aria-label": t("Claims to assess") });
  const seatState = h("p", { class: "seat-state", "data-appointed": "checking" }, t("Checking whether your seat is appointed…"));
  const revealNote = h("p", { class: "reveal-note" });
  const updated = h("p", { class: "updated" });
  // Each claim's envelope is opened once per visit, however often the desk refreshes.
  const openings = new Map<string, Promise<OpenedEvidence>>();
  // Reads the chain and brings the desk up to date: new claims appear, closed votes stop being offered, deadlines
  // move on. A card the assessor is working in (focus inside, or a vote being sent) is left as it is.
  const refresh = async () => {
    const due = session.ballots.list().filter((b) => b.state === "committed").length;
    revealNote.textContent =
      due === 0
        ? t("No sealed vote waits to be revealed.")
        : t("{count, plural, one {# sealed vote waits} other {# sealed votes wait}} to be revealed once voting closes.", { count: due });
    try {
      const assessor = await assessorOf(context);
      const [claims, appointed, latest] = await Promise.all([
        assessor.listClaims(),
        assessor.seatAppointed(),
        (await context.chain()).getBlock("latest"),
      ]);
      seatState.textContent = appointed
        ? t("Your seat is appointed: you can vote on the claims below while their voting is open.")
        : t("Your seat is not appointed yet: the members appoint it by a governance vote. Until then you cannot vote.");
      seatState.dataset.appointed = appointed ? "yes" : "no";
      const now = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000));
      const voted = new Set(session.ballots.list().map((b) => `${b.claimId}:${b.round}`));
      const cards = claims.map((claim) => {
        const card = claimCard(context, assessor, claim, { now, appointed, voted: voted.has(`${claim.claimId}:0`), openings });
        const shown = list.querySelector<HTMLElement>(`[data-claim="${claim.claimId}"]`);
        if (!shown) return card;
        // A card already shown is updated part by part, so the evidence stays open and the focus where it is; a part
        // the assessor is working in (focus inside, a vote being sent) is left until they are done.
        for (const part of shown.querySelectorAll<HTMLElement>("[data-part]")) {
          const fresh = card.querySelector(`[data-part="${part.dataset.part}"]`);
          if (fresh && !part.contains(document.activeElement) && !part.querySelector("[aria-busy]")) part.replaceWith(fresh);
        }
        return shown;
      });
      if (cards.length === 0) cards.push(h("li", { class: "card" }, t("No claims have been filed.")));
      // Only what changed moves: a node taken out of the page would lose the focus inside it.
      const keep = new Set<Element>(cards);
      for (const child of [...list.children]) if (!keep.has(child)) child.remove();
      cards.forEach((card, i) => {
        if (list.children[i] !== card) list.insertBefore(card, list.children[i] ?? null);
      });
      updated.textContent = t("Updated {time}; it updates itself.", {
        time: new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(new Date()),
      });
    } catch (error) {
      if (list.childElementCount === 0)
        list.append(h("li", { role: "alert" }, t("The claims cannot be read now: {reason}", { reason: describeError(error).sentence })));
      updated.textContent = t("Not updated: {reason}", { reason: describeError(error).sentence });
    }
  };
  await refresh();
  let running = false;
  const timer = setInterval(() => {
    if (!list.isConnected) {
      clearInterval(timer); // the assessor left the desk
      return;
    }
    if (running) return;
    running = true;
    void refresh().finally(() => {
      running = false;
    });
  }, DESK_REFRESH_MS);
  return screen(
    t("Assess claims"),
    h(
      "p",
      {},
      t("Your assessor seat (members appoint it by a governance vote):"),
      " ",
      h("code", { class: "seat", translate: "no" }, seat.toString()),
    ),
    seatState,
    h("p", {}, t("Your DID, to which claimants seal evidence:"), " ", h("code", { translate: "no" }, await session.did())),
    updated,
    list,
    actionForm({
      name: t("Reveal my votes"),
      fields: [revealNote],
      submit: t("Reveal my votes"),
      run: async (status) => {
        status(t("Revealing the votes whose voting has closed…"));
        const assessor = await assessorOf(context);
        const { revealed, waiting, missed } = await assessor.reveal();
        await session.ballots.flush();
        status(
          [
            t("Revealed {count, plural, one {# vote} other {# votes}}.", { count: revealed.length }),
            waiting.length ? t("{count} wait for voting to close.", { count: waiting.length }) : "",
            missed.length ? t("{count} missed the reveal window.", { count: missed.length }) : "",
          ]
            .filter(Boolean)
            .join(" "),
        );
      },
    }),
  );
}

/** When the claim's vote can be cast and revealed, in words: the chain's clock decides, stretched by pauses. */
function windowsInWords(claim: ClaimUnderReview, now: bigint): string {
  const { commitEndsAt, revealEndsAt } = claim.round;
  if (commitEndsAt === 0n) return "";
  const times = { commit: moment(commitEndsAt), reveal: moment(revealEndsAt) };
  if (now <= commitEndsAt) return t("Voting open until {commit}; votes are revealed until {reveal}.", times);
  if (now <= revealEndsAt) return t("Voting closed on {commit}; reveal your vote by {reveal}.", times);
  return t("Voting closed on {commit} and its reveal window on {reveal}.", times);
}

function claimCard(
  context: AppContext,
  assessor: Assessor,
  claim: ClaimUnderReview,
  at: { now: bigint; appointed: boolean; voted: boolean; openings: Map<string, Promise<OpenedEvidence>> },
): HTMLElement {
  const { token } = context.config;
  const money = (value: bigint) => format(value, token.decimals, token.symbol);
  const evidenceBox = h("div", { class: "evidence-box" });
  const approve = h("select", {}, h("option", { value: "approve" }, t("Approve")), h("option", { value: "reject" }, t("Reject")));
  const amount = h("input", { type: "text", inputmode: "decimal", autocomplete: "off" });
  amount.value = (Number(claim.amount) / 10 ** token.decimals).toString();
  // The vote is sealed: nobody can correct it later. Say in words what will be sealed, as it is typed.
  const echo = h("p", { class: "vote-echo", "aria-live": "polite" });
  const sayVote = () => {
    if (approve.value !== "approve") {
      echo.textContent = t("You will reject this claim of {amount}.", { amount: money(claim.amount) });
      return;
    }
    try {
      const value = parseUnits(amount.value.trim(), token.decimals);
      echo.textContent =
        value > claim.amount
          ? t("That is more than the {asked} asked: an approval is at most what was asked.", { asked: money(claim.amount) })
          : t("You will approve {amount} of the {asked} asked.", { amount: money(value), asked: money(claim.amount) });
    } catch {
      echo.textContent = t("Write the amount to approve like 250 or 250.50.");
    }
  };
  approve.addEventListener("change", sayVote);
  amount.addEventListener("input", sayVote);
  sayVote();
  const reason = h("textarea", { rows: 3 });
  const proofNote = h("p", { class: "status" });
  const onProof = (stage: ProofStage) => {
    proofNote.textContent =
      stage === "loading" ? t("Loading the vote circuit…") : stage === "proving" ? t("Proving your seat, anonymously…") : "";
  };
  // Whether the claimant sealed the evidence to this assessor: the envelope and manifest are opened once (the files
  // are read only when shown), and that opening serves the "Open" button and the vote's reply key.
  const open = () => {
    let opening = at.openings.get(claim.claimId);
    if (!opening) {
      opening = assessor.openEvidence(claim);
      // A failure is not kept: the next refresh tries again.
      opening.catch(() => at.openings.delete(claim.claimId));
      at.openings.set(claim.claimId, opening);
    }
    return opening;
  };
  const sealed = h("p", { class: "sealed", "data-sealed": "checking" }, t("Checking whether it is sealed to you…"));
  void open().then(
    () => {
      sealed.textContent = t("Sealed to you: you can open and assess it.");
      sealed.setAttribute("data-sealed", "yes");
    },
    (error) => {
      const notYours = (error as { code?: string }).code === "NOT_A_RECIPIENT";
      sealed.textContent = notYours
        ? t("Not sealed to you.")
        : t("Whether it is sealed to you cannot be checked now: {reason}", { reason: describeError(error).sentence });
      sealed.setAttribute("data-sealed", notYours ? "no" : "unknown");
    },
  );
  return h(
    "li",
    { class: "card", "data-claim": claim.claimId },
    h("h2", {}, t("Incident {id}: {amount}", { id: claim.incidentId.toString(), amount: money(claim.amount) })),
    sealed,
    h(
      "p",
      { "data-part": "status", "data-status": claim.status.status },
      t("Status: {status}. Sealed votes: {count}.", { status: claim.status.status, count: claim.round.commits }),
    ),
    h("p", { "data-part": "windows", class: "windows" }, windowsInWords(claim, at.now)),
    h("div", { "data-part": "problem" }, claim.problem ? h("p", { role: "alert" }, claim.problem) : ""),
    actionForm({
      name: t("Open the evidence of incident {id}", { id: claim.incidentId.toString() }),
      fields: [evidenceBox],
      submit: t("Open the evidence"),
      run: async (status) => {
        status(t("Fetching and decrypting…"));
        evidenceBox.replaceChildren(await evidenceView(await open()));
        status("");
      },
    }),
    // A vote is offered only while it can be cast: an appointed seat, a claim still filed, voting still open, and
    // no sealed vote of this wallet on it yet.
    h(
      "div",
      { "data-part": "vote" },
      at.voted
        ? h("p", { class: "voted" }, t("You cast a sealed vote on this claim."))
        : !at.appointed || claim.status.status !== "Filed" || at.now > claim.round.commitEndsAt
          ? ""
          : actionForm({
              name: t("Vote on incident {id}", { id: claim.incidentId.toString() }),
              fields: [
                field(t("Decision"), approve),
                field(t("Amount to approve ({symbol})", { symbol: token.symbol }), amount),
                echo,
                field(t("Reason (sealed to the claimant)"), reason),
                proofNote,
              ],
              submit: t("Cast a sealed vote"),
              run: async (status) => {
                const approving = approve.value === "approve";
                let value = 0n;
                if (approving) {
                  try {
                    value = parseUnits(amount.value.trim(), token.decimals);
                  } catch {
                    throw new AppError("BAD_AMOUNT", t("“{text}” is not an amount: write it like 250 or 250.50.", { text: amount.value }));
                  }
                }
                if (reason.value.trim().length === 0)
                  throw new AppError("NO_REASON", t("Give the claimant a reason: it is sealed so that only they read it."));
                status(t("Preparing your sealed vote…"));
                const voter = await assessorOf(context, onProof);
                const decision = { approve: approving, ...(approving ? { amount: value } : {}), reason: reason.value.trim() };
                // The reply key comes from the envelope opened for this claim, when this wallet could open it.
                const evidence = await open().catch(() => undefined);
                await voter.vote(claim, decision, evidence ? { evidence } : {});
                await requireSession(context).ballots.flush();
                status(t("Your sealed vote is in. Reveal it after voting closes."));
              },
            }),
    ),
  );
}
