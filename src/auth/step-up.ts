import type { SessionUser } from './session-user.js';

/** What a route asks of the session's login beyond its existence (@RequireRecentLogin, @RequireMfa). */
export interface StepUp {
  /** The user authenticated at the IdP at most this many seconds ago. */
  maxAge?: number;
  /** The login used multi-factor authentication. */
  multiFactor?: boolean;
}

/**
 * When the session's login stops counting as recent for `maxAge`: its `auth_time` plus `maxAge`
 * plus the tolerance the callback gave `auth_time`, so a login the callback accepted for `maxAge`
 * is never sent straight back to log in. Undefined when the IdP never said when the user authenticated.
 */
export function recentUntil(user: SessionUser, maxAge: number, toleranceSeconds: number): Date | undefined {
  if (user.authTime === undefined) return undefined;
  return new Date((user.authTime + maxAge + toleranceSeconds) * 1000);
}

/** What of `required` the session's login does not meet; undefined when it meets all of it. */
export function missingStepUp(user: SessionUser, required: StepUp, now: Date, toleranceSeconds: number): StepUp | undefined {
  const missing: StepUp = {};
  if (required.maxAge !== undefined) {
    const until = recentUntil(user, required.maxAge, toleranceSeconds);
    if (until === undefined || until < now) missing.maxAge = required.maxAge;
  }
  if (required.multiFactor === true && user.amr?.includes('mfa') !== true) missing.multiFactor = true;
  return Object.keys(missing).length === 0 ? undefined : missing;
}
