/**
 * The roles listed in `claims[claimName]`. The claim comes from the IdP (an Auth0 post-login
 * Action sets it), so anything but an array of strings (a string, an object, numbers, a mixed
 * array, a missing claim) means no roles at all: a malformed claim never grants, and never crashes.
 */
export function rolesFromClaims(claims: Readonly<Record<string, unknown>>, claimName: string): readonly string[] {
  // Own properties only: a claim named like an Object.prototype member must not read the prototype.
  if (!Object.hasOwn(claims, claimName)) return [];
  const value = claims[claimName];
  if (!Array.isArray(value) || !value.every((role): role is string => typeof role === 'string')) return [];
  return value;
}
