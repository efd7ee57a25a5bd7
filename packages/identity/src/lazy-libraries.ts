// Libraries loaded on first use, not when the package is imported:
// - the OpenID4VC libraries (with zod) and the SD-JWT VC library: when a credential is first offered, issued,
//   received or presented (an issuer of W3C credentials, a relayer, an app that only verifies never loads them);
// - the JWT and JOSE libraries and the status list codecs: on the first signature, verification or status check
//   (reading a held credential, building a DID document or importing the SDK loads none of them);
// - the QR encoder: when a verifier first draws a request.

import type * as Bitstring from "@digitalbazaar/bitstring";
import { loadOnce } from "@mutua/core";
import type * as Openid4vci from "@openid4vc/openid4vci";
import type * as Openid4vp from "@openid4vc/openid4vp";
import type * as PaulmillrQr from "@paulmillr/qr";
import type * as SdJwtCore from "@sd-jwt/core";
import type * as JwtStatusList from "@sd-jwt/jwt-status-list";
import type * as SdJwtVc from "@sd-jwt/sd-jwt-vc";
import type * as DidJwt from "did-jwt";
import type * as Jose from "jose";

export const loadOpenid4vci: () => Promise<typeof Openid4vci> = loadOnce(() => import("@openid4vc/openid4vci"));
export const loadOpenid4vp: () => Promise<typeof Openid4vp> = loadOnce(() => import("@openid4vc/openid4vp"));
export const loadSdJwtVc: () => Promise<typeof SdJwtVc> = loadOnce(() => import("@sd-jwt/sd-jwt-vc"));
export const loadSdJwtCore: () => Promise<typeof SdJwtCore> = loadOnce(() => import("@sd-jwt/core"));
export const loadJwtStatusList: () => Promise<typeof JwtStatusList> = loadOnce(() => import("@sd-jwt/jwt-status-list"));
export const loadJose: () => Promise<typeof Jose> = loadOnce(() => import("jose"));
export const loadDidJwt: () => Promise<typeof DidJwt> = loadOnce(() => import("did-jwt"));
export const loadBitstring: () => Promise<typeof Bitstring.Bitstring> = loadOnce(
  async () => (await import("@digitalbazaar/bitstring")).Bitstring,
);
export const loadQr: () => Promise<typeof PaulmillrQr.default> = loadOnce(async () => (await import("@paulmillr/qr")).default);
