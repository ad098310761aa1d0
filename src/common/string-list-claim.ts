/**
 * The strings listed in claim `name`: roles (AUTH0_ROLES_CLAIM, set by a post-login Action) or an
 * access token's `permissions` (Auth0 RBAC). Claims come from the IdP, so anything but an array of
 * strings (a string, an object, numbers, a mixed array, a missing claim) means none at all: a
 * malformed claim never grants, and never crashes.
 */
export function stringListClaim(claims: Readonly<Record<string, unknown>>, name: string): readonly string[] {
  // Own properties only: a claim named like an Object.prototype member must not read the prototype.
  if (!Object.hasOwn(claims, name)) return [];
  const value = claims[name];
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) return [];
  return value;
}
