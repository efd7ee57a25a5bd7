/** A relayer's answer for a transaction it sent (or had already sent: the first result is returned). */
export interface RelayedCall {
  transactionHash: string;
  blockNumber: number;
  gasUsed: string;
  /** The relayer's address: the transaction's sender. */
  from: string;
}

/** A relayer's answer for a claim it submitted. */
export interface RelayedClaim extends RelayedCall {
  claimId: string;
}
