import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ContractRevertError,
  claimCall,
  confirmTransaction,
  decodeRevert,
  MemberGovernorArtifact,
  MutuaKeeperArtifact,
  MutuaMutualArtifact,
  ParametricCoverArtifact,
  PrivateAssessmentArtifact,
  ResilientSigner,
} from "@mutua/contracts";
import type { ServerLimits } from "@mutua/core";
import { limitConnections, RateLimiter, serverOptions } from "@mutua/core";
import { AbiCoder, Interface } from "ethers/abi";
import { keccak256 } from "ethers/crypto";
import type { Provider, Signer, TransactionReceipt, TransactionResponse } from "ethers/providers";
import { RelayerRequestError } from "./errors.ts";
import type { RelayedCall, RelayedClaim } from "./relayed-claim.ts";
import { RequestJournal } from "./request-journal.ts";
import { decodeBallot, decodeClaim, encodeClaim } from "./wire.ts";

const mutualInterface = new Interface(MutuaMutualArtifact.abi);
const governorInterface = new Interface(MemberGovernorArtifact.abi);
const assessmentInterface = new Interface(PrivateAssessmentArtifact.abi);
const keeperInterface = new Interface(MutuaKeeperArtifact.abi);
const parametricInterface = new Interface(ParametricCoverArtifact.abi);
/**
 * The ballot calls a relayer sends, each of which names no voter: a member's vote on a proposal, an assessor's
 * sealed vote and its reveal, a recipient-signed appeal, a keeper's performUpkeep (a member collecting their
 * payout without an account of theirs appearing), and a parametric claim (ParametricCover.claim: a proof, paid at
 * once). Anything else to those contracts is refused.
 */
const BALLOT_SELECTORS = new Map<string, string>([
  [governorInterface.getFunction("castAnonymousVote")?.selector as string, "castAnonymousVote"],
  [assessmentInterface.getFunction("commitVote")?.selector as string, "commitVote"],
  [assessmentInterface.getFunction("revealVote")?.selector as string, "revealVote"],
  [assessmentInterface.getFunction("appeal")?.selector as string, "appeal"],
  [keeperInterface.getFunction("performUpkeep")?.selector as string, "performUpkeep"],
  [parametricInterface.getFunction("claim")?.selector as string, "claim"],
]);

/** What a relayer serves, from which account, on which address, with which limits. */
export interface RelayerOptions {
  /** Pays the gas and sends every claim: the only address a relayed claim shows. */
  signer: Signer;
  /** The mutual contracts this relayer submits claims for; anything else is refused. */
  mutuals: readonly string[];
  /** The governors and assessment modules it sends ballots to (POST /v1/ballots); default none. */
  ballotBoxes?: readonly string[];
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Claims accepted but not yet sent; more is answered 503 QUEUE_FULL. Default 64. */
  maxQueue?: number;
  /** Largest request body; a claim is about 1.3 KB. Default 16 KiB. */
  maxBodyBytes?: number;
  /** Requests per client address per window. Default 30 a minute. */
  rateLimit?: { requests: number; windowMs: number };
  /**
   * The write-ahead journal's file (RequestJournal): accepted requests survive a crash and are finished after a
   * restart; retries get their first answer. Default: kept in memory only.
   */
  journal?: string;
  /** Slow and greedy clients: timeouts and connection caps (default DEFAULT_SERVER_LIMITS, requests within 120 s). */
  limits?: ServerLimits;
  /**
   * Reorganisations: every answered transaction is checked every `intervalMs` until `blocks` blocks are on top of it
   * (default 64 blocks, 5 s); one the chain no longer holds is sent again, once, and retries get the new answer.
   */
  reorgWatch?: { blocks: number; intervalMs: number };
}

/** A running relayer: its URL and address, and `close`. */
export interface RelayerServer {
  url: string;
  address: string;
  /** Stops accepting claims, finishes those in flight and closes the server. */
  close(): Promise<void>;
}

/** One request to send: already checked against what this relayer sends, with its idempotency key. */
interface Job {
  key: string;
  kind: "claim" | "ballot";
  /** The canonical body: another one under the same key is a conflict. */
  body: string;
  to: string;
  data: string;
}

