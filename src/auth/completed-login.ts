import type { Request } from 'express';
import type { IdTokenClaims } from '../idp/id-token-verifier.js';
import type { TokenSet } from '../idp/token-endpoint.js';
import type { PendingLogin } from '../session/session-data.js';

/**
 * What a login that passed every check brings besides the profile. Auth0Strategy.validate() hands
 * it to passport as `info`, which the callback keeps as `request.authInfo` until the session is made.
 */
export interface CompletedLogin {
  /** The verified ID token's claims. */
  idTokenClaims: IdTokenClaims;
  /** The ID token itself, only when logout sends it back as `id_token_hint` (AUTH0_LOGOUT_ID_TOKEN_HINT). */
  idToken: string | undefined;
  /** The token endpoint's answer when the app keeps tokens (AUTH0_AUDIENCE or offline_access): never stored whole, never logged. */
  keptTokens: TokenSet | undefined;
  /** The application state of the transaction the callback consumed (passport-oauth2 puts it here). */
  state?: PendingLogin['appState'];
  /** The logins other tabs of this browser still have pending, carried into the new session (the callback sets it). */
  otherPendingLogins?: PendingLogin[];
}

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: passport's `info` is the completed login
    interface AuthInfo extends Partial<CompletedLogin> {}
  }
}

export function completedLoginOf(request: Request): CompletedLogin {
  const login = request.authInfo;
  if (login?.idTokenClaims === undefined) throw new Error('no completed login on this request');
  return { ...login, idTokenClaims: login.idTokenClaims, idToken: login.idToken, keptTokens: login.keptTokens };
}
