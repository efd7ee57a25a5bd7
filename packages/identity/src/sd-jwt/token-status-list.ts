import type { JWK } from "jose";
import { StatusListUnavailableError } from "../errors.ts";
import { loadJose, loadJwtStatusList } from "../lazy-libraries.ts";
import type { Es256Key } from "./es256-key.ts";

/** IETF Token Status List: one bit per credential (0 valid, 1 revoked); 2^17 entries for herd privacy, as the Bitstring list. */
export const TOKEN_STATUS_LIST_LENGTH = 131_072;
export const STATUS_LIST_JWT_TYPE = "statuslist+jwt";

/** A signed status list token (`statuslist+jwt`) of the bits `revoked(i)` reports, valid `validity` seconds. */
export async function signStatusListToken(options: {
  key: Es256Key;
  uri: string;
  revokedIndices: Iterable<number>;
  issuedAt: number;
  validity: number;
}): Promise<string> {
  const { createHeaderAndPayload, StatusList } = await loadJwtStatusList();
  const list = new StatusList(new Array<number>(TOKEN_STATUS_LIST_LENGTH).fill(0), 1);
  for (const index of options.revokedIndices) list.setStatus(index, 1);
  const { header, payload } = createHeaderAndPayload(
    list,
    // ttl: how long a verifier may keep it before fetching again (half its life: a fresh one is always out).
    { sub: options.uri, iat: options.issuedAt, exp: options.issuedAt + options.validity, ttl: Math.floor(options.validity / 2) },
    { alg: "ES256", typ: STATUS_LIST_JWT_TYPE },
  );
  return options.key.signJwt(header, payload);
}

/**
 * Checks a status list token as a careful verifier must before reading a bit from it: signed by one of the
 * issuer's keys, typed `statuslist+jwt`, about the list the credential names (`sub`), not expired, and not
 * older than the newest list already seen from that URI (`notBefore`: a replayed old list would unrevoke).
 */
export async function verifyStatusListToken(
  token: string,
  options: { uri: string; issuerKeys: readonly JWK[]; now: number; notBefore?: number },
): Promise<{
  /** The status of entry `index` (0: valid, 1: revoked). */
  status(index: number): number;
  /** When the token was issued (unix seconds). */
  issuedAt: number;
  /** When the token expires (unix seconds). */
  expiresAt: number;
}> {
  const fail = (reason: string, cause?: unknown) => new StatusListUnavailableError(options.uri, reason, { cause });
  const [{ decodeJwt, decodeProtectedHeader, importJWK, jwtVerify }, { getListFromStatusListJWT }] = await Promise.all([
    loadJose(),
    loadJwtStatusList(),
  ]);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw fail("not a JWT", error);
  }
  if (header.typ !== STATUS_LIST_JWT_TYPE) throw fail(`typed ${String(header.typ)}, not ${STATUS_LIST_JWT_TYPE}`);
  const jwk = options.issuerKeys.find((k) => k.kid === header.kid);
  if (!jwk) throw fail("signed by a key the issuer does not publish");
  try {
    await jwtVerify(token, await importJWK(jwk, "ES256"), {
      algorithms: ["ES256"],
      subject: options.uri,
      currentDate: new Date(options.now * 1000),
      clockTolerance: 60,
      requiredClaims: ["iat", "exp"],
    });
  } catch (error) {
    throw fail(`does not verify: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const claims = decodeJwt(token);
  const issuedAt = Number(claims.iat);
  if (options.notBefore !== undefined && issuedAt < options.notBefore) throw fail("older than a list already seen (replayed)");
  const list = getListFromStatusListJWT(token);
  return { status: (index: number) => list.getStatus(index), issuedAt, expiresAt: Number(claims.exp) };
}
