import { Settlement } from "@mutua/sdk";
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

/** The member's claims, from the sealed notes kept with the wallet. */
export function claimsScreen(context: AppContext): HTMLElement {
  const claims = requireSession(context).claims();
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
                  `Incident ${c.incidentId}: ${format(BigInt(c.amount), context.config.token.decimals, context.config.token.symbol)}`,
                ),
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
  try {
    const member = await memberOf(context);
    const record = await member.claimStatus(incidentId, nullifier);
    const settlement = new Settlement({ signer: new VoidSigner(ZeroAddress, await context.chain()), deployment });
    const { assessors } = await settlement.rounds(incidentId, nullifier);
    const reasons = await member.reasons(incidentId, nullifier);
    const payableAt = await settlement.payableAt(incidentId, nullifier);
    body.append(
      h("p", { class: "claim-status", "data-status": record.status }, h("strong", {}, STATUS_WORDS[record.status] ?? record.status)),
      h("p", {}, `Asked: ${money(record.amount)} to ${record.recipient}.`),
      record.status === "Paid" || record.status === "Approved"
        ? h("p", { class: "payout" }, `${record.status === "Paid" ? "Paid" : "Approved"}: ${money(record.approvedAmount)}.`)
        : "",
      payableAt !== undefined && record.status === "Approved"
        ? h("p", {}, `Payable from ${date(payableAt)}: the mutual's keeper settles it then.`)
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
