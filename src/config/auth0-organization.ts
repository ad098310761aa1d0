/**
 * An Auth0 organization is named by its id (`org_` and letters and digits) or by its name (letters,
 * digits, `-` and `_`, at most 50 characters, stored lower case): Auth0 docs, "Organizations" and
 * "Log in to an organization". Anything else could never name one.
 */
const ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/;

export function isAuth0Organization(value: string): boolean {
  return ORGANIZATION.test(value);
}

/** `org_…` names an organization by id (the ID token's `org_id`); anything else by name (`org_name`). */
export function isOrganizationId(organization: string): boolean {
  return organization.startsWith('org_');
}
