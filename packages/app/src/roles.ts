import { Assessor, agentResolver, Member } from "@mutua/sdk/browser";
import type { Signer } from "ethers";
import { VoidSigner, ZeroAddress } from "ethers";
import type { AppContext } from "./context.ts";
import { t } from "./i18n/translate.ts";
import type { ProofStage } from "./prover/worker-prover.ts";
import type { Session } from "./session.ts";
import { AppError } from "./ui/app-error.ts";

export function requireSession(context: AppContext): Session {
  if (!context.session) throw new AppError("LOCKED", t("Your wallet is locked: unlock it first."));
  return context.session;
}

/**
 * The SDK's Member for this wallet. It reads the chain with no account of the member's (claims go through the
 * relayer, so nothing the member's account did is linked to them); premiums pass a paying account explicitly.
 */
export async function memberOf(
  context: AppContext,
  options: { signer?: Signer; onProof?: (stage: ProofStage) => void } = {},
): Promise<Member> {
  const session = requireSession(context);
  const { onProof } = options;
  return new Member({
    wallet: session.wallet,
    signer: options.signer ?? new VoidSigner(ZeroAddress, await context.chain()),
    deployment: context.config.deployment,
    store: await context.evidenceStore(),
    resolver: agentResolver(session.handle.agent),
    relayer: context.config.relayer,
    prover: context.prover.eligibility(context.config.circuits.eligibility, onProof),
  });
}

/** The SDK's Assessor for this wallet: its seat comes from the wallet's identity secret for the mutual. */
export async function assessorOf(context: AppContext, onProof?: (stage: ProofStage) => void): Promise<Assessor> {
  const session = requireSession(context);
  const provider = await context.chain();
  return new Assessor({
    agent: session.handle.agent,
    did: await session.did(),
    wallet: session.wallet,
    signer: new VoidSigner(ZeroAddress, provider),
    deployment: context.config.deployment,
    store: await context.evidenceStore(),
    relayer: context.config.relayer,
    prover: context.prover.vote(context.config.circuits.vote, onProof),
    journal: session.ballots,
  });
}
