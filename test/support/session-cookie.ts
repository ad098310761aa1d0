/** The session id inside an express-session cookie value `s:<id>.<signature>` (URL-encoded or not). */
export function sessionIdOf(cookieValue: string): string {
  const match = /^s:([^.]+)\./.exec(decodeURIComponent(cookieValue));
  if (!match?.[1]) throw new Error(`not a signed session cookie: ${cookieValue}`);
  return match[1];
}
