import type { UserInfo } from '../idp/userinfo.js';

/** What the session keeps about the user: small, no tokens, no raw responses. */
export interface SessionUser {
  id: string;
  name: string;
  email?: string;
  picture?: string;
  /** The profile claims, for the dashboard's JSON view. */
  claims: Record<string, unknown>;
}

// Claims that add nothing for the app and only grow the session.
const DROPPED_CLAIMS = new Set(['iss', 'aud', 'azp', 'iat', 'exp', 'nonce', 'at_hash', 'c_hash', 'sid', 'auth_time']);

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function toSessionUser(profile: UserInfo): SessionUser {
  const claims = Object.fromEntries(Object.entries(profile).filter(([name]) => !DROPPED_CLAIMS.has(name)));
  const email = optionalString(profile.email);
  return {
    id: profile.sub,
    name: optionalString(profile.name) ?? optionalString(profile.nickname) ?? email ?? profile.sub,
    email,
    picture: optionalString(profile.picture),
    claims,
  };
}