/** After a restart, how long a transaction sent before the crash is waited for before it is sent again. */
const RESUME_WAIT_MS = 30_000;
/** After a restart, how far back a claim sent just before the crash (and not journaled as sent) is looked for. */
const RECENT_BLOCKS = 5_000;

/**
 * An HTTP relayer: POST /v1/claims with a claim (see wire.ts), POST /v1/ballots with a ballot call (a vote on a
 * proposal, a sealed assessment vote or its reveal, an appeal) to one of its ballot boxes. It simulates each first
 * and refuses a reverting one with the revert's name (422) before spending gas, sends it from its own account with
 * nonces it assigns one after another (no gaps, no duplicates), waits for the receipt and answers with it.
 * Idempotent: a claim on (mutual, incident, nullifier), a ballot on (ballot box, its nullifier or appealed claim); a
 * resubmission gets the first result, never a second transaction, and other contents under the same key are refused. The relayer sees what the chain will see plus the client's address.
 */
export async function startRelayer(options: RelayerOptions): Promise<RelayerServer> {
  // One way to send for every signer: ResilientSigner assigns nonces one after another (no gap, no reuse, re-synced
  // when the key was used elsewhere), pays current fees and re-sends a transaction that was dropped.
  const signer = options.signer instanceof ResilientSigner ? options.signer : new ResilientSigner(options.signer);
  const address = await signer.getAddress();
  const maybeProvider = signer.provider;
  if (!maybeProvider) throw new RelayerRequestError("BAD_CONFIG", "the relayer's signer has no provider", { status: 500 });
  const provider: Provider = maybeProvider;
  const allowed = new Set(options.mutuals.map((m) => m.toLowerCase()));
  const ballotBoxes = new Set((options.ballotBoxes ?? []).map((b) => b.toLowerCase()));
  const maxQueue = options.maxQueue ?? 64;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const limiter = new RateLimiter(options.rateLimit ?? { requests: 30, windowMs: 60_000 });
  const journal = options.journal ? RequestJournal.open(options.journal) : RequestJournal.memory();
  /** Per (mutual, incident, nullifier) or (ballot box, ballot): the exact request body first seen, and its result. */
  const settled = new Map<string, { body: string; result: RelayedCall }>();
  const inFlight = new Map<string, { body: string; result: Promise<RelayedCall> }>();
  /** The block each answered transaction was mined in (its hash): a reorganisation shows as another or none. */
  const minedIn = new Map<string, string>();
  /** Answered requests not yet deep enough to be final: watched for reorganisations. */
  const recent = new Map<string, Job>();
  let waiting = 0;

  /** The answer for a mined transaction: a claim's also names the claim it created. */
  function resultOf(kind: Job["kind"], receipt: TransactionReceipt): RelayedCall & { claimId?: string } {
    minedIn.set(receipt.hash, receipt.blockHash);
    const call = { transactionHash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed.toString(), from: address };
    if (kind !== "claim") return call;
    const filed = receipt.logs.map((log) => mutualInterface.parseLog(log)).find((parsed) => parsed?.name === "ClaimFiled");
    return { ...call, claimId: String(filed?.args[0]) };
  }

  /**
   * Simulates, sends and waits for one journaled request. Counted in `waiting` by the caller from acceptance until
   * sent (or refused), so the queue bound is exact. The journal hears of the hash before anyone waits on it.
   */
  async function relay(job: Job): Promise<RelayedCall> {
    let tx: TransactionResponse;
    try {
      // Simulate before sending: a transaction that would revert costs the relayer nothing.
      try {
        await signer.call({ to: job.to, data: job.data });
      } catch (error) {
        revertToRequestError(error);
      }
      tx = await signer.sendTransaction({ to: job.to, data: job.data }).catch((error: unknown) => revertToRequestError(error));
      journal.record({ key: job.key, state: "sent", hash: tx.hash });
    } finally {
      waiting -= 1;
    }
    const receipt = await confirmTransaction(tx, signer).catch((error: unknown) => revertToRequestError(error));
    return resultOf(job.kind, receipt);
  }

  /**
   * Once per key: a retry with the same body gets the first result; another body under the key is `conflict`.
   * Accepted work is journaled before it starts and its result when it ends (a refusal is not kept: a retry may
   * succeed once the cause is gone, as before a crash).
   */
  async function once<T extends RelayedCall>(job: Job, conflict: () => never): Promise<T> {
    const earlier = settled.get(job.key) ?? inFlight.get(job.key);
    if (earlier) {
      if (earlier.body !== job.body) conflict();
      const result = await Promise.resolve(earlier.result).catch(() => undefined);
      if (result) return result as T;
    }
    if (waiting >= maxQueue) {
      throw new RelayerRequestError("QUEUE_FULL", `the relayer has ${waiting} transactions waiting; try again shortly`, {
        status: 503,
        retryAfterSeconds: 2,
      });
    }
    waiting += 1; // before any await: concurrent requests see each other in the bound
    journal.record({ ...job, state: "accepted" });
    return track(job, relay(job)) as Promise<T>;
  }

  /** Keeps `result` as the key's in-flight answer, then as its settled one (or forgets a failure). */
  async function track(job: Job, result: Promise<RelayedCall>): Promise<RelayedCall> {
    inFlight.set(job.key, { body: job.body, result });
    try {
      const done = await result;
      journal.record({ key: job.key, state: "done", result: done });
      settled.set(job.key, { body: job.body, result: done });
      recent.set(job.key, job);
      return done;
    } catch (error) {
      journal.record({ key: job.key, state: "failed" });
      throw error;
    } finally {
      inFlight.delete(job.key);
    }
  }

  /**
   * After a restart: finished requests answer their retries again; one whose transaction was sent is looked for
   * on-chain (a while: it may still be pending) and only re-sent if it never landed; an accepted one is sent.
   */
  function resume(): void {
    for (const entry of journal.requests().values()) {
      if (entry.state === "done" && entry.result) settled.set(entry.key, { body: entry.body, result: entry.result });
      if (entry.state !== "accepted" && entry.state !== "sent") continue;
      const job: Job = { key: entry.key, kind: entry.kind, body: entry.body, to: entry.to, data: entry.data };
      waiting += 1;
      const result = (async () => {
        if (entry.hash) {
          // Mined already, or still pending (then waited for a while); a transaction the node no longer knows was
          // dropped, and is sent again at once.
          let receipt = await provider.getTransactionReceipt(entry.hash).catch(() => null);
          if (!receipt && (await provider.getTransaction(entry.hash).catch(() => null))) {
            receipt = await provider.waitForTransaction(entry.hash, 1, RESUME_WAIT_MS).catch(() => null);
          }
          if (receipt) {
            waiting -= 1;
            if (receipt.status !== 1) {
              throw new RelayerRequestError("REVERTED", `the transaction ${receipt.hash} sent before a restart reverted`, { status: 422 });
            }
            return resultOf(job.kind, receipt);
          }
        }
        return relay(job).catch((error: unknown) => landedMeanwhile(job, error));
      })();
      void track(job, result).catch(() => undefined);
    }
  }
  resume();

  const watch = options.reorgWatch ?? { blocks: 64, intervalMs: 5_000 };
  let checking = false;
  const watcher = setInterval(() => {
    if (checking) return;
    checking = true;
    checkRecent()
      .catch((error: unknown) => console.warn("mutua relayer: reorganisation check failed", error))
      .finally(() => {
        checking = false;
      });
  }, watch.intervalMs);
  watcher.unref();

  /**
   * Every answered transaction still within `watch.blocks` of the head: if the chain no longer holds it where it was
   * mined (a reorganisation), it is found again (mined elsewhere, or still pending) or sent again, once.
   */
  async function checkRecent(): Promise<void> {
    if (recent.size === 0) return;
    const head = await provider.getBlockNumber();
    for (const [key, job] of recent) {
      const answer = settled.get(key)?.result;
      if (!answer || inFlight.has(key)) continue;
      if (head - answer.blockNumber >= watch.blocks) {
        recent.delete(key);
        minedIn.delete(answer.transactionHash);
        continue;
      }
      const receipt = await provider.getTransactionReceipt(answer.transactionHash).catch(() => null);
      if (receipt && receipt.blockHash === minedIn.get(answer.transactionHash)) continue;
      if (receipt) {
        // Mined again in another block of the new branch: the same transaction, a new place.
        const moved = resultOf(job.kind, receipt);
        settled.set(key, { body: job.body, result: moved });
        journal.record({ key, state: "done", result: moved });
        continue;
      }
      if (await provider.getTransaction(answer.transactionHash).catch(() => null)) continue; // back in the pool
      // Gone with its block: sent again (simulated first; the chain's nonce count fell with the block).
      recent.delete(key);
      settled.delete(key);
      minedIn.delete(answer.transactionHash);
      signer.resyncNonce();
      waiting += 1;
      journal.record({ ...job, state: "accepted" });
      void track(
        job,
        relay(job).catch((error: unknown) => landedMeanwhile(job, error)),
      ).catch(() => undefined);
    }
  }

  /**
   * A resumed claim the chain refuses as already filed may be this relayer's own copy, sent in the instant before a
   * crash and never journaled as sent: its ClaimFiled event names the transaction, which is the answer.
   */
  async function landedMeanwhile(job: Job, error: unknown): Promise<RelayedCall> {
    if (job.kind !== "claim" || (error as { code?: string }).code !== "NullifierAlreadyUsed") throw error;
    const [request] = mutualInterface.decodeFunctionData("fileClaim", job.data);
    const claimId = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [request.incidentId, request.nullifier]));
    // A restart follows its crash closely: the copy is in the recent blocks (a bounded range, as RPC nodes want).
    const latest = await provider.getBlockNumber();
    const [filed] = await provider.getLogs({
      address: job.to,
      topics: [mutualInterface.getEvent("ClaimFiled")?.topicHash ?? "", claimId],
      fromBlock: Math.max(0, latest - RECENT_BLOCKS),
      toBlock: latest,
    });
    const receipt = filed && (await provider.getTransactionReceipt(filed.transactionHash));
    // Another relayer's (or the member's own) transaction is not this one's answer.
    if (!receipt || receipt.from.toLowerCase() !== address.toLowerCase()) throw error;
    return resultOf(job.kind, receipt);
  }

  async function readJson(request: IncomingMessage): Promise<unknown> {
    const body = await readBody(request, maxBodyBytes);
    try {
      return JSON.parse(body);
    } catch {
      throw new RelayerRequestError("BAD_REQUEST", "the body is not JSON");
    }
  }

  async function handleClaim(request: IncomingMessage): Promise<RelayedClaim> {
    const claim = decodeClaim(await readJson(request));
    if (!allowed.has(claim.mutual.toLowerCase()))
      throw new RelayerRequestError("UNKNOWN_MUTUAL", `this relayer does not submit for ${claim.mutual}`);
    const key = `${claim.mutual.toLowerCase()}:${claim.request.incidentId}:${claim.request.nullifier}`;
    const canonical = JSON.stringify(encodeClaim(claim.mutual, claim.request));
    // Another claim with this nullifier: the member's one claim for the incident is taken; refused without
    // sending a transaction that could only revert.
    const conflict = () => {
      throw new RelayerRequestError("NullifierAlreadyUsed", "this member already claimed for this incident", {
        status: 422,
        args: [claim.request.nullifier.toString()],
      });
    };
    const data = mutualInterface.encodeFunctionData("fileClaim", [claimCall(claim.request)]);
    return once<RelayedClaim>({ key, kind: "claim", body: canonical, to: claim.mutual, data }, conflict);
  }

  async function handleBallot(request: IncomingMessage): Promise<RelayedCall> {
    const ballot = decodeBallot(await readJson(request));
    if (!ballotBoxes.has(ballot.to.toLowerCase()))
      throw new RelayerRequestError("UNKNOWN_BALLOT_BOX", `this relayer does not send ballots to ${ballot.to}`);
    const { key, taken } = ballotKey(ballot.data);
    if (key.startsWith("upkeep:")) await requireUpkeepDue(ballot.to, ballot.data);
    // Once per ballot, not per calldata: another call for a ballot already sent (a different commitment under the
    // same nullifier, a second appeal) is refused without a transaction, as the contract would refuse it.
    const conflict = () => {
      throw new RelayerRequestError(taken, "this ballot was already sent with other contents", { status: 422 });
    };
    return once(
      { key: `${ballot.to.toLowerCase()}:${key}`, kind: "ballot", body: ballot.data, to: ballot.to, data: ballot.data },
      conflict,
    );
  }

  /**
   * performUpkeep never reverts when nothing is due (it re-checks and skips): so that nobody spends the relayer's
   * gas on empty upkeeps, one claim of it at least must have work due now (the keeper's own dueOf).
   */
  async function requireUpkeepDue(keeper: string, data: string): Promise<void> {
    const [performData] = keeperInterface.decodeFunctionData("performUpkeep", data);
    let claims: [bigint, bigint][];
    try {
      [claims] = AbiCoder.defaultAbiCoder().decode(["tuple(uint256,uint256)[]"], performData as string) as unknown as [[bigint, bigint][]];
    } catch {
      throw new RelayerRequestError("BAD_REQUEST", "performUpkeep: its data is not a list of claims");
    }
    if (claims.length === 0 || claims.length > 16) throw new RelayerRequestError("BAD_REQUEST", "performUpkeep: 1 to 16 claims");
    const dueOf = keeperInterface.getFunction("dueOf");
    for (const [incidentId, nullifier] of claims) {
      let action: number;
      try {
        const result = await provider?.call({ to: keeper, data: keeperInterface.encodeFunctionData("dueOf", [incidentId, nullifier]) });
        action = Number(keeperInterface.decodeFunctionResult(dueOf ?? "dueOf", result ?? "0x")[0]);
      } catch (error) {
        return revertToRequestError(error);
      }
      // Finalize, Settle or Lapse: work a claim needs. Forgetting a finished claim is the keeper network's housekeeping.
      if (action >= 1 && action <= 3) return;
    }
    throw new RelayerRequestError("NOTHING_DUE", "nothing is due for these claims now: the relayer sends no empty upkeep", { status: 422 });
  }

  // A slow client is cut off (headers in 10 s, the request in 120 s), and no address holds more than its share.
  const limits = { requestTimeoutMs: 120_000, ...options.limits };
  const server = limitConnections(
    createServer(serverOptions(limits), (request, response) => {
      // Members' browsers (the app) call the relayer from the app's origin: the API is public, answer any origin.
      response.setHeader("access-control-allow-origin", "*");
      if (request.method === "OPTIONS") {
        response.writeHead(204, {
          "access-control-allow-methods": "GET, POST",
          "access-control-allow-headers": "content-type",
          "access-control-max-age": "600",
        });
        response.end();
        return;
      }
      const client = request.socket.remoteAddress ?? "unknown";
      const route = `${request.method} ${new URL(request.url ?? "/", "http://relayer").pathname}`;
      const answer = async () => {
        if (route === "GET /v1/health")
          return { status: 200, body: { ok: true, address, mutuals: [...allowed], ballotBoxes: [...ballotBoxes], waiting } };
        if (route !== "POST /v1/claims" && route !== "POST /v1/ballots")
          throw new RelayerRequestError("NOT_FOUND", `no route ${route}`, { status: 404 });
        const retryAfterSeconds = limiter.take(client);
        if (retryAfterSeconds !== undefined) {
          throw new RelayerRequestError("RATE_LIMITED", `too many requests from this client; try again in ${retryAfterSeconds} s`, {
            status: 429,
            retryAfterSeconds,
          });
        }
        return { status: 200, body: route === "POST /v1/claims" ? await handleClaim(request) : await handleBallot(request) };
      };
      answer().then(
        ({ status, body }) => respond(response, status, body),
        (error: unknown) => {
          const failure =
            error instanceof RelayerRequestError
              ? error
              : new RelayerRequestError("RELAYER_ERROR", `the relayer failed: ${(error as Error).message}`, { status: 502 });
          if (failure.retryAfterSeconds !== undefined) response.setHeader("Retry-After", String(failure.retryAfterSeconds));
          if (!request.complete) closeAfterAnswer(request, response);
          respond(response, failure.status, {
            error: { code: failure.code, message: failure.message, args: (failure.details as { args?: unknown }).args },
          });
        },
      );
    }),
    limits,
  );
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
        clearInterval(watcher);
        server.closeAllConnections();
        server.close(() => {
          journal.close();
          resolve();
        });
      }),
  };
}

