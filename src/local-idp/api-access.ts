import type { Configuration, ResourceServer } from 'oidc-provider';
import type { AccountStore } from './accounts.js';

/** Scopes an API token carries, as Auth0 grants them to a first-party application (profile scopes included). */
const API_SCOPES = 'openid profile email offline_access';

/**
 * Access tokens for APIs, as Auth0 issues them: `audience` on /authorize names the API (mapped to an
 * RFC 8707 `resource` by the request router), and the token is an RS256 JWT for it carrying the
 * account's `permissions` (Auth0 RBAC). The granted audience is used at the token endpoint and for
 * refreshes without the client naming it again, as with Auth0. Any absolute URI is accepted as an
 * API identifier: this server stands in for a tenant with whatever API the app is configured for.
 */
export function apiAccessConfiguration(
  accounts: AccountStore,
  accessTokenTtlSeconds: number,
): Pick<Configuration, 'extraTokenClaims'> & { resourceIndicators: NonNullable<NonNullable<Configuration['features']>['resourceIndicators']> } {
  return {
    resourceIndicators: {
      enabled: true,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, identifier): ResourceServer => ({
        scope: API_SCOPES,
        audience: identifier,
        accessTokenFormat: 'jwt',
        accessTokenTTL: accessTokenTtlSeconds,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
    extraTokenClaims(_ctx, token) {
      if (token.resourceServer === undefined || !('accountId' in token)) return undefined;
      return { permissions: accounts.findById(token.accountId)?.permissions ?? [] };
    },
  };
}
