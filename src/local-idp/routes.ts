/**
 * Auth0's paths, so that an app configured for `https://<tenant>.auth0.com` works
 * unchanged against `http://127.0.0.1:<port>`.
 */
export const PROVIDER_ROUTES = {
  authorization: '/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
  // Auth0's OIDC RP-initiated logout endpoint.
  end_session: '/oidc/logout',
};

/** Auth0's own logout endpoint (`client_id` + `returnTo`), served beside oidc-provider. */
export const AUTH0_LOGOUT_PATH = '/v2/logout';

export function interactionPath(uid: string): string {
  return `/interaction/${uid}`;
}

export type InteractionAction = 'show' | 'login' | 'signup' | 'mfa' | 'abort';

const POSTED_ACTIONS: ReadonlySet<string> = new Set(['login', 'signup', 'mfa', 'abort']);

// oidc-provider's interaction uids are nanoids: [A-Za-z0-9_-].
const INTERACTION_PATH = /^\/interaction\/([\w-]+)(?:\/([a-z]+))?$/;

/** `/interaction/<uid>` (the page), and what its forms post to: `/login`, `/signup`, `/mfa` (the one-time code), `/abort`. */
export function matchInteractionPath(pathname: string): { uid: string; action: InteractionAction } | undefined {
  const match = INTERACTION_PATH.exec(pathname);
  if (!match) return undefined;
  if (match[2] === undefined) return { uid: match[1], action: 'show' };
  return POSTED_ACTIONS.has(match[2]) ? { uid: match[1], action: match[2] as InteractionAction } : undefined;
}
