import type { ClaimRequest } from "@mutua/contracts";
import { RelayerRequestError, RelayerUnreachableError } from "./errors.ts";
import type { RelayedCall, RelayedClaim } from "./relayed-claim.ts";
import { encodeClaim } from "./wire.ts";

/** The fetch the client sends with (the global fetch by default). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  /** The HTTP status. */
  status: number;
  /** The response's body as text. */
  text(): Promise<string>;
}>;

/**
 * Sends a prepared claim to a relayer and waits for its receipt. A refusal comes back as RelayerRequestError
 * with the relayer's code (a revert keeps the contract's error name: NullifierAlreadyUsed, UnknownRoot, …).
 */
export class RelayerClient {
  readonly url: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;

  /** `fetch`: another transport (a test recording what is sent, a proxy); default the global fetch. */
  constructor(url: string, options: { fetch?: FetchLike; timeoutMs?: number } = {}) {
    this.url = url.replace(/\/+$/, "");
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** Sends a claim to the relayer, which submits it from its own account; resolves with the mined transaction. */
  async submit(mutual: string, request: ClaimRequest): Promise<RelayedClaim> {
    return (await this.#call("POST", "/v1/claims", JSON.stringify(encodeClaim(mutual, request)))) as RelayedClaim;
  }

  /** Sends a ballot call (castAnonymousVote, commitVote, revealVote, appeal) to a governor or assessment module. */
  async submitBallot(to: string, data: string): Promise<RelayedCall> {
    return (await this.#call("POST", "/v1/ballots", JSON.stringify({ to, data }))) as RelayedCall;
  }

  /** The relayer's state: its account, the mutuals and ballot boxes it serves, claims waiting. */
  async health(): Promise<{ ok: boolean; address: string; mutuals: string[]; ballotBoxes: string[]; waiting: number }> {
    return (await this.#call("GET", "/v1/health")) as {
      ok: boolean;
      address: string;
      mutuals: string[];
      ballotBoxes: string[];
      waiting: number;
    };
  }

  async #call(method: string, path: string, body?: string): Promise<unknown> {
    let status: number;
    let text: string;
    try {
      const response = await this.#fetch(`${this.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new RelayerUnreachableError(this.url, (error as Error).message, { cause: error });
    }
    let json: { error?: { code?: string; message?: string; args?: string[] } } & Record<string, unknown>;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RelayerUnreachableError(this.url, `HTTP ${status} with a body that is not a relayer's JSON`);
    }
    if (status >= 200 && status < 300) return json;
    const code = json.error?.code ?? `HTTP_${status}`;
    throw new RelayerRequestError(code, json.error?.message ?? `the relayer answered HTTP ${status}`, {
      status,
      ...(json.error?.args ? { args: json.error.args } : {}),
    });
  }
}
