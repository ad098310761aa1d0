import { type HttpException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { toSameOriginPath } from '../common/same-origin-path.js';
import { isBrowserNavigation } from '../errors/browser-navigation.js';
import { RedirectException } from '../errors/redirect.exception.js';

/** The answer to an anonymous request for a guarded route: browsers go to log in and come back; API clients get a 401. */
export function loginRequired(request: Request): HttpException {
  if (!isBrowserNavigation(request)) return new UnauthorizedException('Log in to access this resource.');
  const returnTo = toSameOriginPath(request.originalUrl);
  return new RedirectException(returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login');
}
