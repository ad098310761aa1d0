import type { JWTPayload } from 'jose';

/**
 * Auth0 RBAC puts the user's permissions for the API in the access token's `permissions` claim
 * ("Add Permissions in the Access Token"). Anything but an array of strings means none: a
 * malformed claim never grants.
 */
export function permissionsOf(claims: JWTPayload): readonly string[] {
  if (!Object.hasOwn(claims, 'permissions')) return [];
  const value = claims.permissions;
  if (!Array.isArray(value) || !value.every((permission): permission is string => typeof permission === 'string')) return [];
  return value;
}
