import { Settlement } from "@mutua/sdk/browser";
import { VoidSigner, ZeroAddress } from "ethers";
import type { AppContext } from "../context.ts";
import { memberOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { describeError } from "../ui/describe-error.ts";
import { date, format, h, screen } from "../ui/dom.ts";
import { evidenceView } from "../ui/evidence-view.ts";

const STATUS_WORDS: Record<string, string> = {
  Filed: "Filed: the assessors are reviewing it",
  Approved: "Approved: the payout is on its way",
  Rejected: "Rejected",
  Expired: "Expired: not decided in time",
  Paid: "Paid",
  Lapsed: "Lapsed: paying the recipient failed for 30 days",
  Appealed: "Appealed: the members are reviewing it",
};

/** The member's claims, from the sealed notes kept with the wallet, each with its state read from the chain. */
export function claimsScreen(context: AppContext): HTMLElement {
  const claims = requireSession(context).claims();
  const stateOf = (incidentId: string, nullifier: string) => {
    const badge = h("span", { class: "badge", "data-state": "checking" }, "checking…");
    memberOf(context)
      .then((member) => member.claimStatus(BigInt(incidentId), BigInt(nullifier)))
      .then(
        (record) => {
          badge.textContent = (STATUS_WORDS[record.status] ?? record.status).split(":")[0] ?? record.status;
          badge.dataset.state = record.status;
        },
        () => {
          badge.textContent = "state unknown (offline?)";
          badge.dataset.state = "unknown";
        },
      );
    return badge;
  };
  return screen(
    "My claims",
    claims.length === 0
      ? h("p", {}, "You have not filed a claim from this wallet.")
      : h(
          "ul",
          { class: "cards" },
          ...[...claims]
            .reverse()
            .map((c) =>
              h(
                "li",
                { class: "card" },
                h(
                  "a",
                  { href: `#/claims/${c.claimId}` },
                  `${c.incident || `Incident ${c.incidentId}`}: ${format(BigInt(c.amount), context.config.token.decimals, context.config.token.symbol)}`,
                ),
                " ",
                stateOf(c.incidentId, c.nullifier),
                h("p", {}, `Filed ${new Date(c.filedAt).toLocaleString("en-GB")}`),
              ),
            ),
        ),
    h("a", { href: "#/claim", class: "button" }, "File a claim"),
  );
}

/** One claim followed on-chain: its status, the assessors' votes, their reasons (sealed to the claimant), the payout. */
export async function claimDetailScreen(context: AppContext, claimId: string): Promise<HTMLElement> {
  const note = requireSession(context)
    .claims()
    .find((c) => c.claimId === claimId);
  if (!note)
    return screen("Claim not found", h("p", {}, "This wallet filed no claim with that id."), h("a", { href: "#/claims" }, "My claims"));
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
        name: due === "Finalize" ? "Get the decision" : "Collect my payout",
        fields: [],
        submit: due === "Finalize" ? "Get the decision now" : "Collect my payout now",
        run: async (status) => {
          status(due === "Finalize" ? "Asking the chain to decide your claim…" : "Asking the chain to pay your claim…");
          const done = await (await memberOf(context)).collectPayout(incidentId, nullifier);
          status(done.status.status === "Paid" ? "Paid." : `Your claim is now ${done.status.status}.`);
          context.navigate(`#/claims/${claimId}`);
        },
      });
    }
    body.append(
      h("p", { class: "claim-status", "data-status": record.status }, h("strong", {}, STATUS_WORDS[record.status] ?? record.status)),
      h("p", {}, `Asked: ${money(record.amount)} to ${record.recipient}.`),
      record.status === "Paid" || record.status === "Approved"
        ? h("p", { class: "payout" }, `${record.status === "Paid" ? "Paid" : "Approved"}: ${money(record.approvedAmount)}.`)
        : "",
      (record.status === "Paid" || record.status === "Approved") && record.approvedAmount < record.amount
        ? h(
            "p",
            { class: "payout-rule" },
            `Less than the ${money(record.amount)} you asked: the mutual pays the largest amount that more than half of the approving assessors accepted. You can appeal a cut within the cooldown after the decision.`,
          )
        : "",
      payableAt !== undefined && record.status === "Approved"
        ? h("p", {}, `Payable from ${date(payableAt)}: a keeper pays it then, or you collect it here yourself.`)
        : "",
      h("h2", {}, "Assessment"),
      h(
        "p",
        {},
        assessors.opened || assessors.commits > 0
          ? `${assessors.commits} sealed vote(s); ${assessors.approvals} approval(s) and ${assessors.rejections} rejection(s) revealed; ${assessors.quorum} needed.`
          : "No assessor has voted yet.",
      ),
      reasons.length > 0
        ? h(
            "ul",
            { class: "reasons", "aria-label": "Assessors' reasons" },
            ...reasons.map((r) =>
              h("li", {}, `${r.approve ? "Approve" : "Reject"}${r.approve ? ` ${money(r.amount)}` : ""}: “${r.reason}”`),
            ),
          )
        : "",
    );
  } catch (error) {
    body.append(h("p", { role: "alert" }, `This claim's status cannot be read now: ${describeError(error).sentence}`));
  }
  return screen(
    `Claim for incident ${note.incidentId}`,
    body,
    collect,
    actionForm({
      name: "Open my evidence",
      fields: [evidenceBox],
      submit: "Open my evidence",
      run: async (status) => {
        status("Fetching and decrypting…");
        const member = await memberOf(context);
        evidenceBox.replaceChildren(await evidenceView(await member.openOwnEvidence(incidentId, note.evidenceCid)));
        status("");
      },
    }),
    h("a", { href: "#/claims" }, "All my claims"),
  );
}
