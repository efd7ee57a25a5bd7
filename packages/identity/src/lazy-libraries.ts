// The OpenID4VC libraries (with zod) and the SD-JWT VC library: loaded when a credential is first offered, issued,
// received or presented, not when the package is imported (an issuer of W3C credentials, a relayer, an app that only
// verifies never loads them).

import { loadOnce } from "@mutua/core";
import type * as Openid4vci from "@openid4vc/openid4vci";
import type * as Openid4vp from "@openid4vc/openid4vp";
import type * as SdJwtVc from "@sd-jwt/sd-jwt-vc";

export const loadOpenid4vci: () => Promise<typeof Openid4vci> = loadOnce(() => import("@openid4vc/openid4vci"));
export const loadOpenid4vp: () => Promise<typeof Openid4vp> = loadOnce(() => import("@openid4vc/openid4vp"));
export const loadSdJwtVc: () => Promise<typeof SdJwtVc> = loadOnce(() => import("@sd-jwt/sd-jwt-vc"));
