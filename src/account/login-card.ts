import type { SessionUser } from '../auth/session-user.js';
import { recentUntil } from '../auth/step-up.js';
import { describeDuration, type DisplayTime, displayTime } from '../common/display-time.js';
import { CLOCK_TOLERANCE_SECONDS } from '../idp/id-token-verifier.js';

/** What /account shows of the session's login: when it was made, until when it counts as recent, how. */
export interface LoginCard {
  /** Absent when the IdP did not say (Auth0 says when a login asked max_age, as /account's own step-up does). */
  loggedInAt?: DisplayTime;
  recentUntil?: DisplayTime;
  recentFor: string;
  multiFactor: boolean;
  methods?: string;
  organization?: string;
}

export function loginCard(user: SessionUser, recentLoginSeconds: number): LoginCard {
  const until = recentUntil(user, recentLoginSeconds, CLOCK_TOLERANCE_SECONDS);
  return {
    ...(user.authTime === undefined ? {} : { loggedInAt: displayTime(new Date(user.authTime * 1000)) }),
    ...(until === undefined ? {} : { recentUntil: displayTime(until) }),
    recentFor: describeDuration(recentLoginSeconds),
    multiFactor: user.amr?.includes('mfa') === true,
    ...(user.amr === undefined || user.amr.length === 0 ? {} : { methods: user.amr.join(', ') }),
    ...(user.organization === undefined ? {} : { organization: user.organization.name ?? user.organization.id }),
  };
}
