import type { ParametricEventMatch } from "@mutua/sdk/browser";
import type { AppContext } from "../context.ts";
import { t } from "../i18n/translate.ts";
import type { ProofStage } from "../prover/worker-prover.ts";
import { memberOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { date, field, format, h, screen } from "../ui/dom.ts";

/**
 * Disaster cover (parametric): the events oracles opened, each with whether this wallet's policy covers it, decided
 * in the wallet from public data (nothing about the member is sent), and a one-step claim for those that do.
 */
export async function disasterCoverScreen(context: AppContext): Promise<HTMLElement> {
  requireSession(context);
  if (!context.config.deployment.parametricCover) return screen(t("Disaster cover"), h("p", {}, t("This mutual sells no disaster cover.")));
  const list = h("ul", { class: "cards", "aria-label": t("Disaster events") });
  const events = await (await memberOf(context)).parametricEvents();
  if (events.length === 0) list.append(h("li", { class: "card" }, h("p", {}, t("No disaster event so far."))));
  for (const match of [...events].reverse()) list.append(eventCard(context, match));
  return screen(
    t("Disaster cover"),
    h(
      "p",
      {},
      t(
        "When an agreed index (rain, wind) crosses its threshold in your region, your policy pays a fixed amount at once: no evidence, no vote.",
      ),
      " ",
      t("Your wallet checks which events cover you; nothing about you is sent to anyone."),
    ),
    list,
  );
}

function eventCard(context: AppContext, match: ParametricEventMatch): HTMLElement {
  const { symbol, decimals } = context.config.token;
  const { event, product } = match;
  const pays = format(event.payout, decimals, symbol);
  const card = h(
    "li",
    { class: "card", "data-event": event.eventId.toString() },
    // The mutual's own words for its product, shown as it wrote them.
    h("h2", { translate: "no" }, product.description),
    h(
      "p",
      {},
      t("Region {region}, {day}: pays {amount} to each covered member.", {
        region: event.region,
        day: date(event.occurredAt),
        amount: pays,
      }),
    ),
  );
  if (match.claimed) card.append(h("p", { class: "badge", "data-state": "valid" }, t("You claimed it.")));
  else if (!match.held)
    card.append(h("p", { class: "note" }, t("Not covered: {reason}.", { reason: match.reason ?? t("no policy of yours covers it") })));
  else if (!match.open) card.append(h("p", { class: "note" }, t("Claims closed on {day}.", { day: date(event.claimsCloseAt) })));
  else card.append(claimForm(context, event.eventId, pays, event.claimsCloseAt));
  return card;
}

function claimForm(context: AppContext, eventId: bigint, pays: string, closes: bigint): HTMLFormElement {
  const recipient = h("input", { type: "text", autocomplete: "off", spellcheck: "false", required: true, placeholder: "0x…" });
  return actionForm({
    name: t("Claim {amount}", { amount: pays }),
    fields: [
      h("p", {}, t("Your policy covers this event. Claim by {day}.", { day: date(closes) })),
      field(t("Payout address"), recipient, t("Use an address that never paid premiums, or the claim can be linked to you.")),
    ],
    submit: t("Claim {amount}", { amount: pays }),
    run: async (status) => {
      if (!/^0x[0-9a-fA-F]{40}$/.test(recipient.value.trim())) {
        throw new AppError("BAD_ADDRESS", t("The payout address must be 0x followed by 40 hexadecimal characters."));
      }
      const onProof = (stage: ProofStage) => {
        if (stage === "loading") status(t("Loading the circuit (first time only)…"));
        if (stage === "proving") status(t("Proving you are covered, without saying who you are…"));
      };
      const member = await memberOf(context, { onProof });
      const result = await member.claimParametric({
        eventId,
        recipient: recipient.value.trim(),
        confirm: (warning) => window.confirm(`${warning.message}.\n\n${t("Claim anyway?")}`),
        onProgress: (event) => {
          if (event.status === "start" && event.step === "sync-members") status(t("Reading the member list as it was at the event…"));
          if (event.status === "start" && event.step === "submit") status(t("Sending the claim through the relayer…"));
        },
      });
      const { symbol, decimals } = context.config.token;
      status(t("Paid {amount} to {recipient}.", { amount: format(result.paid, decimals, symbol), recipient: recipient.value.trim() }));
    },
  });
}
