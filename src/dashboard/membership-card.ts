import type { Membership } from '../users/membership.js';
import { type DisplayTime, displayTime } from '../common/display-time.js';

/** What the dashboard shows of the user's record in the app's own database (src/users/). */
export interface MembershipCard {
  memberSince: DisplayTime;
  loginCount: number;
}

export function membershipCard(membership: Membership): MembershipCard {
  return { memberSince: displayTime(membership.memberSince), loginCount: membership.loginCount };
}
