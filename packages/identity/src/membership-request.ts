import { MutuaError, SNARK_SCALAR_FIELD } from "@mutua/core";
import type { IdentityAgent } from "./agent.ts";

/**
 * A request to join, signed by the member's DID: a verifiable presentation (JWT) that holds no credential, only
 * the commitment of the wallet's identity secret for one mutual. The signature is what stops a stranger from
 * asking in someone else's name (a request under a victim's DID with the stranger's commitment would bind that
 * DID to the wrong secret and lock the victim out); the challenge names the mutual and the audience the desk,
 * so a request made for one mutual or desk is refused by another.
 */
export const MEMBERSHIP_REQUEST_TYPE = "MutuaMembershipRequest";

/** What a member sends to join: their DID and identity commitment, signed by the DID. */
export interface MembershipRequest {
  memberDid: string;
  identityCommitment: bigint;
}

/** The challenge a request signs: the mutual it is for ("<chainId>:<contract>", lower case). */
export function membershipRequestChallenge(mutual: { chainId: bigint; contract: string }): string {
  return `${mutual.chainId}:${mutual.contract.toLowerCase()}`;
}

/** A request to join that does not verify: malformed, unsigned, or for another mutual. */
export class BadMembershipRequestError extends MutuaError {
  constructor(reason: string) {
    super("BAD_MEMBERSHIP_REQUEST", `that is not a valid request to join: ${reason}`, { reason });
  }
}

/**
 * Checks a signed request for `mutual` sent to the desk at `audience` (its URL): the holder's signature, the
 * challenge and audience, and a commitment that is a field element. Returns who asks and with which commitment.
 */
export async function verifyMembershipRequest(
  agent: IdentityAgent,
  jwt: string,
  expected: { mutual: { chainId: bigint; contract: string }; audience: string },
): Promise<MembershipRequest> {
  if (typeof jwt !== "string" || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt)) throw new BadMembershipRequestError("not a JWT");
  let result: Awaited<ReturnType<IdentityAgent["verifyPresentation"]>>;
  try {
    result = await agent.verifyPresentation({
      presentation: jwt,
      challenge: membershipRequestChallenge(expected.mutual),
      domain: expected.audience,
    });
  } catch (error) {
    throw new BadMembershipRequestError((error as Error).message);
  }
  if (!result.verified) throw new BadMembershipRequestError(result.error?.message ?? "its signature does not verify");
  // Veramo answers the JWT's payload under verifiablePresentation (did-jwt-vc's verified presentation).
  const payload = (result as { verifiablePresentation?: { payload?: unknown } }).verifiablePresentation?.payload as
    | { iss?: unknown; identityCommitment?: unknown; vp?: { type?: unknown } }
    | undefined;
  const types = payload?.vp?.type;
  if (!Array.isArray(types) || !types.includes(MEMBERSHIP_REQUEST_TYPE))
    throw new BadMembershipRequestError(`not a ${MEMBERSHIP_REQUEST_TYPE}`);
  if (typeof payload?.iss !== "string") throw new BadMembershipRequestError("it names no member");
  const text = payload.identityCommitment;
  if (typeof text !== "string" || !/^[1-9]\d{0,77}$/.test(text) || BigInt(text) >= SNARK_SCALAR_FIELD) {
    throw new BadMembershipRequestError("its identity commitment is not a field element");
  }
  return { memberDid: payload.iss, identityCommitment: BigInt(text) };
}