/**
 * What makes a ballot call one ballot: the contract's own key for it (the vote nullifier, or the appealed claim),
 * and the contract's error for a second one. Anything that is not a well-formed ballot call is refused.
 */
function ballotKey(data: string): { key: string; taken: string } {
  const name = BALLOT_SELECTORS.get(data.slice(0, 10));
  if (!name)
    throw new RelayerRequestError(
      "NOT_A_BALLOT",
      "the relayer sends only ballots: castAnonymousVote, commitVote, revealVote, appeal, performUpkeep, claim (parametric)",
    );
  let args: readonly unknown[];
  const abi =
    name === "castAnonymousVote"
      ? governorInterface
      : name === "performUpkeep"
        ? keeperInterface
        : name === "claim"
          ? parametricInterface
          : assessmentInterface;
  try {
    args = abi.decodeFunctionData(name, data);
  } catch {
    throw new RelayerRequestError("BAD_REQUEST", `data: not a well-formed ${name} call`);
  }
  switch (name) {
    case "castAnonymousVote":
      return { key: `vote:${args[2]}`, taken: "VoteNullifierUsed" };
    case "commitVote":
      return { key: `commit:${args[4]}`, taken: "BallotAlreadyCast" };
    case "revealVote":
      return { key: `reveal:${args[3]}`, taken: "AlreadyRevealed" };
    // Upkeep is idempotent by nature (it re-checks what is due): the same call twice gets the first answer.
    case "performUpkeep":
      return { key: `upkeep:${keccak256(data)}`, taken: "UPKEEP_SENT" };
    // One parametric claim per (event, nullifier): the request's first two words.
    case "claim": {
      const request = args[0] as { eventId: bigint; nullifier: bigint };
      return { key: `parametric:${request.eventId}:${request.nullifier}`, taken: "NullifierAlreadyUsed" };
    }
    default:
      return { key: `appeal:${args[0]}:${args[1]}`, taken: "AlreadyAppealed" };
  }
}

