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

/**
 * Besides our client id, `aud` may only name audiences the configuration trusts (OIDC Core
 * 3.1.3.7 (3): reject an ID token with additional audiences not trusted by the client).
 * jose and passport-auth0 only check that our client id is among them.
 */
export function assertOnlyTrustedAudiences(payload: JWTPayload, clientId: string, trustedAudiences: readonly string[]): void {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const untrusted = audiences.filter((audience) => audience !== clientId && !trustedAudiences.includes(audience as string));
  if (untrusted.length > 0) throw new Error('ID token aud names an audience that is not trusted');
}

/** `sub` is a non-empty string of at most 255 ASCII characters (OIDC Core 2). */
export function assertSubject(payload: JWTPayload): asserts payload is JWTPayload & { sub: string } {
  const { sub } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) throw new Error('ID token sub is not a valid subject');
}
