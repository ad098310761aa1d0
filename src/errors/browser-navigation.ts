import type { Request } from 'express';

/**
 * Whether the browser is navigating (it gets redirects and pages) rather than a script or an API
 * client calling (it gets a status and JSON). Fetch Metadata says so when the client sends it
 * (W3C Fetch Metadata Request Headers §2.1 Sec-Fetch-Dest, §2.2 Sec-Fetch-Mode): `fetch()` accepts
 * any type, so by Accept alone it would get the login redirect, follow it on its own and end at
 * the IdP's login page, which it cannot show. Without Fetch Metadata, a client that accepts JSON
 * but not HTML gets JSON.
 */
export function isBrowserNavigation(request: Request): boolean {
  const mode = request.get('sec-fetch-mode');
  const destination = request.get('sec-fetch-dest');
  if (mode !== undefined || destination !== undefined) return mode === 'navigate' || destination === 'document';
  return request.accepts(['html', 'json']) !== 'json';
}
