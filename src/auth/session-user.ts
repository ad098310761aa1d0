import type { IdTokenClaims } from '../idp/id-token-verifier.js';
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
  /**
   * When the user authenticated at the IdP for this login (the ID token's `auth_time`, seconds
   * since the epoch), for @RequireRecentLogin. Absent when the IdP did not say: Auth0 says only
   * when the login asked `max_age`.
   */
  authTime?: number;
  /** How the user authenticated (the ID token's `amr`: `pwd`, `mfa`, …), for @RequireMfa; absent when the IdP did not say. */
  amr?: readonly string[];
  /** The Auth0 organization the login was made in (the ID token's `org_id` and `org_name`). */
  organization?: { id: string; name?: string };
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

// Claims that add nothing for the app and only grow the session; auth_time and amr have fields of their own.
const DROPPED_CLAIMS = new Set(['iss', 'aud', 'azp', 'iat', 'exp', 'nonce', 'at_hash', 'c_hash', 'sid', 'auth_time', 'amr']);

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** How and where the user logged in: from the verified ID token, whichever source the profile came from. */
function loginFacts(idToken: IdTokenClaims): Pick<SessionUser, 'authTime' | 'amr' | 'organization'> {
  const { auth_time: authTime, amr } = idToken;
  const [organizationId, organizationName] = [optionalString(idToken.org_id), optionalString(idToken.org_name)];
  return {
    ...(typeof authTime === 'number' && Number.isFinite(authTime) ? { authTime } : {}),
    ...(Array.isArray(amr) ? { amr: amr.filter((method): method is string => typeof method === 'string') } : {}),
    ...(organizationId === undefined
      ? {}
      : { organization: { id: organizationId, ...(organizationName === undefined ? {} : { name: organizationName }) } }),
  };
}

// Where the login was made, from the ID token even when the profile comes from /userinfo, so
// @RequireClaims(claimEquals('org_id', ...)) sees them either way.
const ORGANIZATION_CLAIMS = ['org_id', 'org_name'];

/** The session's user: the profile (the ID token's claims, or /userinfo's), and the login facts of the ID token. */
export function toSessionUser(profile: UserInfo, idToken: IdTokenClaims): SessionUser {
  const organizationClaims = Object.entries(idToken).filter(([name]) => ORGANIZATION_CLAIMS.includes(name));
  const profileClaims = Object.entries(profile).filter(([name]) => !DROPPED_CLAIMS.has(name) && !ORGANIZATION_CLAIMS.includes(name));
  const claims = Object.fromEntries([...profileClaims, ...organizationClaims]);
  const email = optionalString(profile.email);
  return {
    id: profile.sub,
    name: optionalString(profile.name) ?? optionalString(profile.nickname) ?? email ?? profile.sub,
    email,
    picture: optionalString(profile.picture),
    claims,
    ...loginFacts(idToken),
  };
}
