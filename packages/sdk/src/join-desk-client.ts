import { MutuaError } from "@mutua/core";
import type { AdmissionProofStatus } from "./admission-proofs.ts";
import type { JoinDeskDescription, JoinStatus } from "./join-desk.ts";
import type { OfferJson } from "./offer.ts";

/**
 * The member's side of a mutual's join desk (its URL is in the app's mutua.json and in the join link): what it
 * offers, a signed request in, the offer and ticket out, then the credential once the premium is paid.
 */
export class JoinDeskClient {
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, "");
  }

  /** What the desk offers: the mutual, its product and prices, whether it asks for a credential first. */
  describe(): Promise<JoinDeskDescription> {
    return this.#call<JoinDeskDescription>("", { method: "GET" });
  }

  /** `proofState`: the state of a verified proof request, when the desk asks for a credential first. */
  request(signedRequest: string, proofState?: string): Promise<{ ticket: string; offer: OfferJson; payBefore: number }> {
    return this.#call("/requests", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ request: signedRequest, ...(proofState ? { proof: proofState } : {}) }),
    });
  }

  /** An OpenID4VP request for the person's wallet (`openid4vp://…`) to show what the desk asks to see first. */
  proofRequest(): Promise<{ uri: string; state: string }> {
    return this.#call("/proof-requests", { method: "POST" });
  }

  /** Where a credential presentation asked for by `proofRequest` stands. */
  proofStatus(state: string): Promise<AdmissionProofStatus> {
    return this.#call(`/proof-status?state=${encodeURIComponent(state)}`, { method: "GET" });
  }

  /** Asks until the wallet's answer was verified (resolves) or refused (PROOF_REFUSED); `signal` stops waiting. */
  async waitForProof(state: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    for (;;) {
      const status = await this.proofStatus(state);
      if (status.state === "verified") return;
      if (status.state === "refused") throw new MutuaError("PROOF_REFUSED", `the credential shown was not accepted: ${status.reason}`);
      options.signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
      options.signal?.throwIfAborted();
    }
  }

  /** Where a request stands: waiting for payment, admitted (with the credential) or refused. */
  status(ticket: string): Promise<JoinStatus> {
    return this.#call("/status", { method: "GET", headers: { authorization: `Bearer ${ticket}` } });
  }

  /**
   * Asks every `intervalMs` until the desk has admitted (the credential) or refused the request; `signal` stops
   * waiting (the ticket stays valid: ask again later).
   */
  async waitForCredential(
    ticket: string,
    options: { intervalMs?: number; signal?: AbortSignal } = {},
  ): Promise<{ id: string; jwt: string; credentialOffer?: { uri: string; txCode: string; expiresAt: number } }> {
    for (;;) {
      const status = await this.status(ticket);
      if (status.state === "admitted")
        return { ...status.credential, ...(status.credentialOffer ? { credentialOffer: status.credentialOffer } : {}) };
      if (status.state === "refused") throw new MutuaError("JOIN_REFUSED", `the mutual refused this request: ${status.reason}`);
      options.signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2_000));
      options.signal?.throwIfAborted();
    }
  }

  async #call<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, init);
    } catch (error) {
      throw new MutuaError(
        "DESK_UNREACHABLE",
        `the mutual's join desk at ${this.url} cannot be reached: check the connection`,
        {},
        {
          cause: error,
        },
      );
    }
    const body = (await response.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
    if (!response.ok) {
      throw new MutuaError(body.error?.code ?? "DESK_FAILED", body.error?.message ?? `the join desk answered ${response.status}`);
    }
    return body;
  }
}
