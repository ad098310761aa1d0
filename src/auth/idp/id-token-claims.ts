import type { JWTPayload } from 'jose';

/**
 * An `azp` that is present must be our client id, even with a single `aud` (OIDC Core 3.1.3.7 (5)).
 * passport-auth0 only looks at `azp` when `aud` has several values.
 */
export function assertAuthorizedParty(payload: JWTPayload, clientId: string): void {
  if (payload.azp !== undefined && payload.azp !== clientId) {
    throw new Error('ID token azp names another client');
  }
}
