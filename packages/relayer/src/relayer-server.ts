import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClaimRequest } from "@mutua/contracts";
import {
  ContractRevertError,
  confirmTransaction,
  decodeRevert,
  MutuaMutualArtifact,
  MutuaMutualClient,
  ResilientSigner,
} from "@mutua/contracts";
import type { ContractTransactionResponse, Signer } from "ethers";
import { RelayerRequestError } from "./errors.ts";
import { RateLimiter } from "./rate-limiter.ts";
import type { RelayedClaim } from "./relayed-claim.ts";
import { decodeClaim, encodeClaim } from "./wire.ts";

export interface RelayerOptions {
  /** Pays the gas and sends every claim: the only address a relayed claim shows. */
  signer: Signer;
  /** The mutual contracts this relayer submits for; anything else is refused. */
  mutuals: readonly string[];
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Claims accepted but not yet sent; more is answered 503 QUEUE_FULL. Default 64. */
  maxQueue?: number;
  /** Largest request body; a claim is about 1.3 KB. Default 16 KiB. */
  maxBodyBytes?: number;
  /** Requests per client address per window. Default 30 a minute. */
  rateLimit?: { requests: number; windowMs: number };
}

export interface RelayerServer {
  url: string;
  address: string;
  close(): Promise<void>;
}

interface Job {
  key: string;
  mutual: MutuaMutualClient;
  request: ClaimRequest;
}

/**
 * An HTTP relayer: POST /v1/claims with a claim (see wire.ts). It simulates the claim first and refuses a
 * reverting one with the revert's name (422) before spending gas, sends it from its own account with nonces
 * it assigns one after another (no gaps, no duplicates), waits for the receipt and answers with it.
 * Idempotent on (mutual, incident, nullifier): a resubmission gets the first result, never a second transaction.
 * The relayer sees what the chain will see (the claim's calldata) plus the client's network address.
 */
