import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RECENT_LOGIN_KEY, StepUpGuard } from '../step-up.guard.js';

/**
 * Only a login made at most `seconds` ago at the IdP opens the route: an older one logs in again
 * with `max_age` (a browser comes back here; an API client gets 401 with RFC 9470's challenge).
 * On a controller and on one of its handlers, the shorter applies.
 */
export const RequireRecentLogin = (seconds: number) => {
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new TypeError(`@RequireRecentLogin(${seconds}): seconds must be a whole number, 0 or more`);
  return applyDecorators(SetMetadata(RECENT_LOGIN_KEY, seconds), UseGuards(StepUpGuard));
};
