import type { AccountClaims } from 'oidc-provider';
import type { LocalAccount } from './accounts.js';
import { avatarDataUri } from './avatar.js';

/** Which claims each scope releases, as an Auth0 tenant does for a database connection user. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: ['name', 'nickname', 'picture', 'updated_at', 'roles'],
  email: ['email', 'email_verified'],
};

/** Every claim the account has; oidc-provider keeps those the granted scopes release. */
export function accountClaims(account: LocalAccount, updatedAt: Date): AccountClaims {
  return {
    sub: account.id,
    name: account.name,
    nickname: account.nickname,
    picture: avatarDataUri(account.name, account.id),
    // Auth0 sends updated_at as an ISO 8601 string, not the epoch seconds of OIDC Core §5.1.
    updated_at: updatedAt.toISOString(),
    email: account.email,
    email_verified: account.emailVerified,
    ...(account.roles ? { roles: account.roles } : {}),
  };
}
