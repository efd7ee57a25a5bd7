import type { MembershipIssuer } from "@mutua/identity";
import { CredentialIssuerService, Es256Key, MembershipSdJwtIssuer, oid4vciHandler } from "@mutua/identity";

/**
 * The issuer's OpenID4VCI endpoint for standard wallets, beside its own: the membership as SD-JWT VCs. `url`
 * is the credential issuer identifier (`<public origin>/oid4vci`); in `directory` (the issuer's home) it
 * keeps its ES256 key, what it issued and the spent offer codes, so a restart loses nothing.
 */
export async function openCredentialIssuer(options: {
  memberships: MembershipIssuer;
  url: string;
  directory?: string;
  mutualName?: string;
  /** The product in words ("boats"), shown in every credential. */
  policyType?: string;
}) {
  const { directory } = options;
  const key = directory ? await Es256Key.atPath(`${directory}/sd-jwt-key.json`) : await Es256Key.generate();
  const sdJwt = MembershipSdJwtIssuer.open({
    memberships: options.memberships,
    key,
    issuer: options.url.replace(/\/$/, ""),
    statusListUri: `${options.url.replace(/\/$/, "")}/status`,
    ...(options.policyType ? { policyType: () => options.policyType as string } : {}),
    ...(directory ? { log: { kind: "file" as const, path: `${directory}/sd-jwt-issued.jsonl` } } : {}),
  });
  const service = new CredentialIssuerService(sdJwt, {
    ...(options.mutualName ? { mutualName: options.mutualName } : {}),
    ...(directory ? { spentCodes: `${directory}/oid4vci-spent.jsonl` } : {}),
  });
  return {
    sdJwt,
    service,
    /** The OpenID4VCI endpoints over HTTP (metadata, token, nonce, credential): mount it on the mutual's host. */
    handler: oid4vciHandler(service, sdJwt),
  };
}

/** An OpenID4VCI issuer: the SD-JWT VC issuer, the OpenID4VCI service and its HTTP handler. */
export type CredentialIssuer = Awaited<ReturnType<typeof openCredentialIssuer>>;
