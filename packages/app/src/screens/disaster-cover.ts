import type { ParametricEventMatch } from "@mutua/sdk/browser";
import type { AppContext } from "../context.ts";
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
  if (!context.config.deployment.parametricCover) return screen("Disaster cover", h("p", {}, "This mutual sells no disaster cover."));
  const list = h("ul", { class: "cards", "aria-label": "Disaster events" });
  const events = await (await memberOf(context)).parametricEvents();
  if (events.length === 0) list.append(h("li", { class: "card" }, h("p", {}, "No disaster event so far.")));
  for (const match of [...events].reverse()) list.append(eventCard(context, match));
  return screen(
    "Disaster cover",
    h(
      "p",
      {},
      "When an agreed index (rain, wind) crosses its threshold in your region, your policy pays a fixed amount at once: no evidence, no vote. ",
      "Your wallet checks which events cover you; nothing about you is sent to anyone.",
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
    h("h2", {}, product.description),
    h("p", {}, `Region ${event.region}, ${date(event.occurredAt)}: pays ${pays} to each covered member.`),
  );
  if (match.claimed) card.append(h("p", { class: "badge", "data-state": "valid" }, "You claimed it."));
  else if (!match.held) card.append(h("p", { class: "note" }, `Not covered: ${match.reason ?? "no policy of yours covers it"}.`));
  else if (!match.open) card.append(h("p", { class: "note" }, `Claims closed on ${date(event.claimsCloseAt)}.`));
  else card.append(claimForm(context, event.eventId, pays, event.claimsCloseAt));
  return card;
}

function claimForm(context: AppContext, eventId: bigint, pays: string, closes: bigint): HTMLFormElement {
  const recipient = h("input", { type: "text", autocomplete: "off", spellcheck: "false", required: true, placeholder: "0x…" });
  return actionForm({
    name: `Claim ${pays}`,
    fields: [
      h("p", {}, `Your policy covers this event. Claim by ${date(closes)}.`),
      field("Payout address", recipient, "Use an address that never paid premiums, or the claim can be linked to you."),
    ],
    submit: `Claim ${pays}`,
    run: async (status) => {
      if (!/^0x[0-9a-fA-F]{40}$/.test(recipient.value.trim())) {
        throw new AppError("BAD_ADDRESS", "The payout address must be 0x followed by 40 hexadecimal characters.");
      }
      const onProof = (stage: ProofStage) => {
        if (stage === "loading") status("Loading the circuit (first time only)…");
        if (stage === "proving") status("Proving you are covered, without saying who you are…");
      };
      const member = await memberOf(context, { onProof });
      const result = await member.claimParametric({
        eventId,
        recipient: recipient.value.trim(),
        confirm: (warning) => window.confirm(`${warning.message}.\n\nClaim anyway?`),
        onProgress: (event) => {
          if (event.status === "start" && event.step === "sync-members") status("Reading the member list as it was at the event…");
          if (event.status === "start" && event.step === "submit") status("Sending the claim through the relayer…");
        },
      });
      const { symbol, decimals } = context.config.token;
      status(`Paid ${format(result.paid, decimals, symbol)} to ${recipient.value.trim()}.`);
    },
  });
}
