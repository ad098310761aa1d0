import type { UserInfo } from '../idp/userinfo.js';

/** A value the session store can keep as it is (it stores JSON). */
export type SessionValue = string | number | boolean | null | readonly SessionValue[] | { readonly [key: string]: SessionValue };

/** What the session keeps about the user: small, no tokens, no raw responses. */
export interface SessionUser {
  id: string;
  name: string;
  email?: string;
  picture?: string;
  /** The profile claims, for the dashboard's JSON view and the authorization checks. */
  claims: Record<string, unknown>;
  /** What the app's login hooks added (its own user id, say); absent when none did. */
  app?: Readonly<Record<string, SessionValue>>;
}

declare global {
  namespace Express {
    /** `request.user` is the session's user wherever passport put it: no cast needed. */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: Express.User takes SessionUser's members
    interface User extends SessionUser {}
  }
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
