import type { Admission } from "@mutua/sdk";
import { parseOffer } from "@mutua/sdk";
import { payingAccount } from "../chain/accounts.ts";
import type { AppContext } from "../context.ts";
import { memberOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { button, date, field, format, h, screen } from "../ui/dom.ts";

/** The issuer's offer, checked to be for this wallet before anything is paid. */
function offerForThisWallet(text: string, did: string, commitment: bigint): Admission {
  const offer = parseOffer(text);
  if (offer.memberDid !== did || offer.identityCommitment !== commitment) {
    throw new AppError("OFFER_FOR_SOMEONE_ELSE", "This offer was made to another wallet: paying it would not cover you.");
  }
  return offer;
}

/** Joining: the request for the issuer, the premium paid from the member's Ethereum account, the credential kept. */
export async function joinScreen(context: AppContext): Promise<HTMLElement> {
  const session = requireSession(context);
  const { deployment, token } = context.config;
  const request = await session.wallet.requestMembership({ chainId: deployment.chainId, contract: deployment.mutual });
  await session.wallet.flush();
  const requestText = JSON.stringify({ memberDid: request.memberDid, identityCommitment: request.identityCommitment.toString() });
  const download = () => {
    const link = h("a", {
      href: URL.createObjectURL(new Blob([requestText], { type: "application/json" })),
      download: "mutua-membership-request.json",
    });
    link.click();
  };

  const offerText = h("textarea", { rows: 5, spellcheck: "false" });
  const offerSummary = h("p", { class: "summary", "aria-live": "polite" });
  // The offer in words as soon as it is pasted, before anything can be paid: cover, period, price.
  const describeOffer = (offer: Admission) =>
    `Premium ${format(offer.premium, token.decimals, token.symbol)} for cover up to ${format(BigInt(offer.terms.coverageLimit), token.decimals, token.symbol)} per claim, ${date(offer.terms.policyStart)} to ${date(offer.terms.policyExpiry)}.`;
  offerText.addEventListener("input", () => {
    try {
      offerSummary.textContent = describeOffer(offerForThisWallet(offerText.value.trim(), request.memberDid, request.identityCommitment));
    } catch (error) {
      offerSummary.textContent = offerText.value.trim() ? (error as Error).message : "";
    }
  });
  const credentialText = h("textarea", { rows: 5, spellcheck: "false" });

  return screen(
    "Join the mutual",
    h("h2", {}, "1. Ask to join"),
    h("p", {}, "Send this request to the mutual. It holds your identity and a commitment to your secret; the secret stays here."),
    h("pre", { class: "request", tabindex: "0", "aria-label": "Your membership request" }, requestText),
    h(
      "div",
      { class: "row" },
      button("Copy the request", () => navigator.clipboard.writeText(requestText), { kind: "secondary" }),
      button("Download the request", download, { kind: "secondary" }),
    ),
    h("h2", {}, "2. Pay the premium"),
    actionForm({
      name: "Pay the premium",
      fields: [field("The mutual's offer", offerText, "Paste the offer the mutual sent you."), offerSummary],
      submit: "Pay the premium",
      run: async (status) => {
        const offer = offerForThisWallet(offerText.value.trim(), request.memberDid, request.identityCommitment);
        offerSummary.textContent = describeOffer(offer);
        status("Asking your Ethereum wallet to pay…");
        const { signer, source } = await payingAccount(context.config);
        const member = await memberOf(context, { signer });
        const receipt = await member.payPremium(offer);
        status(
          `Paid from your ${source} ${await signer.getAddress()} (transaction ${receipt.hash.slice(0, 10)}…). The mutual can now admit you.`,
        );
      },
    }),
    h("h2", {}, "3. Keep your credential"),
    actionForm({
      name: "Keep the credential",
      fields: [field("The credential you received", credentialText, "Paste the credential the mutual sent you once it admitted you.")],
      submit: "Keep the credential",
      run: async (status) => {
        const text = credentialText.value.trim();
        if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text))
          throw new AppError(
            "NOT_A_CREDENTIAL",
            "That is not a credential: paste the whole text the mutual sent (three parts separated by dots).",
          );
        await session.wallet.accept(text);
        await session.wallet.flush();
        status("Kept. You are a member.");
        context.navigate("#/home");
      },
    }),
  );
}
