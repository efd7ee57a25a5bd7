import { MutuaError } from "@mutua/core";
import type { SdJwtDcqlQuery } from "@mutua/identity";
import { ExpiringMap, PresentationVerifier } from "@mutua/identity";

/**
 * What a mutual asks to see before it makes an offer, from a credential the person already holds (a national
 * identity credential's `age_over_18` and country, a second mutual's membership): an SD-JWT VC of one of
 * `vct`, issued by one of `trustedIssuers`, disclosing `claims` with one of their `values` (when given).
 */
export interface AdmissionProofPolicy {
  purpose: string;
  trustedIssuers: string[];
  vct: string[];
  claims: { path: string[]; values?: (string | number | boolean)[] }[];
}

/** What the desk keeps of a proof: who vouched and when. The disclosed values are checked and dropped. */
export interface AdmissionProofRecord {
  issuer: string;
  verifiedAt: number;
}

/** Where a credential shown at the join desk stands: waiting for the wallet, verified, or refused with why. */
export type AdmissionProofStatus = { state: "pending" } | { state: "verified" } | { state: "refused"; reason: string };

/** A verified proof may start one request to join within this time. */
export const PROOF_VALID_SECONDS = 30 * 60;

type Pass = { expiresAt: number } & (
  | { state: "pending" }
  | { state: "verified"; record: AdmissionProofRecord }
  | { state: "refused"; reason: string }
);

/**
 * The join desk's admission check (OpenID4VP): a request for the policy's DCQL query, the wallet's answer
 * verified by the PresentationVerifier (issuer trust, key binding to this desk and request, status, the query),
 * and a single-use pass the person's request to join then names. Passes live in memory: after a restart the
 * person shows the credential again.
 */
export class AdmissionProofs {
  readonly policy: AdmissionProofPolicy;
  readonly #verifier: PresentationVerifier<undefined>;
  readonly #passes = new ExpiringMap<Pass>();
  readonly #dcql: SdJwtDcqlQuery;

  constructor(policy: AdmissionProofPolicy, options: { responseUri: string; fetch?: typeof fetch }) {
    if (policy.trustedIssuers.length === 0 || policy.vct.length === 0 || policy.claims.length === 0)
      throw new MutuaError("BAD_PROOF_POLICY", "an admission proof names trusted issuers, credential types and the claims to show");
    this.policy = policy;
    this.#verifier = new PresentationVerifier({
      responseUri: options.responseUri,
      trustedIssuers: policy.trustedIssuers,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.#dcql = {
      credentials: [
        {
          id: "admission",
          format: "dc+sd-jwt",
          meta: { vct_values: policy.vct },
          claims: policy.claims.map((c) => ({ path: c.path, ...(c.values ? { values: c.values } : {}) })),
        },
      ],
    };
  }

  /** A request for the person's wallet (`openid4vp://…`) and the state that names its outcome. */
  request(): { uri: string; state: string } {
    const made = this.#verifier.createRequest(this.#dcql, undefined);
    this.#passes.set(made.state, { state: "pending", expiresAt: now() + PROOF_VALID_SECONDS }, now());
    return { uri: made.uri, state: made.state };
  }

  /** The wallet's answer (direct_post). Throws the verifier's reason; the outcome is kept under the state either way. */
  async answer(form: { vp_token?: unknown; state?: unknown }): Promise<void> {
    const state = typeof form.state === "string" ? form.state : "";
    try {
      const verified = await this.#verifier.verifyResponse(form);
      this.#passes.set(
        state,
        { state: "verified", record: { issuer: verified.issuer, verifiedAt: now() }, expiresAt: now() + PROOF_VALID_SECONDS },
        now(),
      );
    } catch (error) {
      // Only a request this desk made gets an outcome: a stranger posting under a made-up state records nothing.
      if (this.#passes.get(state, now())?.state === "pending")
        this.#passes.set(state, { state: "refused", reason: (error as Error).message, expiresAt: now() + PROOF_VALID_SECONDS }, now());
      throw error;
    }
  }

  /** The status of the request made with this state. */
  status(state: string): AdmissionProofStatus {
    const pass = this.#passes.get(state, now());
    if (!pass) throw new MutuaError("UNKNOWN_PROOF", "no proof request with this state here (it may have expired): ask for a new one");
    return pass.state === "refused" ? { state: "refused", reason: pass.reason } : { state: pass.state };
  }

  /** Spends a verified pass for one request to join; refused if missing, pending, refused or spent. */
  consume(state: string | undefined): AdmissionProofRecord {
    const pass = state ? this.#passes.get(state, now()) : undefined;
    if (!pass) throw new MutuaError("NO_PROOF", `this mutual asks to see a credential first: ${this.policy.purpose}`);
    if (pass.state === "pending") throw new MutuaError("PROOF_PENDING", "your wallet has not answered the proof request yet");
    if (pass.state === "refused") throw new MutuaError("PROOF_REFUSED", `the credential shown was not accepted: ${pass.reason}`);
    this.#passes.delete(state as string);
    return pass.record;
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