export async function startRelayer(options: RelayerOptions): Promise<RelayerServer> {
  const address = await options.signer.getAddress();
  const provider = options.signer.provider;
  if (!provider) throw new RelayerRequestError("BAD_CONFIG", "the relayer's signer has no provider", { status: 500 });
  const allowed = new Map(options.mutuals.map((m) => [m.toLowerCase(), new MutuaMutualClient(m, options.signer)]));
  const maxQueue = options.maxQueue ?? 64;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const limiter = new RateLimiter(options.rateLimit ?? { requests: 30, windowMs: 60_000 });
  /** Per (mutual, incident, nullifier): the exact request body first seen, and its result. */
  const settled = new Map<string, { body: string; result: RelayedClaim }>();
  const inFlight = new Map<string, { body: string; result: Promise<RelayedClaim> }>();
  let waiting = 0;
  let nextNonce: number | undefined;
  let sending: Promise<unknown> = Promise.resolve();

  /**
   * Sends one claim with the next nonce; runs strictly one at a time. If the account's nonce moved under us
   * (the same key used elsewhere), the nonce is read again from the chain and the send retried.
   */
  async function send(job: Job): Promise<ContractTransactionResponse> {
    // A ResilientSigner (real chains) assigns nonces, re-sends and outbids itself.
    if (options.signer instanceof ResilientSigner) {
      try {
        return (await job.mutual.contract.getFunction("fileClaim")({
          ...job.request,
          proof: [...job.request.proof],
        })) as ContractTransactionResponse;
      } catch (error) {
        return revertToRequestError(error);
      }
    }
    for (let attempt = 0; ; attempt++) {
      nextNonce ??= await provider?.getTransactionCount(address, "pending");
      try {
        const args = { ...job.request, proof: [...job.request.proof] };
        const tx = (await job.mutual.contract.getFunction("fileClaim")(args, { nonce: nextNonce })) as ContractTransactionResponse;
        nextNonce = (nextNonce ?? 0) + 1;
        return tx;
      } catch (error) {
        nextNonce = undefined; // re-read from the chain: never skip or reuse a nonce
        const code = (error as { code?: string }).code;
        if (attempt < 2 && (code === "NONCE_EXPIRED" || code === "REPLACEMENT_UNDERPRICED")) continue;
        return revertToRequestError(error);
      }
    }
  }

  /** Counted in `waiting` by the caller from acceptance until sent (or refused), so the queue bound is exact. */
  async function relay(job: Job): Promise<RelayedClaim> {
    let tx: ContractTransactionResponse;
    try {
      // Simulate before sending: a claim that would revert costs the relayer nothing.
      try {
        await job.mutual.contract.getFunction("fileClaim").staticCall({ ...job.request, proof: [...job.request.proof] });
      } catch (error) {
        revertToRequestError(error);
      }
      const sent = sending.then(() => send(job));
      sending = sent.catch(() => undefined);
      tx = await sent;
    } finally {
      waiting -= 1;
    }
    const receipt = await confirmTransaction(tx, options.signer).catch((error: unknown) => revertToRequestError(error));
    if (!receipt) throw new RelayerRequestError("NO_RECEIPT", "the transaction was sent but no receipt came back", { status: 502 });
    const filed = receipt.logs.map((log) => job.mutual.contract.interface.parseLog(log)).find((parsed) => parsed?.name === "ClaimFiled");
    return {
      claimId: String(filed?.args[0]),
      transactionHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed.toString(),
      from: address,
    };
  }

  async function handleClaim(request: IncomingMessage): Promise<RelayedClaim> {
    const body = await readBody(request, maxBodyBytes);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new RelayerRequestError("BAD_REQUEST", "the body is not JSON");
    }
    const claim = decodeClaim(json);
    const mutual = allowed.get(claim.mutual.toLowerCase());
    if (!mutual) throw new RelayerRequestError("UNKNOWN_MUTUAL", `this relayer does not submit for ${claim.mutual}`);
    const key = `${claim.mutual.toLowerCase()}:${claim.request.incidentId}:${claim.request.nullifier}`;
    const canonical = JSON.stringify(encodeClaim(claim.mutual, claim.request));
    const earlier = settled.get(key) ?? inFlight.get(key);
    if (earlier) {
      // The same claim again (a retry): its first result. Another claim with this nullifier: the member's one
      // claim for the incident is taken; refused without sending a transaction that could only revert.
      if (earlier.body !== canonical) {
        throw new RelayerRequestError("NullifierAlreadyUsed", "this member already claimed for this incident", {
          status: 422,
          args: [claim.request.nullifier.toString()],
        });
      }
      const result = await Promise.resolve(earlier.result).catch(() => undefined);
      if (result) return result;
    }
    if (waiting >= maxQueue) {
      throw new RelayerRequestError("QUEUE_FULL", `the relayer has ${waiting} claims waiting; try again shortly`, {
        status: 503,
        retryAfterSeconds: 2,
      });
    }
    waiting += 1; // before any await: concurrent requests see each other in the bound
    const work = relay({ key, mutual, request: claim.request });
    inFlight.set(key, { body: canonical, result: work });
    try {
      const result = await work;
      settled.set(key, { body: canonical, result });
      return result;
    } finally {
      inFlight.delete(key);
    }
  }

  const server = createServer((request, response) => {
    const client = request.socket.remoteAddress ?? "unknown";
    const route = `${request.method} ${new URL(request.url ?? "/", "http://relayer").pathname}`;
    const answer = async () => {
      if (route === "GET /v1/health") return { status: 200, body: { ok: true, address, mutuals: [...allowed.keys()], waiting } };
      if (route !== "POST /v1/claims") throw new RelayerRequestError("NOT_FOUND", `no route ${route}`, { status: 404 });
      const retryAfterSeconds = limiter.take(client);
      if (retryAfterSeconds !== undefined) {
        throw new RelayerRequestError("RATE_LIMITED", `too many requests from this client; try again in ${retryAfterSeconds} s`, {
          status: 429,
          retryAfterSeconds,
        });
      }
      return { status: 200, body: await handleClaim(request) };
    };
    answer().then(
      ({ status, body }) => respond(response, status, body),
      (error: unknown) => {
        const failure =
          error instanceof RelayerRequestError
            ? error
            : new RelayerRequestError("RELAYER_ERROR", `the relayer failed: ${(error as Error).message}`, { status: 502 });
        if (failure.retryAfterSeconds !== undefined) response.setHeader("Retry-After", String(failure.retryAfterSeconds));
        respond(response, failure.status, {
          error: { code: failure.code, message: failure.message, args: (failure.details as { args?: unknown }).args },
        });
      },
    );
  });
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new RelayerRequestError("PORT_IN_USE", `port ${options.port} is already in use: stop what holds it or pick another`, {
              status: 500,
            })
          : error,
      ),
    );
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A contract revert becomes 422 with the custom error's name; anything else (RPC down) 502. */
function revertToRequestError(error: unknown): never {
  try {
    decodeRevert(error, [MutuaMutualArtifact.abi]);
  } catch (decoded) {
    if (decoded instanceof ContractRevertError) {
      throw new RelayerRequestError(decoded.errorName, `the contract refuses this claim: ${decoded.message}`, {
        status: 422,
        args: decoded.args.map(String),
      });
    }
  }
  throw new RelayerRequestError("CHAIN_UNAVAILABLE", `the chain did not take the transaction: ${(error as Error).message}`, {
    status: 502,
  });
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limit) {
      request.resume();
      reject(new RelayerRequestError("REQUEST_TOO_LARGE", `a claim request is at most ${limit} bytes`, { status: 413 }));
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    request.on("data", (part: Buffer) => {
      size += part.length;
      if (size > limit) {
        reject(new RelayerRequestError("REQUEST_TOO_LARGE", `a claim request is at most ${limit} bytes`, { status: 413 }));
        request.destroy();
        return;
      }
      parts.push(part);
    });
    request.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    request.on("error", reject);
  });
}

function respond(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
