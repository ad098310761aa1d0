import type { Request } from 'express';
import { LogoutTokenRejectedError } from './logout-token-rejected.error.js';

/**
 * The `logout_token` of a back-channel logout request: a form POST with exactly one
 * `logout_token` parameter (OpenID Connect Back-Channel Logout 1.0 §2.5). A JSON body, a
 * repeated or nested parameter, or an empty one is refused before any verification.
 */
export function logoutTokenOf(request: Request): string {
  if (!request.is('application/x-www-form-urlencoded')) throw new LogoutTokenRejectedError('the body is not a form');
  const body: unknown = request.body;
  const token = typeof body === 'object' && body !== null && 'logout_token' in body ? body.logout_token : undefined;
  if (typeof token !== 'string' || token.length === 0) throw new LogoutTokenRejectedError('no single logout_token parameter');
  return token;
}
