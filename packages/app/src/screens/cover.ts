import { describeCoverRequest } from "@mutua/sdk/browser";
import type { AppContext } from "../context.ts";
import { t } from "../i18n/translate.ts";
import { requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { field, h, screen } from "../ui/dom.ts";

/** Names a member reads, for the claims a verifier can ask about. */
const claimWords = (claim: string): string =>
  ({
    mutual: t("which mutual covers you"),
    policy_type: t("what you are covered for"),
    cover_limit_band: t("the range of your cover limit"),
    policy_period: t("the days you are covered"),
    in_good_standing: t("that your membership stands"),
  })[claim] ?? claim;

/**
 * Proof of cover for whoever asks (a marina, a landlord, a garage): their request link in, what they ask shown in
 * words, and only that shared, from a one-time credential no other verifier has seen. Nothing here touches the
 * chain or the claims: proofs of cover cannot be linked to claims.
 */
export function coverScreen(context: AppContext): HTMLElement {
  const session = requireSession(context);
  const left = h("p", { class: "summary", "aria-live": "polite" });
  const showLeft = () => {
    const n = session.wallet.coverProofsLeft();
    left.textContent =
      n > 0
        ? t(
            "You can prove your cover {count, plural, one {# more time} other {# more times}}; each proof is new, so two verifiers cannot tell it is you.",
            {
              count: n,
            },
          )
        : t("You have no proofs of cover yet: they come with your membership, or add them from your mutual's offer below.");
  };
  showLeft();

  const link = h("input", { type: "url", name: "request", autocomplete: "off", placeholder: "openid4vp://…" });
  const asks = h("div", { class: "summary", "aria-live": "polite" });
  let described: { link: string; verifier: string; claims: string[] } | undefined;
  const show = actionForm({
    name: t("Prove my cover"),
    fields: [field(t("The verifier's link"), link, t("Paste the link the verifier shows you (under its QR code).")), asks],
    submit: t("Continue"),
    run: async (status) => {
      const uri = link.value.trim();
      if (!uri.startsWith("openid4vp://"))
        throw new AppError("NOT_A_REQUEST", t("That is not a verifier's link: it starts with openid4vp://."));
      if (described?.link !== uri) {
        status(t("Reading what the verifier asks…"));
        const view = await describeCoverRequest(uri);
        described = { link: uri, ...view };
        asks.replaceChildren(
          h("p", {}, h("strong", { translate: "no" }, view.verifier), " ", t("asks to see:")),
          h("ul", { "aria-label": t("What the verifier asks") }, ...view.claims.map((c) => h("li", {}, claimWords(c)))),
          h("p", {}, t("Nothing else about you or your claims is shared. Press Share to show it.")),
        );
        const submit = show.querySelector<HTMLButtonElement>("button[type=submit]");
        if (submit) submit.textContent = t("Share");
        status("");
        return;
      }
      status(t("Sharing with the verifier…"));
      const result = await session.wallet.proveCover(uri);
      await session.wallet.flush();
      showLeft();
      described = undefined;
      const submit = show.querySelector<HTMLButtonElement>("button[type=submit]");
      if (submit) submit.textContent = t("Continue");
      if (!result.accepted)
        throw new AppError(
          "COVER_NOT_ACCEPTED",
          t("The verifier did not accept it: {reason}.", { reason: result.reason ?? t("no reason given") }),
        );
      asks.replaceChildren();
      link.value = "";
      status(t("Shown. The verifier sees that you are covered."));
    },
  });

  const offer = h("input", { type: "url", name: "offer", autocomplete: "off", placeholder: "openid-credential-offer://…" });
  const code = h("input", { type: "text", name: "code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: 6 });
  const add = actionForm({
    name: t("Add proofs of cover"),
    fields: [field(t("The mutual's offer link"), offer), field(t("The six-digit code sent with it"), code)],
    submit: t("Add proofs"),
    run: async (status) => {
      if (!offer.value.trim().startsWith("openid-credential-offer://"))
        throw new AppError("NOT_AN_OFFER", t("That is not a credential offer: it starts with openid-credential-offer://."));
      status(t("Receiving from the mutual…"));
      const count = await session.wallet.receiveCredentialOffer(offer.value.trim(), code.value.trim() || undefined);
      showLeft();
      offer.value = "";
      code.value = "";
      status(t("Added {count, plural, one {# proof} other {# proofs}} of cover.", { count }));
    },
  });

  return screen(
    t("Prove my cover"),
    left,
    show,
    h("details", {}, h("summary", {}, t("Add proofs from an offer the mutual sent you")), add),
    h("p", {}, h("a", { href: "#/home" }, t("Back to your wallet"))),
  );
}