/**
 * A contract revert becomes 422 with the custom error's name (a revert with no reason: CALL_REVERTED, as when a
 * ballot is sent to a contract that has no such function); anything else (RPC down) 502.
 */
function revertToRequestError(error: unknown): never {
  try {
    decodeRevert(error, [MutuaMutualArtifact.abi, MemberGovernorArtifact.abi, PrivateAssessmentArtifact.abi, ParametricCoverArtifact.abi]);
  } catch (decoded) {
    if (decoded instanceof ContractRevertError) {
      throw new RelayerRequestError(decoded.errorName, `the contract refuses this transaction: ${decoded.message}`, {
        status: 422,
        args: decoded.args.map(String),
      });
    }
  }
  if ((error as { code?: string }).code === "CALL_EXCEPTION") {
    throw new RelayerRequestError(
      "CALL_REVERTED",
      "the contract refuses this call and gives no reason: is it sent to the right contract (a vote to the governor, sealed votes and appeals to the assessment module)?",
      { status: 422 },
    );
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
      reject(new RelayerRequestError("REQUEST_TOO_LARGE", `a request is at most ${limit} bytes`, { status: 413 }));
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (part: Buffer) => {
      // Past the limit the rest is read and dropped (memory stays bounded) until the 413 is sent and the
      // connection closed: destroying the socket here would reset it before the client hears why.
      if (tooLarge) return;
      size += part.length;
      if (size > limit) {
        tooLarge = true;
        parts.length = 0;
        reject(new RelayerRequestError("REQUEST_TOO_LARGE", `a request is at most ${limit} bytes`, { status: 413 }));
        return;
      }
      parts.push(part);
    });
    request.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * For an answer sent before the request's body was read (too large): the connection closes once the answer is out,
 * and whatever the client still sends is dropped meanwhile; a client that keeps sending is cut off a second later.
 */
function closeAfterAnswer(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader("connection", "close");
  response.once("finish", () => {
    request.socket.end();
    setTimeout(() => request.destroy(), 1_000).unref();
  });
}

function respond(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
