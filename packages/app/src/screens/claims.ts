import { Settlement } from "@mutua/sdk/browser";
import { VoidSigner, ZeroAddress } from "ethers";
import type { AppContext } from "../context.ts";
import { formatMoment, t } from "../i18n/translate.ts";
import { memberOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { describeError } from "../ui/describe-error.ts";
import { date, format, h, screen } from "../ui/dom.ts";
import { evidenceView } from "../ui/evidence-view.ts";

/** A claim's state: a word for the badge, a sentence for the claim's own page (the chain's name when unknown). */
const statusWords = (status: string): { word: string; sentence: string } => {
  const words: Record<string, { word: string; sentence: string }> = {
    Filed: { word: t("Filed"), sentence: t("Filed: the assessors are reviewing it") },
    Approved: { word: t("Approved"), sentence: t("Approved: the payout is on its way") },
    Rejected: { word: t("Rejected"), sentence: t("Rejected") },
    Expired: { word: t("Expired"), sentence: t("Expired: not decided in time") },
    Paid: { word: t("Paid"), sentence: t("Paid") },
    Lapsed: { word: t("Lapsed"), sentence: t("Lapsed: paying the recipient failed for 30 days") },
    Appealed: { word: t("Appealed"), sentence: t("Appealed: the members are reviewing it") },
  };
  return words[status] ?? { word: status, sentence: status };
};

/** The member's claims, from the sealed notes kept with the wallet, each with its state read from the chain. */
export function claimsScreen(context: AppContext): HTMLElement {
  const claims = requireSession(context).claims();
  const stateOf = (incidentId: string, nullifier: string) => {
    const badge = h("span", { class: "badge", "data-state": "checking" }, t("checking…"));
    memberOf(context)
      .then((member) => member.claimStatus(BigInt(incidentId), BigInt(nullifier)))
      .then(
        (record) => {
          badge.textContent = statusWords(record.status).word;
          badge.dataset.state = record.status;
        },
        () => {
          badge.textContent = t("state unknown (offline?)");
          badge.dataset.state = "unknown";
        },
      );
    return badge;
  };
  return screen(
    t("My claims"),
    claims.length === 0
      ? h("p", {}, t("You have not filed a claim from this wallet."))
      : h(
          "ul",
          { class: "cards" },
          ...[...claims].reverse().map((c) =>
            h(
              "li",
              { class: "card" },
              h(
                "a",
                { href: `#/claims/${c.claimId}` },
                t("{incident}: {amount}", {
                  incident: c.incident || t("Incident {id}", { id: c.incidentId }),
                  amount: format(BigInt(c.amount), context.config.token.decimals, context.config.token.symbol),
                }),
              ),
              " ",
              stateOf(c.incidentId, c.nullifier),
              h("p", {}, t("Filed {when}", { when: formatMoment(Date.parse(c.filedAt) / 1000) })),
            ),
          ),
        ),
    h("a", { href: "#/claim", class: "button" }, t("File a claim")),
  );
}

/** One claim followed on-chain: its status, the assessors' votes, their reasons (sealed to the claimant), the payout. */
export async function claimDetailScreen(context: AppContext, claimId: string): Promise<HTMLElement> {
  const note = requireSession(context)
    .claims()
    .find((c) => c.claimId === claimId);
  if (!note)
    return screen(
      t("Claim not found"),
      h("p", {}, t("This wallet filed no claim with that id.")),
      h("a", { href: "#/claims" }, t("My claims")),
    );
  const { token, deployment } = context.config;
  const money = (value: bigint) => format(value, token.decimals, token.symbol);
  const [incidentId, nullifier] = [BigInt(note.incidentId), BigInt(note.nullifier)];
  const body = h("div", { class: "claim", "aria-live": "polite" });
  const evidenceBox = h("div");
  let collect: HTMLElement | "" = "";
  try {
    const member = await memberOf(context);
    const record = await member.claimStatus(incidentId, nullifier);
    const settlement = new Settlement({ signer: new VoidSigner(ZeroAddress, await context.chain()), deployment });
    const { assessors } = await settlement.rounds(incidentId, nullifier);
    const reasons = await member.reasons(incidentId, nullifier);
    const payableAt = await settlement.payableAt(incidentId, nullifier);
    const due = deployment.keeper ? await member.claimDue(incidentId, nullifier) : "None";
    // When the claim can move on (decided, or paid) and no keeper has done it yet, the member does it themselves:
    // sent through the relayer, so no account of theirs appears.
    if (due === "Finalize" || due === "Settle" || due === "Lapse") {
      collect = actionForm({
        name: due === "Finalize" ? t("Get the decision") : t("Collect my payout"),
        fields: [],
        submit: due === "Finalize" ? t("Get the decision now") : t("Collect my payout now"),
        run: async (status) => {
          status(due === "Finalize" ? t("Asking the chain to decide your claim…") : t("Asking the chain to pay your claim…"));
          const done = await (await memberOf(context)).collectPayout(incidentId, nullifier);
          status(
            done.status.status === "Paid" ? t("Paid.") : t("Your claim is now {status}.", { status: statusWords(done.status.status).word }),
          );
          context.navigate(`#/claims/${claimId}`);
        },
      });
    }
    body.append(
      h("p", { class: "claim-status", "data-status": record.status }, h("strong", {}, statusWords(record.status).sentence)),
      h("p", {}, t("Asked: {amount} to {recipient}.", { amount: money(record.amount), recipient: record.recipient })),
      record.status === "Paid" || record.status === "Approved"
        ? h(
            "p",
            { class: "payout" },
            record.status === "Paid"
              ? t("Paid: {amount}.", { amount: money(record.approvedAmount) })
              : t("Approved: {amount}.", { amount: money(record.approvedAmount) }),
          )
        : "",
      (record.status === "Paid" || record.status === "Approved") && record.approvedAmount < record.amount
        ? h(
            "p",
            { class: "payout-rule" },
            t(
              "Less than the {asked} you asked: the mutual pays the largest amount that more than half of the approving assessors accepted. You can appeal a cut within the cooldown after the decision.",
              { asked: money(record.amount) },
            ),
          )
        : "",
      payableAt !== undefined && record.status === "Approved"
        ? h("p", {}, t("Payable from {day}: a keeper pays it then, or you collect it here yourself.", { day: date(payableAt) }))
        : "",
      h("h2", {}, t("Assessment")),
      h(
        "p",
        {},
        assessors.opened || assessors.commits > 0
          ? t(
              "{commits, plural, one {# sealed vote} other {# sealed votes}}; {approvals, plural, one {# approval} other {# approvals}} and {rejections, plural, one {# rejection} other {# rejections}} revealed; {quorum} needed.",
              { commits: assessors.commits, approvals: assessors.approvals, rejections: assessors.rejections, quorum: assessors.quorum },
            )
          : t("No assessor has voted yet."),
      ),
      reasons.length > 0
        ? h(
            "ul",
            { class: "reasons", "aria-label": t("Assessors' reasons") },
            ...reasons.map((r) =>
              h(
                "li",
                {},
                r.approve
                  ? t("Approve {amount}: “{reason}”", { amount: money(r.amount), reason: r.reason })
                  : t("Reject: “{reason}”", { reason: r.reason }),
              ),
            ),
          )
        : "",
    );
  } catch (error) {
    body.append(
      h("p", { role: "alert" }, t("This claim's status cannot be read now: {reason}", { reason: describeError(error).sentence })),
    );
  }
  return screen(
    t("Claim for incident {id}", { id: note.incidentId }),
    body,
    collect,
    actionForm({
      name: t("Open my evidence"),
      fields: [evidenceBox],
      submit: t("Open my evidence"),
      run: async (status) => {
        status(t("Fetching and decrypting…"));
        const member = await memberOf(context);
        evidenceBox.replaceChildren(await evidenceView(await member.openOwnEvidence(incidentId, note.evidenceCid)));
        status("");
      },
    }),
    h("a", { href: "#/claims" }, t("All my claims")),
  );
}
