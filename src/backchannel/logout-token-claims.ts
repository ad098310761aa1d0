import type { JWTHeaderParameters, JWTPayload } from 'jose';
import { LogoutTokenRejectedError } from './logout-token-rejected.error.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** The claims a verified logout token acts on. */
export interface LogoutClaims {
  jti: string;
  sub?: string;
  sid?: string;
}

/** Back-Channel Logout 1.0 §2.4: an explicitly typed logout token says `logout+jwt`, so that no other JWT passes for one. */
export function assertLogoutTokenType(header: JWTHeaderParameters): void {
  if (header.typ === undefined) return;
  const typ = header.typ.toLowerCase();
  if (typ !== 'logout+jwt' && typ !== 'application/logout+jwt') throw new LogoutTokenRejectedError('typ is not logout+jwt');
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
