import type { AccountClaims } from 'oidc-provider';
import type { LocalAccount, LocalOrganization } from './accounts.js';
import { avatarDataUri } from './avatar.js';

/**
 * Which claims each scope releases, as an Auth0 tenant does for a database connection user.
 * Auth0 sends roles only through a post-login Action that sets a custom claim on every login,
 * whatever the scope: here the roles claim rides on `openid`, which every login requests, as do
 * `amr` (how the user signed in) and an organization login's `org_id` and `org_name`.
 */
export function claimsByScope(rolesClaim: string): Record<string, string[]> {
  return {
    openid: ['sub', rolesClaim, 'amr', 'org_id', 'org_name'],
    profile: ['name', 'nickname', 'picture', 'updated_at'],
    email: ['email', 'email_verified'],
  };
}

/**
 * Every claim the account has; oidc-provider keeps those the granted scopes release. A login to an
 * organization carries its id and name, as Auth0 puts them in the tokens of an organization login.
 */
export function accountClaims(account: LocalAccount, updatedAt: Date, rolesClaim: string, organization?: LocalOrganization): AccountClaims {
  return {
    sub: account.id,
    name: account.name,
    nickname: account.nickname,
    picture: avatarDataUri(account.name, account.id),
    // Auth0 sends updated_at as an ISO 8601 string, not the epoch seconds of OIDC Core §5.1.
    updated_at: updatedAt.toISOString(),
    email: account.email,
    email_verified: account.emailVerified,
    ...(account.roles ? { [rolesClaim]: account.roles } : {}),
    ...(organization === undefined ? {} : { org_id: organization.id, org_name: organization.name }),
  };
}
