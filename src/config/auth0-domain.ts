/**
 * AUTH0_DOMAIN accepts what people paste from the Auth0 dashboard (`tenant.auth0.com`),
 * a `host:port`, or a full `https://host[:port]` origin. Plain http is only allowed for
 * a loopback host outside production: tokens must never cross a network in clear text
 * (OIDC Core 16.17, RFC 9700 §2.6).
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

export type Auth0DomainResult = { origin: string } | { problem: string };

export function parseAuth0Domain(raw: string, allowHttpLoopback: boolean): Auth0DomainResult {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: 'must be a host name like "tenant.auth0.com", "host:port" or "https://host[:port]"' };
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    return { problem: 'must be a host (and optional port) only: no path, query or credentials' };
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) return { problem: 'http:// is only accepted for localhost / 127.0.0.1' };
    if (!allowHttpLoopback) return { problem: 'http:// is not accepted in production; use https' };
  } else if (url.protocol !== 'https:') {
    return { problem: 'must use https://' };
  }
  return { origin: url.origin };
}
