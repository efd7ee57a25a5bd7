import type { Admission, CheckedOffer } from "@mutua/sdk/browser";
import { admissionOf, checkDeskOffer, explainStandingOffer, JoinDeskClient, MutualAdmin, parseOffer } from "@mutua/sdk/browser";
import { accountWords, payingAccount } from "../chain/accounts.ts";
import type { AppContext } from "../context.ts";
import { t } from "../i18n/translate.ts";
import { memberOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { describeError } from "../ui/describe-error.ts";
import { button, date, field, format, h, screen } from "../ui/dom.ts";

/** The issuer's offer, checked to be for this wallet before anything is paid. */
function offerForThisWallet(text: string, did: string, commitment: bigint): Admission {
  const offer = parseOffer(text);
  if (offer.memberDid !== did || offer.identityCommitment !== commitment) {
    throw new AppError("OFFER_FOR_SOMEONE_ELSE", t("This offer was made to another wallet: paying it would not cover you."));
  }
  return offer;
}

/**
 * Joining. With the mutual's join desk (the link a newcomer opens): the offer in words, a signed request, the
 * premium paid from the member's Ethereum account, the credential received and kept, nothing pasted. Without
 * one, or for an offer the mutual sent by other means: the request to send, the offer to paste, the credential to
 * paste.
 */
export async function joinScreen(context: AppContext): Promise<HTMLElement> {
  const manual = await manualJoin(context);
  if (!context.config.joinDesk) return screen(t("Join the mutual"), ...manual);
  return screen(
    t("Join the mutual"),
    await deskJoin(context, context.config.joinDesk),
    h("details", {}, h("summary", {}, t("Join with an offer the mutual sent you")), ...manual),
  );
}

/** The desk's flow: see the offer, ask, pay, receive. A join left half-way (paid, page closed) resumes here. */
async function deskJoin(context: AppContext, deskUrl: string): Promise<HTMLElement> {
  const session = requireSession(context);
  const { deployment, token } = context.config;
  const desk = new JoinDeskClient(deskUrl);
  const money = (units: bigint | string) => format(BigInt(units), token.decimals, token.symbol);
  // A rate table's amounts are the token's base units, fractions included: shown as the token, to the cent.
  const tableMoney = (units: number) => format(BigInt(Math.round(units)), token.decimals, token.symbol);
  const standing = h("p", { class: "summary", "aria-live": "polite" }, t("Reading the mutual's offer…"));
  const proof = h("div", { class: "proof", "aria-live": "polite" });
  const why = h("div", { class: "why-premium" });
  const showWhy = (priced: CheckedOffer) =>
    why.replaceChildren(
      h("h3", {}, t("Why this premium")),
      // The SDK explains the rate table in English: marked so (a screen reader reads it as English), not passed off.
      h("ol", { "aria-label": t("Why this premium"), lang: "en" }, ...priced.lines.map((line) => h("li", {}, line.sentence))),
      h("p", { class: "hint", lang: "en" }, priced.classSize.sentence),
    );
  desk.describe().then(
    async (d) => {
      standing.textContent = t("The mutual covers up to {limit} per claim for {days} days, for a premium of {premium}.", {
        limit: money(d.coverageLimit),
        days: d.days,
        premium: money(d.premium),
      });
      if (d.proof)
        standing.textContent += ` ${t("It asks to see a credential from your wallet first: {purpose}.", { purpose: d.proof.purpose })}`;
      // A premium from the members' rate table, explained before anything is asked or paid; one that is not the
      // adopted table's is said at once.
      const priced = await explainStandingOffer({ deployment, runner: await context.chain(), description: d, money: tableMoney }).catch(
        (error: unknown) => {
          why.replaceChildren(
            h("p", { class: "error", role: "alert" }, t("Do not pay this offer: {reason}", { reason: describeError(error).sentence })),
          );
          return undefined;
        },
      );
      if (priced) showWhy(priced);
    },
    () => {
      standing.textContent = t("The mutual's join desk cannot be reached now: check your connection.");
    },
  );
  const mutual = { chainId: deployment.chainId, contract: deployment.mutual };
  let pending = await session.pendingJoin();
  const exact = h("p", { class: "summary", "aria-live": "polite" });
  const describeExact = (offer: Admission) =>
    t("Your offer: premium {premium} for cover up to {limit} per claim, {start} to {end}.", {
      premium: money(offer.premium),
      limit: money(BigInt(offer.terms.coverageLimit)),
      start: date(offer.terms.policyStart),
      end: date(offer.terms.policyExpiry),
    });
  if (pending) exact.textContent = describeExact(admissionOf(pending.offer));

  /**
   * A signed request to the desk for this wallet's offer; first, when the desk asks for it, a credential from the
   * person's own wallet app (an identity credential, another mutual's membership): its request as a link that
   * opens that wallet, then the wait for the desk to verify the answer.
   */
  const askDesk = async (status: (text: string) => void) => {
    let proofState: string | undefined;
    const asks = (await desk.describe()).proof;
    if (asks) {
      const { uri, state } = await desk.proofRequest();
      proof.replaceChildren(
        h(
          "p",
          {},
          t("The mutual asks to see, from your wallet: {claims}.", {
            claims: asks.claims.map((path) => path.join(" ").replaceAll("_", " ")).join(", "),
          }),
        ),
        h("a", { href: uri, class: "button", id: "proof-link" }, t("Show it from my wallet")),
        h("p", { class: "hint" }, t("Only what is asked is shown; the mutual keeps who vouched for it, not what it said.")),
      );
      status(t("Waiting for your wallet to show the credential…"));
      await desk.waitForProof(state, { signal: AbortSignal.timeout(10 * 60_000) }).catch((error: unknown) => {
        if ((error as Error).name === "TimeoutError")
          throw new AppError("PROOF_TIMEOUT", t("Your wallet did not answer within 10 minutes. Press the button again for a new request."));
        throw error;
      });
      proof.replaceChildren(h("p", {}, t("Your wallet showed it: thank you.")));
      proofState = state;
    }
    status(t("Asking the mutual for your offer…"));
    const signed = await session.wallet.signMembershipRequest(mutual, desk.url);
    await session.wallet.flush();
    return desk.request(signed, proofState);
  };

  const finish = async (status: (text: string) => void, ticket: string) => {
    status(t("Paid. Waiting for the mutual to admit you (usually a few seconds)…"));
    const credential = await desk.waitForCredential(ticket, { signal: AbortSignal.timeout(5 * 60_000) }).catch((error: unknown) => {
      if ((error as Error).name === "TimeoutError")
        throw new AppError(
          "NOT_ADMITTED_YET",
          t("You paid, but the mutual has not admitted you yet. Come back to this screen later: it will finish."),
        );
      throw error;
    });
    await session.wallet.accept(credential.jwt);
    await session.wallet.flush();
    await session.notePendingJoin(undefined);
    // Proofs of cover for third parties come with the membership, from the issuer's OpenID4VCI offer (best effort:
    // the cover screen can add them later).
    if (credential.credentialOffer) {
      status(t("You are a member. Receiving your proofs of cover…"));
      const { uri, txCode } = credential.credentialOffer;
      await session.wallet
        .receiveCredentialOffer(uri, txCode)
        .catch((error: unknown) => console.warn("mutua: no proofs of cover yet", error));
      await session.wallet.flush();
    }
    status(t("You are a member."));
    context.navigate("#/home");
  };

  // A join left half-way (paid, then the page closed): finished here without a press, once the desk admits it.
  const resumed = h("p", { class: "status", role: "status", "aria-live": "polite" });
  const resume = async (join: NonNullable<typeof pending>) => {
    const state = await desk.status(join.ticket);
    const paid =
      state.state === "admitted" ||
      (state.state === "awaiting-payment" &&
        (await (await memberOf(context, {})).pendingPremiumFor(MutualAdmin.leafOf(admissionOf(join.offer)))));
    if (paid) await finish((text) => (resumed.textContent = text), join.ticket);
  };
  if (pending) {
    resume(pending).catch((error: unknown) => {
      resumed.textContent = t("Your join could not be finished yet: {reason}", { reason: describeError(error).sentence });
    });
  }

  return h(
    "section",
    { "aria-labelledby": "desk-title" },
    h("h2", { id: "desk-title" }, t("Join now")),
    standing,
    proof,
    resumed,
    actionForm({
      name: t("Join"),
      fields: [exact, why],
      submit: t("Pay the premium and join"),
      run: async (status) => {
        if (!pending) {
          const answer = await askDesk(status);
          pending = { desk: desk.url, ticket: answer.ticket, offer: answer.offer };
          await session.notePendingJoin(pending);
        }
        const offer = offerForThisWallet(
          JSON.stringify(pending.offer),
          await session.did(),
          (await session.wallet.requestMembership(mutual)).identityCommitment,
        );
        exact.textContent = describeExact(offer);
        // A desk citing the members' rate table: the premium recomputed from the adopted table before paying, and
        // explained step by step ("why this premium"); an offer that does not match is refused, nothing paid.
        const priced = await checkDeskOffer({
          deployment,
          runner: await context.chain(),
          description: await desk.describe(),
          offer,
          money: tableMoney,
        });
        if (priced) showWhy(priced);
        const state = await desk.status(pending.ticket);
        if (state.state === "refused") {
          await session.notePendingJoin(undefined);
          pending = undefined;
          throw new AppError(
            "JOIN_REFUSED",
            t("The mutual refused this payment ({reason}). Ask for a new offer.", { reason: state.reason }),
          );
        }
        if (state.state === "awaiting-payment") {
          const reader = await memberOf(context, {});
          if (!(await reader.pendingPremiumFor(MutualAdmin.leafOf(offer)))) {
            if (Date.now() > state.payBefore) {
              // The offer closed unpaid (paid now, the desk would refuse it): a new one, its price shown first.
              status(t("That offer has closed: asking the mutual for a new one…"));
              const answer = await askDesk(status);
              pending = { desk: desk.url, ticket: answer.ticket, offer: answer.offer };
              await session.notePendingJoin(pending);
              exact.textContent = describeExact(admissionOf(pending.offer));
              throw new AppError("NEW_OFFER", t("Your earlier offer had closed. Check the new one above, then pay."));
            }
            const { signer, source } = await payingAccount(context.config);
            const member = await memberOf(context, { signer });
            status(t("Asking your {account} to pay {premium}…", { account: accountWords(source), premium: money(offer.premium) }));
            await member.payPremium(offer);
          }
        }
        await finish(status, pending.ticket);
      },
    }),
  );
}

/** The request to send, the offer to paste, the credential to paste: joining by hand. */
async function manualJoin(context: AppContext): Promise<HTMLElement[]> {
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
    t("Premium {premium} for cover up to {limit} per claim, {start} to {end}.", {
      premium: format(offer.premium, token.decimals, token.symbol),
      limit: format(BigInt(offer.terms.coverageLimit), token.decimals, token.symbol),
      start: date(offer.terms.policyStart),
      end: date(offer.terms.policyExpiry),
    });
  offerText.addEventListener("input", () => {
    try {
      offerSummary.textContent = describeOffer(offerForThisWallet(offerText.value.trim(), request.memberDid, request.identityCommitment));
    } catch (error) {
      offerSummary.textContent = offerText.value.trim() ? (error as Error).message : "";
    }
  });
  const credentialText = h("textarea", { rows: 5, spellcheck: "false" });

  return [
    h("h2", {}, t("1. Ask to join")),
    h("p", {}, t("Send this request to the mutual. It holds your identity and a commitment to your secret; the secret stays here.")),
    h("pre", { class: "request", tabindex: "0", "aria-label": t("Your membership request"), translate: "no" }, requestText),
    h(
      "div",
      { class: "row" },
      button(t("Copy the request"), () => navigator.clipboard.writeText(requestText), { kind: "secondary" }),
      button(t("Download the request"), download, { kind: "secondary" }),
    ),
    h("h2", {}, t("2. Pay the premium")),
    actionForm({
      name: t("Pay the premium"),
      fields: [field(t("The mutual's offer"), offerText, t("Paste the offer the mutual sent you.")), offerSummary],
      submit: t("Pay the premium"),
      run: async (status) => {
        const offer = offerForThisWallet(offerText.value.trim(), request.memberDid, request.identityCommitment);
        offerSummary.textContent = describeOffer(offer);
        status(t("Asking your Ethereum wallet to pay…"));
        const { signer, source } = await payingAccount(context.config);
        const member = await memberOf(context, { signer });
        const receipt = await member.payPremium(offer);
        status(
          t("Paid from your {account} {address} (transaction {transaction}…). The mutual can now admit you.", {
            account: accountWords(source),
            address: await signer.getAddress(),
            transaction: receipt.hash.slice(0, 10),
          }),
        );
      },
    }),
    h("h2", {}, t("3. Keep your credential")),
    actionForm({
      name: t("Keep the credential"),
      fields: [
        field(t("The credential you received"), credentialText, t("Paste the credential the mutual sent you once it admitted you.")),
      ],
      submit: t("Keep the credential"),
      run: async (status) => {
        const text = credentialText.value.trim();
        if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text))
          throw new AppError(
            "NOT_A_CREDENTIAL",
            t("That is not a credential: paste the whole text the mutual sent (three parts separated by dots)."),
          );
        await session.wallet.accept(text);
        await session.wallet.flush();
        status(t("Kept. You are a member."));
        context.navigate("#/home");
      },
    }),
  ];
}
