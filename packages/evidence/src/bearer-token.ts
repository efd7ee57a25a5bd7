import type { IncomingMessage } from "node:http";

/** Whether the request carries one of `tokens` as its bearer token; with no tokens configured the API is open. */
export function bearerAccepted(request: IncomingMessage, tokens: readonly string[] | undefined): boolean {
  if (!tokens?.length) return true;
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  return token !== undefined && tokens.includes(token);
}
