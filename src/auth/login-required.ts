import { type HttpException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { toSameOriginPath } from '../common/same-origin-path.js';
import { wantsHtml } from '../errors/content-negotiation.js';
import { RedirectException } from '../errors/redirect.exception.js';

/** The answer to an anonymous request for a guarded route: browsers go to log in and come back; API clients get a 401. */
export function loginRequired(request: Request): HttpException {
  if (!wantsHtml(request)) return new UnauthorizedException('Log in to access this resource.');
  const returnTo = toSameOriginPath(request.originalUrl);
  return new RedirectException(returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login');
}
