import type { Request } from 'express';
import type { Auth0Config } from '../config/app-config.js';
import type { TokenSet } from '../idp/token-endpoint.js';

/**
 * The tokens for calling APIs as the user, kept server-side in the session data (the cookie only
 * carries the session id): never rendered, never logged. Logout and session expiry delete them
 * with the session.
 */
export interface ApiTokens {
  accessToken: string;
  /** When the access token expires (ms since epoch), from `expires_in`; undefined when the IdP did not say. */
  expiresAt: number | undefined;
  /** The scopes granted (RFC 6749 §5.1 `scope`), as the IdP wrote them. */
  scope: string | undefined;
  /** Present when `offline_access` was granted; Auth0 rotates it on every refresh. */
  refreshToken: string | undefined;
}

declare module 'express-session' {
  interface SessionData {
    /** Only when an API audience is configured or offline_access is asked for (ApiTokens). */
    apiTokens?: ApiTokens;
  }
}

/** Tokens are kept only when there is an API to call or a refresh token to use; otherwise the session stays as small as before. */
export function keepsApiTokens(auth0: Pick<Auth0Config, 'audience' | 'scope'>): boolean {
  return auth0.audience !== undefined || auth0.scope.split(' ').includes('offline_access');
}

/**
 * The token endpoint's answer as the session keeps it. A refresh answer without a refresh token
 * keeps the previous one (RFC 6749 §6: the server MAY issue a new refresh token).
 */
export function apiTokensFrom(tokens: TokenSet, now: number, previous?: ApiTokens): ApiTokens {
  return {
    accessToken: tokens.access_token,
    expiresAt: tokens.expires_in === undefined ? undefined : now + tokens.expires_in * 1000,
    scope: tokens.scope ?? previous?.scope,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
  };
}

/** At login, after passport regenerated the session: keeps the new tokens when the configuration calls for them. */
export function keepApiTokens(request: Request, tokens: TokenSet, auth0: Pick<Auth0Config, 'audience' | 'scope'>): void {
  if (keepsApiTokens(auth0)) request.session.apiTokens = apiTokensFrom(tokens, Date.now());
}
