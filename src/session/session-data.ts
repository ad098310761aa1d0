/**
 * Everything a session holds, in one place. The cookie carries only the signed session id; this
 * is what the store keeps under it. Kept small: it is read, and hashed for changes, on every request.
 */
declare module 'express-session' {
  interface SessionData {
    /** passport's slot: the logged-in user, as the login put it there (auth/session-user.ts). */
    passport?: { user?: Express.User };
    /** When the user logged in (ms since epoch): the absolute timeout counts from here. */
    authenticatedAt?: number;
    /** The ID token's `sid`, the IdP's id of this login: the `logout_hint` of RP-initiated logout (auth/idp-logout.ts). */
    idpSessionId?: string;
    /** The ID token itself, only with AUTH0_LOGOUT_ID_TOKEN_HINT: the `id_token_hint` of RP-initiated logout. */
    idToken?: string;
    /** The touch interval the session was last saved in: a new one saves it and re-sends the cookie (session.middleware.ts). */
    rollingInterval?: number;
    /** Logins started in this browser and not completed yet, oldest first (auth/login-transactions.ts). */
    loginTransactions?: PendingLogin[];
    /** passport-auth0's own slot: only ever the nonce of the login the current request handles (auth/passport-auth0.adapter.ts). */
    authParams?: Auth0AuthParams;
  }
}

/** passport-auth0's ID token parameters: the scope (openid turns its claim checks on) and the nonce (OIDC Core 3.1.2.1, 3.1.3.7). */
export interface Auth0AuthParams {
  scope?: string;
  nonce?: string;
}

/** What a login asked of the IdP that its ID token must show at the callback (auth/login-requirements.ts). */
export interface LoginRequirements {
  /** `max_age`: the user authenticated at most this many seconds before. */
  maxAge?: number;
  /** `acr_values` asked for multi-factor authentication. */
  multiFactor?: true;
  /** `organization`: the id (`org_…`) or name of the Auth0 organization the login must be in. */
  organization?: string;
}

/** One login in progress: what its callback needs, and nothing another tab's callback can use. */
export interface PendingLogin {
  state: string;
  codeVerifier: string;
  authParams: Auth0AuthParams;
  /** The application state passport-oauth2 hands back at the callback. */
  appState?: { returnTo: string; requirements?: LoginRequirements };
  expiresAt: number;
}
