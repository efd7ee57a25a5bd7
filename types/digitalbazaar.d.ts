// Types for Digital Bazaar's packages used in tests (they ship none).
declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, unknown>;
}
declare module "@digitalbazaar/vc-bitstring-status-list" {
  type Loader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  export function statusTypeMatches(options: { credential: unknown }): boolean;
  export function getCredentialStatus(options: { credential: unknown; statusPurpose: string }): Record<string, unknown>;
  export function checkStatus(options: {
    credential: unknown;
    documentLoader: Loader;
    suite?: unknown;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; results?: { verified: boolean; status: boolean }[]; error?: unknown }>;
}
