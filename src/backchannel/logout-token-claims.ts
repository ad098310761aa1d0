import type { JWTHeaderParameters, JWTPayload } from 'jose';
import { LogoutTokenRejectedError } from './logout-token-rejected.error.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** The claims a verified logout token acts on. */
export interface LogoutClaims {
  jti: string;
  sub?: string;
  sid?: string;
}

// Back-Channel Logout 1.0 §2.4 recommends `logout+jwt`; providers that predate it send the generic `JWT` (Auth0's own
// express-openid-connect checks no `typ` at all). A type naming another kind of JWT (`at+jwt`, `secevent+jwt`, ...) is refused.
const LOGOUT_TOKEN_TYPES = new Set(['logout+jwt', 'application/logout+jwt', 'jwt']);

/** §2.4, §4.1 (cross-JWT confusion): untyped, generically typed or typed `logout+jwt`; never another explicit type. */
export function assertLogoutTokenType(header: JWTHeaderParameters): void {
  if (header.typ === undefined) return;
  if (!LOGOUT_TOKEN_TYPES.has(header.typ.toLowerCase())) throw new LogoutTokenRejectedError('typ names another kind of JWT');
}

/** §2.6 (4), §2.4: `events` is a JSON object with a member named after the back-channel logout event, itself an object. */
export function assertBackchannelLogoutEvent(payload: JWTPayload): void {
  const { events } = payload;
  if (!isObject(events) || !isObject(events[BACKCHANNEL_LOGOUT_EVENT])) {
    throw new LogoutTokenRejectedError('events has no back-channel logout event');
  }
}

/** §2.6 (6), §2.4: a logout token never carries a `nonce`, so an ID token cannot be replayed as one. */
export function assertNoNonce(payload: JWTPayload): void {
  if ('nonce' in payload) throw new LogoutTokenRejectedError('a logout token must not contain a nonce');
}

/** §2.6 (5), §2.4: `sub`, `sid` or both, each a non-empty string. */
export function assertSubjectOrSession(payload: JWTPayload): asserts payload is JWTPayload & ({ sub: string } | { sid: string }) {
  const { sub, sid } = payload;
  if (sub === undefined && sid === undefined) throw new LogoutTokenRejectedError('neither sub nor sid is present');
  if (sub !== undefined && !isNonEmptyString(sub)) throw new LogoutTokenRejectedError('sub is not a non-empty string');
  if (sid !== undefined && !isNonEmptyString(sid)) throw new LogoutTokenRejectedError('sid is not a non-empty string');
}

/** §2.4: `jti` is required (the replay guard keys on it, §2.6 (10)); a non-empty string of reasonable length. */
export function assertTokenId(payload: JWTPayload): asserts payload is JWTPayload & { jti: string } {
  const { jti } = payload;
  if (!isNonEmptyString(jti) || jti.length > 256) throw new LogoutTokenRejectedError('jti is missing or not a string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
