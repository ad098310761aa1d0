import type { SessionUser } from '../auth/session-user.js';
import type { UserRecord } from './users.repository.js';

/** What LoginRecorder adds to the session user at each login, for pages to show without a query. */
export interface Membership {
  memberSince: Date;
  loginCount: number;
}

export function membershipData(record: UserRecord): { memberSince: string; loginCount: number } {
  return { memberSince: record.firstLoginAt.toISOString(), loginCount: record.loginCount };
}

/** The membership the session user carries; undefined for a session made without LoginRecorder. */
export function membershipOf(user: SessionUser): Membership | undefined {
  const memberSince = user.app?.memberSince;
  const loginCount = user.app?.loginCount;
  if (typeof memberSince !== 'string' || typeof loginCount !== 'number') return undefined;
  return { memberSince: new Date(memberSince), loginCount };
}
