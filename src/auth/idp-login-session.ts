import type { Request } from 'express';
import '../session/login-session-index.js';
import { completedLoginOf } from './completed-login.js';

/**
 * Keeps the ID token's `sid` (the IdP's login session) in the new session, so that a back-channel
 * logout naming that login finds it (OpenID Connect Back-Channel Logout 1.0 §2.1). Call after
 * passport's logIn, which regenerates the session.
 */
export function keepIdpLoginSession(request: Request): void {
  const { sid } = completedLoginOf(request).idTokenClaims;
  if (typeof sid === 'string' && sid.length > 0) request.session.idpSessionId = sid;
}
