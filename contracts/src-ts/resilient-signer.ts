import type { TypedDataDomain, TypedDataField } from "ethers/hash";
import type { Provider, Signer, TransactionReceipt, TransactionRequest, TransactionResponse } from "ethers/providers";
import { AbstractSigner } from "ethers/providers";
import { formatEther, isError } from "ethers/utils";
import { InsufficientFundsError, TransactionNotMinedError } from "./chain-errors.ts";

/** How a ResilientSigner waits and replaces: confirmations, timeouts, fee bumps. */
export interface ResilientSignerOptions {
  /** Blocks to wait after the one that includes a transaction (default 1: the including block). */
  confirmations?: number;
  /** Re-send a transaction not mined after this long, with higher fees (default 60 s). */
  resendAfterMs?: number;
  /** Attempts before giving up on a transaction (default 5). */
  maxAttempts?: number;
  /** Fee increase on each re-send, percent (at least the 10% nodes require to replace; default 20). */
  feeBumpPercent?: number;
}

interface Fees {
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasPrice?: bigint;
}

/**
 * A signer for real chains, around a key that signs locally (a Wallet): it assigns nonces itself (one
 * transaction at a time, so back-to-back sends never collide), pays EIP-1559 fees when the chain has them,
 * re-syncs its nonce when the key was used elsewhere, raises the fee of an underpriced transaction, and
 * re-sends one that was dropped or not mined in time (same nonce, higher fees: whichever lands is the one).
 */
/** How often a transaction being waited for is looked up by its receipt. */
const RECEIPT_POLL_MS = 2_000;

/** A signer that keeps its transactions going on a real network: replaces stuck ones with higher fees and survives reorgs. */
export class ResilientSigner extends AbstractSigner {
  readonly #inner: Signer;
  readonly #options: Required<ResilientSignerOptions>;
  #nextNonce: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** What was sent for each hash, so that `confirm` can re-send it. */
  readonly #sent = new Map<string, { request: TransactionRequest; nonce: number; fees: Fees }>();

