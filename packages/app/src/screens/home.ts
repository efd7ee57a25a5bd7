import type { HeldMembership } from "@mutua/sdk/browser";
import { MembershipVerifier } from "@mutua/sdk/browser";
import type { AppContext } from "../context.ts";
import { t } from "../i18n/translate.ts";
import { memberOf, requireSession } from "../roles.ts";
import { describeError } from "../ui/describe-error.ts";
import { date, format, h, screen } from "../ui/dom.ts";

type CredentialState = { state: "valid" | "revoked" | "expired" | "not yet valid" | "unchecked"; note?: string };

/** The states in words (the data-state attribute keeps the English name for styles and tests). */
const stateWords = (state: CredentialState["state"]): string =>
  ({
    valid: t("valid"),
    revoked: t("revoked"),
    expired: t("expired"),
    "not yet valid": t("not yet valid"),
    unchecked: t("unchecked"),
  })[state];

/** The policy, as a member would say it. */
export function policyInWords(context: AppContext, held: HeldMembership): string {
  const { terms } = held.membership;
  const { symbol, decimals } = context.config.token;
  return t("Covers up to {limit} per claim, for losses from {start} to {end} (policy {policy}).", {
    limit: format(BigInt(terms.coverageLimit), decimals, symbol),
    start: date(terms.policyStart),
    end: date(terms.policyExpiry),
    policy: terms.policyId.toString(),
  });
}

async function stateOf(context: AppContext, held: HeldMembership): Promise<CredentialState> {
  const verifier = new MembershipVerifier(requireSession(context).handle.agent, { trustedIssuers: [context.config.issuerDid] });
  try {
    await verifier.verifyCredential(held.jwt);
    return { state: "valid" };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "REVOKED") return { state: "revoked", note: t("The mutual revoked it: it no longer covers claims.") };
    if (code === "EXPIRED") return { state: "expired", note: t("Renew your membership to be covered again.") };
    if (code === "NOT_YET_VALID") return { state: "not yet valid" };
    return { state: "unchecked", note: t("Its status could not be checked now: {reason}", { reason: describeError(error).sentence }) };
  }
}

/** A sentence for the first open disaster event that covers this wallet and that it has not claimed, if any. */
async function disasterToClaim(context: AppContext): Promise<string | undefined> {
  try {
    const events = await (await memberOf(context)).parametricEvents();
    const due = events.find((e) => e.open && e.held && !e.claimed);
    if (!due) return undefined;
    const { symbol, decimals } = context.config.token;
    return t("{event}: your policy pays {amount}.", { event: due.product.description, amount: format(due.event.payout, decimals, symbol) });
  } catch {
    return undefined; // offline, or the chain unreachable: the wallet still opens
  }
}

/** The wallet: who the member is to the mutual, what covers them, and where to go next. */
export async function homeScreen(context: AppContext): Promise<HTMLElement> {
  const session = requireSession(context);
  const mutual = { chainId: context.config.deployment.chainId, contract: context.config.deployment.mutual };
  const held = session.wallet
    .memberships()
    .filter(
      (m) =>
        m.membership.mutual?.contract?.toLowerCase() === mutual.contract.toLowerCase() && m.membership.mutual?.chainId === mutual.chainId,
    );
  const list = h("ul", { class: "cards", "aria-label": t("Your memberships") });
  if (held.length === 0) {
    list.append(h("li", { class: "card" }, h("p", {}, t("You are not a member yet. Ask to join: the mutual will offer you a policy."))));
  }
  for (const membership of held) {
    const badge = h("span", { class: "badge", "data-state": "checking" }, t("checking…"));
    const note = h("p", { class: "note" });
    list.append(
      h(
        "li",
        { class: "card", "data-credential": membership.credentialId },
        h("h2", {}, t("Membership"), " ", badge),
        h("p", {}, policyInWords(context, membership)),
        note,
      ),
    );
    void stateOf(context, membership).then((state) => {
      badge.textContent = stateWords(state.state);
      badge.dataset.state = state.state;
      note.textContent = state.note ?? "";
    });
  }
  const backup = session.wallet.backupStatus();
  // A disaster event that covers this wallet and waits for its claim: found from public data, in the wallet.
  const disaster = h("p", { class: "notice", role: "status", hidden: true });
  if (held.length > 0 && context.config.deployment.parametricCover) {
    void disasterToClaim(context).then((text) => {
      if (!text) return;
      disaster.hidden = false;
      disaster.replaceChildren(text, " ", h("a", { href: "#/disasters" }, t("Claim it now")));
    });
  }
  return screen(
    context.config.deployment.name,
    backup.current
      ? ""
      : h(
          "p",
          { class: "notice backup-needed", role: "status" },
          held.length > 0
            ? t("Your wallet holds a membership your last backup does not: without a new backup, a lost phone loses the membership.")
            : t("Your wallet has no backup yet: without one, a lost phone loses your identity and its secret."),
          " ",
          h("a", { href: "#/backup" }, t("Make a backup now")),
        ),
    disaster,
    h("p", { class: "did" }, t("Your member identity:"), " ", h("code", { translate: "no" }, await session.did())),
    list,
    h(
      "nav",
      { "aria-label": t("Member actions"), class: "actions" },
      h("a", { href: "#/join", class: "button" }, held.length === 0 ? t("Join the mutual") : t("Renew or add a policy")),
      h("a", { href: "#/claim", class: "button" }, t("File a claim")),
      h("a", { href: "#/claims", class: "button secondary" }, t("My claims ({count})", { count: session.claims().length })),
      held.length > 0 && h("a", { href: "#/cover", class: "button secondary" }, t("Prove my cover")),
      held.length > 0 &&
        context.config.deployment.parametricCover &&
        h("a", { href: "#/disasters", class: "button secondary" }, t("Disaster cover")),
      h("a", { href: "#/backup", class: "button secondary" }, t("Back up my wallet")),
      h("a", { href: "#/assess", class: "button secondary" }, t("Assess claims")),
    ),
  );
}
