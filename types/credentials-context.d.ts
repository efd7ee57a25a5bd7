// credentials-context ships no types: the W3C Verifiable Credentials v1 context and its URL.
declare module "credentials-context" {
  const credentialsContext: { CONTEXT_URL: string; contexts: Map<string, unknown> };
  export default credentialsContext;
}
