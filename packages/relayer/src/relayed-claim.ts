/** A relayer's answer for a claim it submitted (or had already submitted: the first result is returned). */
export interface RelayedClaim {
  claimId: string;
  transactionHash: string;
  blockNumber: number;
  gasUsed: string;
  /** The relayer's address: the transaction's sender. */
  from: string;
}
