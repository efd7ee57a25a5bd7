import type { PolicyTerms } from "@mutua/core";
import { checkPolicyTerms, explicitCoverTerms, loadOnce } from "@mutua/core";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { SchemaMismatchError } from "./errors.ts";
import schemaV1Json from "./schemas/membership-credential-v1.schema.json" with { type: "json" };
import schemaJson from "./schemas/membership-credential-v2.schema.json" with { type: "json" };
import contextV1Json from "./schemas/membership-v1.context.json" with { type: "json" };
import contextJson from "./schemas/membership-v2.context.json" with { type: "json" };
import { VC_V2_CONTEXT } from "./vc-jwt.ts";

/** Credentials are issued in the W3C VC Data Model 2.0; 1.1 credentials issued before are still read. */
export const MEMBERSHIP_CONTEXT = "https://mutua.dev/contexts/membership/v2";
/** The published JSON Schema of the membership credential's subject (VC Data Model 2.0). */
export const MEMBERSHIP_SCHEMA_ID = "https://mutua.dev/schemas/membership-credential/v2.json";
export const MEMBERSHIP_CONTEXT_V1 = "https://mutua.dev/contexts/membership/v1";
export const MEMBERSHIP_SCHEMA_ID_V1 = "https://mutua.dev/schemas/membership-credential/v1.json";
/** The membership credential's type. */
export const MEMBERSHIP_CREDENTIAL_TYPE = "MembershipCredential";

/** The published schemas and JSON-LD contexts (shipped in the package's src/schemas/ folder, exported as @mutua/identity/schemas/*; verifiers never fetch them). */
// Imported as JSON modules (not read from disk) so that the browser app bundles them too.
export const membershipSchema: Record<string, unknown> = schemaJson;
/** The JSON-LD context of the membership credential's terms. */
export const membershipContext: Record<string, unknown> = contextJson;
export const membershipSchemaV1: Record<string, unknown> = schemaV1Json;
export const membershipContextV1: Record<string, unknown> = contextV1Json;

/** What a membership credential says about a member. */
export interface Membership {
  memberDid: string;
  terms: PolicyTerms;
  /** Poseidon(secret): the value the member tree's leaf commits to (identityCommitment in @mutua/core). */
  identityCommitment: bigint;
  mutual?: { name?: string; chainId?: bigint; contract?: string };
}

/** The credentialSubject of a MembershipCredential: big numbers as decimal strings, times as ISO 8601. */
export function membershipSubject(membership: Membership): Record<string, unknown> {
  const terms = checkPolicyTerms(membership.terms);
  const mutual = membership.mutual;
  return {
    id: membership.memberDid,
    policyId: terms.policyId.toString(),
    coverageLimit: terms.coverageLimit.toString(),
    policyStart: unixToIso(terms.policyStart),
    policyExpiry: unixToIso(terms.policyExpiry),
    // Written only when the policy has them: credentials of pool-wide indemnity cover look as before.
    ...explicitCoverTerms(membership.terms),
    identityCommitment: membership.identityCommitment.toString(),
    ...(mutual
      ? {
          mutual: {
            ...(mutual.name !== undefined ? { name: mutual.name } : {}),
            ...(mutual.chainId !== undefined ? { chainId: mutual.chainId.toString() } : {}),
            ...(mutual.contract !== undefined ? { contract: mutual.contract } : {}),
          },
        }
      : {}),
  };
}

/** Reads a schema-valid credentialSubject back into a Membership. */
export function parseMembershipSubject(subject: Record<string, unknown>): Membership {
  const mutual = subject.mutual as { name?: string; chainId?: string; contract?: string } | undefined;
  return {
    memberDid: String(subject.id),
    terms: {
      policyId: BigInt(subject.policyId as string),
      coverageLimit: BigInt(subject.coverageLimit as string),
      policyStart: isoToUnix(subject.policyStart as string),
      policyExpiry: isoToUnix(subject.policyExpiry as string),
      ...(subject.ratingClass !== undefined ? { ratingClass: subject.ratingClass as number } : {}),
      ...(subject.region !== undefined ? { region: subject.region as number } : {}),
      ...(subject.parametricProducts !== undefined ? { parametricProducts: subject.parametricProducts as number[] } : {}),
    },
    identityCommitment: BigInt(subject.identityCommitment as string),
    ...(mutual
      ? {
          mutual: {
            ...(mutual.name !== undefined ? { name: mutual.name } : {}),
            ...(mutual.chainId !== undefined ? { chainId: BigInt(mutual.chainId) } : {}),
            ...(mutual.contract !== undefined ? { contract: mutual.contract } : {}),
          },
        }
      : {}),
  };
}

/**
 * Both schemas' validators, compiled on the first check: ajv (76 modules) and the compilation (~80 ms) are paid by
 * a verifier on its first credential, not by every importer of the package.
 */
const schemaValidators = loadOnce(async (): Promise<{ v1: ValidateFunction; v2: ValidateFunction }> => {
  const [{ Ajv2020 }, { default: addFormats }] = await Promise.all([import("ajv/dist/2020.js"), import("ajv-formats")]);
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return { v2: ajv.compile(membershipSchema), v1: ajv.compile(membershipSchemaV1) };
});

/** Throws SchemaMismatchError listing every violation of the published schema of the credential's data model. */
export async function assertMembershipSchema(credential: unknown): Promise<void> {
  const context = (credential as { "@context"?: unknown } | null)?.["@context"];
  const { v1, v2 } = await schemaValidators();
  const validate = Array.isArray(context) && context[0] === VC_V2_CONTEXT ? v2 : v1;
  if (validate(credential)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  throw new SchemaMismatchError(problems);
}

export function unixToIso(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

export function isoToUnix(iso: string): bigint {
  return BigInt(Math.floor(Date.parse(iso) / 1000));
}