  constructor(inner: Signer, options: ResilientSignerOptions = {}) {
    super(inner.provider);
    this.#inner = inner;
    this.#options = {
      confirmations: options.confirmations ?? 1,
      resendAfterMs: options.resendAfterMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 5,
      feeBumpPercent: Math.max(options.feeBumpPercent ?? 20, 10),
    };
  }

  get confirmations(): number {
    return this.#options.confirmations;
  }

  connect(provider: Provider | null): ResilientSigner {
    return new ResilientSigner(this.#inner.connect(provider), this.#options);
  }

  getAddress(): Promise<string> {
    return this.#inner.getAddress();
  }

  /**
   * Forgets the nonce it would use next, so the next send reads it from the chain: after a reorganisation removed
   * transactions of this key, the chain's count is lower again, and a nonce above it would wait forever in the pool.
   */
  resyncNonce(): void {
    this.#nextNonce = undefined;
  }

  /** Signs with the wrapped signer. */
  signTransaction(tx: TransactionRequest): Promise<string> {
    return this.#inner.signTransaction(tx);
  }

  /** Signs a message with the wrapped signer. */
  signMessage(message: string | Uint8Array): Promise<string> {
    return this.#inner.signMessage(message);
  }

  /** Signs EIP-712 typed data with the wrapped signer. */
  signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, value: Record<string, unknown>): Promise<string> {
    return this.#inner.signTypedData(domain, types, value);
  }

  /** Sends a transaction with its own nonce, replacing it at a higher fee while it stays unmined. */
  override sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    // One at a time: the nonce of the next depends on whether this one was accepted.
    const run = this.#queue.then(() => this.#send(tx));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #send(tx: TransactionRequest): Promise<TransactionResponse> {
    const provider = this.#provider();
    const { nonce: _ignored, ...request } = tx;
    let fees = await this.#fees();
    if (this.#nextNonce !== undefined) {
      // Transactions of this key that vanished (a reorganisation dropped mined ones, a node dropped pending ones) leave
      // the next nonce above the chain's count plus what is still in flight: it is read from the chain again, or the
      // next transaction would wait behind the gap forever.
      const mined = await provider.getTransactionCount(await this.getAddress(), "latest");
      const inFlight = new Set([...this.#sent.values()].map((s) => s.nonce)).size;
      if (this.#nextNonce > mined + inFlight) this.#nextNonce = undefined;
    }
    let nonce = this.#nextNonce ?? (await provider.getTransactionCount(await this.getAddress(), "pending"));
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.#inner.sendTransaction({ ...request, ...fees, nonce });
        this.#nextNonce = nonce + 1;
        this.#sent.set(response.hash, { request, nonce, fees });
        return response;
      } catch (error) {
        if (attempt >= this.#options.maxAttempts) throw await this.#explained(error, request);
        if (nonceUsed(error)) {
          // The key sent something elsewhere: continue after the chain's count.
          nonce = await provider.getTransactionCount(await this.getAddress(), "pending");
        } else if (isError(error, "REPLACEMENT_UNDERPRICED") || /underpriced|already known/i.test(messageOf(error))) {
          // A pending transaction holds this nonce: either outbid it, or, if ours, the chain has it already.
          const pending = await provider.getTransactionCount(await this.getAddress(), "pending");
          if (pending > nonce) nonce = pending;
          else fees = bump(fees, this.#options.feeBumpPercent);
        } else {
          throw await this.#explained(error, request);
        }
      }
    }
  }

  /**
   * Waits until `response` (or a re-sent copy of it) is mined with the configured confirmations. A
   * transaction not mined within `resendAfterMs` is sent again with the same nonce and higher fees: that
   * replaces it if a node still holds it, and brings it back if it was dropped.
   */
  async confirm(response: TransactionResponse): Promise<TransactionReceipt> {
    const provider = this.#provider();
    const sent = this.#sent.get(response.hash);
    const started = Date.now();
    const hashes = [response.hash];
    let current = response.hash;
    let fees = sent?.fees ?? {};
    for (let attempt = 1; ; attempt++) {
      // Waited in short slices, the receipts looked up after each: ethers' wait listens for new blocks, and a
      // transaction mined before it listened, on a chain that makes blocks only for transactions (a devnet, Anvil),
      // would otherwise be seen only when the slice's timeout ran out (measured: a relayed ballot took 61 s).
      const resendAt = Date.now() + this.#options.resendAfterMs;
      for (;;) {
        try {
          const slice = Math.max(1, Math.min(RECEIPT_POLL_MS, resendAt - Date.now()));
          const receipt = await provider.waitForTransaction(current, this.#options.confirmations, slice);
          if (receipt) return this.#settled(hashes, receipt);
        } catch (error) {
          if (!isError(error, "TIMEOUT")) throw error;
        }
        // This copy or an earlier one may have been the one mined.
        for (const hash of hashes) {
          const receipt = await provider.getTransactionReceipt(hash);
          if (receipt) return this.#settled(hashes, (await provider.waitForTransaction(hash, this.#options.confirmations)) ?? receipt);
        }
        if (Date.now() >= resendAt) break;
      }
      if (!sent || attempt >= this.#options.maxAttempts) throw new TransactionNotMinedError(current, attempt, Date.now() - started);
      fees = bump(fees, this.#options.feeBumpPercent);
      try {
        const again = await this.#inner.sendTransaction({ ...sent.request, ...fees, nonce: sent.nonce });
        current = again.hash;
        hashes.push(current);
      } catch (error) {
        // "nonce too low": a copy was mined meanwhile (found on the next round); anything else is real.
        if (!(nonceUsed(error) || /already known/i.test(messageOf(error)))) throw error;
      }
    }
  }

  /** A transaction is done: what was kept to re-send its copies goes (a relayer sends for days). */
  #settled(hashes: readonly string[], receipt: TransactionReceipt): TransactionReceipt {
    for (const hash of hashes) this.#sent.delete(hash);
    return receipt;
  }

  async #fees(): Promise<Fees> {
    const data = await this.#provider().getFeeData();
    if (data.maxFeePerGas !== null && data.maxPriorityFeePerGas !== null) {
      return { maxFeePerGas: data.maxFeePerGas, maxPriorityFeePerGas: data.maxPriorityFeePerGas };
    }
    return data.gasPrice === null ? {} : { gasPrice: data.gasPrice };
  }

  /** A failed send as a person reads it: no funds is INSUFFICIENT_FUNDS with both amounts. */
  async #explained(error: unknown, request: TransactionRequest): Promise<unknown> {
    if (isError(error, "INSUFFICIENT_FUNDS") || /insufficient funds/i.test(messageOf(error))) {
      const address = await this.getAddress();
      const balance = await this.#provider().getBalance(address);
      const fees = await this.#fees();
      const gas = request.gasLimit === undefined || request.gasLimit === null ? undefined : BigInt(request.gasLimit);
      const price = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
      const need = gas === undefined ? "more" : `${formatEther(gas * price)} ETH in gas`;
      return new InsufficientFundsError(address, need, `${formatEther(balance)} ETH`);
    }
    return error;
  }

  #provider(): Provider {
    if (!this.provider) throw new Error("ResilientSigner needs a provider");
    return this.provider;
  }
}

function bump(fees: Fees, percent: number): Fees {
  const up = (value: bigint | undefined) => (value === undefined ? undefined : (value * BigInt(100 + percent)) / 100n + 1n);
  const bumped: Fees = {};
  if (fees.maxFeePerGas !== undefined) bumped.maxFeePerGas = up(fees.maxFeePerGas) as bigint;
  if (fees.maxPriorityFeePerGas !== undefined) bumped.maxPriorityFeePerGas = up(fees.maxPriorityFeePerGas) as bigint;
  if (fees.gasPrice !== undefined) bumped.gasPrice = up(fees.gasPrice) as bigint;
  return bumped;
}

/** The nonce was taken: by a transaction of ours mined meanwhile, or one the key sent elsewhere. */
function nonceUsed(error: unknown): boolean {
  return isError(error, "NONCE_EXPIRED") || /nonce too low|nonce has already been used/i.test(messageOf(error));
}

function messageOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as { message?: unknown; shortMessage?: unknown; error?: unknown; info?: unknown };
    if (typeof e.shortMessage === "string") parts.push(e.shortMessage);
    if (typeof e.message === "string") parts.push(e.message);
    current = e.error ?? (e.info as { error?: unknown } | undefined)?.error;
  }
  return parts.join(" | ");
}
