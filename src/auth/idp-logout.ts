import type { Session, SessionData } from 'express-session';
import type { AppConfig } from '../config/app-config.js';

/** What tells the IdP which of its logins to end, from the session before it ends. */
export interface IdpLogin {
  /** The ID token's `sid`. */
  sid: string | undefined;
  /** The ID token, when AUTH0_LOGOUT_ID_TOKEN_HINT kept it. */
  idToken: string | undefined;
}

export function idpLoginOf(session: (Session & Partial<SessionData>) | undefined): IdpLogin {
  return { sid: session?.idpSessionId, idToken: session?.idToken };
}

/**
 * Where the browser goes to end the IdP session after the app's own ended, back to BASE_URL/, fixed
 * by configuration and never taken from the request (G2).
 * - `/oidc/logout`, OpenID Connect RP-Initiated Logout 1.0 §2: `client_id`, `post_logout_redirect_uri`
 *   (which the IdP must find registered, §3) and the login to end: `id_token_hint` when configured,
 *   else `logout_hint` with the login's `sid` (Auth0 then logs out without asking, and no personal
 *   data is in the URL, as the ID token's profile claims would be).
 * - `/v2/logout`, Auth0's older endpoint: `client_id` and `returnTo`.
 * - `federated` (Auth0, both endpoints): also end the session at the upstream identity provider.
 */
export function idpLogoutUrl({ auth0, baseUrl }: Pick<AppConfig, 'auth0' | 'baseUrl'>, login: IdpLogin): URL {
  const { logout } = auth0;
  const url = new URL(logout.url);
  url.searchParams.set('client_id', auth0.clientId);
  if (logout.endpoint === 'v2') {
    url.searchParams.set('returnTo', `${baseUrl}/`);
  } else {
    url.searchParams.set('post_logout_redirect_uri', `${baseUrl}/`);
    if (login.idToken !== undefined) url.searchParams.set('id_token_hint', login.idToken);
    else if (login.sid !== undefined) url.searchParams.set('logout_hint', login.sid);
  }
  if (logout.federated) url.searchParams.set('federated', '');
  return url;
}
