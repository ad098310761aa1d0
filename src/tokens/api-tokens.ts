import type { TokenSet } from '../idp/token-endpoint.js';

/** The tokens for calling APIs as the user, kept server-side (TokenStore) under the session's id: never rendered, never logged. */
export interface ApiTokens {
  accessToken: string;
  /** When the access token expires (ms since epoch), from `expires_in`; undefined when the IdP did not say. */
  expiresAt: number | undefined;
  /** The scopes granted (RFC 6749 §5.1 `scope`), as the IdP wrote them. */
  scope: string | undefined;
  /** Present when `offline_access` was granted; Auth0 rotates it on every refresh. */
  refreshToken: string | undefined;
}

/**
 * The token endpoint's answer as the store keeps it. A refresh answer without a refresh token
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
