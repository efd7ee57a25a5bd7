import {
  ContractRevertError,
  confirmTransaction,
  decodeRevert,
  MemberGovernorArtifact,
  MutuaMutualArtifact,
  PrivateAssessmentArtifact,
} from "@mutua/contracts";
import { RelayerClient } from "@mutua/relayer";
import type { Signer } from "ethers/providers";

/** A sent ballot call: the transaction and its sender (the relayer, or the account that chose to send it). */
export interface SentBallot {
  transactionHash: string;
  blockNumber: number;
  gasUsed: bigint;
  from: string;
}

/**
 * How ballots reach the chain: through a relayer (the default: no voter's address appears), or from an account
 * (it then appears as the sender of the ballot, which may link the voter to their vote).
 */
export type BallotRoute = { kind: "relayer"; relayer: RelayerClient } | { kind: "account"; signer: Signer };

export function ballotRoute(relayer: string | RelayerClient | undefined, signer: Signer): BallotRoute {
  if (relayer === undefined) return { kind: "account", signer };
  return { kind: "relayer", relayer: typeof relayer === "string" ? new RelayerClient(relayer) : relayer };
}

const ABIS = [MemberGovernorArtifact.abi, PrivateAssessmentArtifact.abi, MutuaMutualArtifact.abi];

/** Sends `data` to `to` by `route`; a revert becomes a ContractRevertError named after the contract's error. */
export async function sendBallot(route: BallotRoute, to: string, data: string): Promise<SentBallot> {
  if (route.kind === "relayer") {
    const sent = await route.relayer.submitBallot(to, data);
    return { ...sent, gasUsed: BigInt(sent.gasUsed) };
  }
  try {
    // Simulated first, so that a refused ballot costs nothing and comes back with the contract's reason.
    await route.signer.call({ to, data });
    const tx = await route.signer.sendTransaction({ to, data });
    const receipt = await confirmTransaction(tx, route.signer);
    return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, from: receipt.from };
  } catch (error) {
    if (error instanceof ContractRevertError) throw error;
    decodeRevert(error, ABIS);
  }
}
