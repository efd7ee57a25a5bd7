import type { ClaimRequest } from "@mutua/contracts";
import { MutuaMutualClient } from "@mutua/contracts";
import { RelayerClient } from "@mutua/relayer";
import type { Signer } from "ethers/providers";

/** A submitted claim: the transaction and the claim id it created. */
export interface SubmittedClaim {
  claimId: string;
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
  /** The transaction's sender: the relayer, or the account that sent it. */
  from: string;
}

/** How a prepared claim reaches the chain. */
export interface ClaimSubmitter {
  /** "relayer": the member's addresses appear nowhere; "account": the given account is the sender. */
  readonly kind: "relayer" | "account";
  /** Sends the claim to the mutual; resolves once it is mined. */
  submit(mutual: string, request: ClaimRequest): Promise<SubmittedClaim>;
  /** The account the transaction will come from, if it can be known now (a relayer says it in its health answer). */
  senderAddress?(): Promise<string | undefined>;
}

/** Through a relayer service (the default way to file): the chain shows the relayer as sender. */
export function relayerSubmitter(relayer: RelayerClient | string): ClaimSubmitter {
  const client = typeof relayer === "string" ? new RelayerClient(relayer) : relayer;
  return {
    kind: "relayer",
    async submit(mutual, request) {
      const relayed = await client.submit(mutual, request);
      return { ...relayed, hash: relayed.transactionHash, gasUsed: BigInt(relayed.gasUsed) };
    },
    // An unreachable relayer is reported when the claim is sent; here it only means the address is not known.
    senderAddress: () =>
      client.health().then(
        (health) => health.address,
        () => undefined,
      ),
  };
}

/** Sent by `signer`: whoever controls that account is linked to the claim on-chain. */
export function accountSubmitter(signer: Signer): ClaimSubmitter {
  return {
    kind: "account",
    async submit(mutual, request) {
      const { claimId, receipt } = await new MutuaMutualClient(mutual, signer).fileClaim(request);
      return { claimId, hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, from: receipt.from };
    },
    senderAddress: () => signer.getAddress(),
  };
}
