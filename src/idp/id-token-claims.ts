import type { JWTPayload } from 'jose';
import { isOrganizationId } from '../config/auth0-organization.js';

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

/**
 * A login that asked `max_age` must come back with an `auth_time` no older than that, give or
 * take the clock tolerance (OIDC Core 3.1.2.1: "the ID Token returned MUST include an auth_time
 * Claim Value"; 3.1.3.7 (13)); an IdP that ignored max_age and reused an old session is refused.
 */
export function assertAuthenticatedWithin(payload: JWTPayload, maxAgeSeconds: number, nowSeconds: number, toleranceSeconds: number): void {
  const authTime = payload.auth_time;
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) throw new Error('ID token has no auth_time although max_age was asked');
  if (nowSeconds - authTime > maxAgeSeconds + toleranceSeconds) throw new Error('ID token auth_time is older than max_age');
  if (authTime - nowSeconds > toleranceSeconds) throw new Error('ID token auth_time is in the future');
}

/**
 * A login that asked for multi-factor authentication (`acr_values`) must name `mfa` among the
 * methods used (`amr`, OIDC Core 2 and 3.1.3.7 (12); RFC 8176 §2): as Auth0 docs, "Configure
 * Step-up Authentication for Web Apps", say, check the claim rather than trust the tenant enforced it.
 */
export function assertMultiFactor(payload: JWTPayload): void {
  const methods = payload.amr;
  if (!Array.isArray(methods) || !methods.includes('mfa')) throw new Error('ID token amr does not name mfa although multi-factor was asked');
}

/**
 * A login made in an organization must carry it: `org_id` equal to an `org_…` id, or `org_name`
 * equal to a name, compared case-insensitively as Auth0 stores names in lower case (Auth0 docs,
 * "Work with Tokens and Organizations": validate the org_id claim, or org_name, on every login).
 */
export function assertOrganization(payload: JWTPayload, organization: string): void {
  if (isOrganizationId(organization)) {
    if (typeof payload.org_id !== 'string') throw new Error('ID token has no org_id although an organization was asked');
    if (payload.org_id !== organization) throw new Error('ID token org_id names another organization');
    return;
  }
  if (typeof payload.org_name !== 'string') throw new Error('ID token has no org_name although an organization was asked');
  if (payload.org_name.toLowerCase() !== organization.toLowerCase()) throw new Error('ID token org_name names another organization');
}
